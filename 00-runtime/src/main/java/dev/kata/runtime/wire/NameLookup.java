package dev.kata.runtime.wire;

/**
 * Finds a value by a name's UTF-8 bytes, where they lie in the input, without making a String of
 * them: see {@link WireReader#readName}. A decoder reads a name on almost every message (the type
 * name, a node id, an enum constant), and a name it knows is all it needs; a String would be one
 * allocation and one more pass over the bytes, per name, per message, only to be thrown away.
 */
interface NameLookup<V> {

    /** The value known under the name in {@code bytes[offset, offset + length)}, or null. */
    V find(byte[] bytes, int offset, int length);

    /**
     * The hash of a name's bytes: the one {@link String#hashCode()} computes, over bytes instead of
     * chars, then with its high bits folded into the low ones that a power-of-two table keeps (as
     * {@link java.util.HashMap} does).
     */
    static int hash(byte[] bytes, int offset, int length) {
        int h = 0;
        for (int i = offset; i < offset + length; i++) {
            h = 31 * h + bytes[i];
        }
        return h ^ (h >>> 16);
    }
}
