package dev.kata.runtime.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A fixed set of names, each with its value, looked up by the name's UTF-8 bytes in place: a
 * codec's registered type names, an enum's constants.
 *
 * <p>Decoding a message used to read its type name into a new String, hash that, and look it up in
 * a {@code HashMap}: a String allocated and thrown away on every message, for a name that is always
 * one of a few dozen. This table keeps each name's UTF-8 bytes, hashes the input's bytes where they
 * lie, and compares them with the bytes stored at that slot: a lookup allocates nothing. The wire
 * does not change; only the way the reader finds the name does.
 *
 * <p>Comparing bytes accepts exactly what comparing strings did. Java's UTF-8 decoder is strict (it
 * refuses overlong forms and encoded surrogates, and turns them into U+FFFD), so the only bytes that
 * decode to a given name are that name's own UTF-8 encoding.
 *
 * <p>Open addressing with linear probing, never more than half full, so a lookup rarely looks at
 * more than one or two slots. Filled while the codec is built, then only read: like every part of a
 * codec, it is safe to share between threads once the codec is built.
 */
final class NameTable<V> implements NameLookup<V> {

    /** The UTF-8 bytes of the name in each slot, or null for an empty slot; a power of two long. */
    private byte[][] names = new byte[8][];
    private Object[] values = new Object[8];
    private int size;

    /** Adds a name, or replaces its value. Only while the codec is built. */
    void put(String name, V value) {
        if (2 * (size + 1) > names.length) {
            grow();
        }
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        int slot = slotOf(bytes, 0, bytes.length);
        if (names[slot] == null) {
            names[slot] = bytes;
            size++;
        }
        values[slot] = value;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V find(byte[] bytes, int offset, int length) {
        int slot = slotOf(bytes, offset, length);
        return names[slot] == null ? null : (V) values[slot];
    }

    /** The slot that holds the name, or the empty slot where it would go. */
    private int slotOf(byte[] bytes, int offset, int length) {
        int mask = names.length - 1;
        for (int slot = NameLookup.hash(bytes, offset, length) & mask; ; slot = (slot + 1) & mask) {
            byte[] name = names[slot];
            // Arrays.equals over ranges compares the lengths first, then the bytes in vectors.
            if (name == null || Arrays.equals(name, 0, name.length, bytes, offset, offset + length)) {
                return slot;
            }
        }
    }

    private void grow() {
        byte[][] oldNames = names;
        Object[] oldValues = values;
        names = new byte[oldNames.length * 2][];
        values = new Object[oldNames.length * 2];
        for (int i = 0; i < oldNames.length; i++) {
            byte[] name = oldNames[i];
            if (name != null) {
                int slot = slotOf(name, 0, name.length);
                names[slot] = name;
                values[slot] = oldValues[i];
            }
        }
    }
}
