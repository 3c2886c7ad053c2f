package dev.kata.runtime.wire;

import java.nio.charset.StandardCharsets;

/**
 * Reads the wire's primitive types from untrusted bytes. Every read first checks that the bytes are
 * there, and every length is checked against what remains, so a lying length fails at once instead
 * of allocating what it claims.
 */
final class WireReader {

    private final byte[] bytes;
    private int position;
    /** How many records deep the reader is; bounded so that nested input cannot overflow the stack. */
    int depth;

    WireReader(byte[] bytes) {
        this.bytes = bytes;
    }

    int position() {
        return position;
    }

    int remaining() {
        return bytes.length - position;
    }

    WireError error(String problem) {
        return new WireError(problem, position);
    }

    private void need(int count, String what) {
        if (remaining() < count) {
            throw truncated(what, count);
        }
    }

    private WireError truncated(String what, int count) {
        return error("truncated input: " + what + " needs " + count + " bytes but " + remaining() + " remain");
    }

    int readUnsignedByte(String what) {
        need(1, what);
        return bytes[position++] & 0xFF;
    }

    short readShort(String what) {
        need(2, what);
        int value = (bytes[position] & 0xFF) << 8 | (bytes[position + 1] & 0xFF);
        position += 2;
        return (short) value;
    }

    int readInt(String what) {
        need(4, what);
        int value = (bytes[position] & 0xFF) << 24
                | (bytes[position + 1] & 0xFF) << 16
                | (bytes[position + 2] & 0xFF) << 8
                | (bytes[position + 3] & 0xFF);
        position += 4;
        return value;
    }

    long readLong(String what) {
        long high = readInt(what) & 0xFFFF_FFFFL;
        long low = readInt(what) & 0xFFFF_FFFFL;
        return high << 32 | low;
    }

    /**
     * Reads a count of items that each take at least {@code minItemSize} bytes: a count the rest of
     * the input cannot hold is rejected before anything is allocated for it.
     */
    int readCount(int minItemSize, String what) {
        int start = position;
        if (remaining() < 4) {
            // Only here is the description of the length built: building it for every readInt, as
            // readInt(what + " length") did, allocated a String per string, list and type name read.
            throw truncated(what + " length", 4);
        }
        int count = readInt(what);
        if (count < 0) {
            throw new WireError("negative length " + count + " for " + what, start);
        }
        if (count > remaining() / minItemSize) {
            throw new WireError("length " + count + " for " + what + " cannot fit in the "
                    + remaining() + " bytes that remain", start);
        }
        return count;
    }

    byte[] readBytes(String what) {
        int length = readCount(1, what);
        byte[] value = new byte[length];
        System.arraycopy(bytes, position, value, 0, length);
        position += length;
        return value;
    }

    /**
     * Reads a length-prefixed UTF-8 string. Invalid UTF-8 becomes U+FFFD, as Java's decoder does:
     * the protocol never trusts a string's content, only its shape.
     */
    String readString(String what) {
        int length = readCount(1, what);
        String value = new String(bytes, position, length, StandardCharsets.UTF_8);
        position += length;
        return value;
    }

    /**
     * Reads a length-prefixed UTF-8 name (a type name, an enum constant, a node id) and returns
     * what {@code names} knows under it, or null, without making a String: the name's bytes are
     * looked up where they lie. Either way the reader moves past the name; on null, the caller can
     * still get the text for its error message from {@link #stringFrom}.
     */
    <V> V readName(NameLookup<V> names, String what) {
        int length = readCount(1, what);
        V value = names.find(bytes, position, length);
        position += length;
        return value;
    }

    /**
     * The string that was just read, starting (with its 4-byte length) at {@code start}: for the
     * rare name that {@link #readName} does not know, such as an unknown type in an error message.
     */
    String stringFrom(int start) {
        return new String(bytes, start + 4, position - start - 4, StandardCharsets.UTF_8);
    }
}
