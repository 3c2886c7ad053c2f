package dev.kata.runtime.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte array with big-endian writers for the wire's primitive types. Not thread-safe,
 * and used once: each {@code encode} call uses its own writer.
 */
final class WireWriter {

    private final int maxSize;
    private byte[] bytes;
    private int size;
    /** How many records deep the writer is; bounded so that anything encodable can be decoded. */
    int depth;

    WireWriter(int initialCapacity, int maxSize) {
        this.bytes = new byte[initialCapacity];
        this.maxSize = maxSize;
    }

    private void ensure(int more) {
        int needed = size + more;
        if (needed > maxSize || needed < 0) {
            throw new WireError("the message is larger than the maximum of " + maxSize + " bytes", -1);
        }
        if (needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.min(maxSize, Math.max(needed, bytes.length * 2)));
        }
    }

    void writeByte(int value) {
        ensure(1);
        bytes[size++] = (byte) value;
    }

    void writeShort(int value) {
        ensure(2);
        bytes[size++] = (byte) (value >>> 8);
        bytes[size++] = (byte) value;
    }

    void writeInt(int value) {
        ensure(4);
        bytes[size++] = (byte) (value >>> 24);
        bytes[size++] = (byte) (value >>> 16);
        bytes[size++] = (byte) (value >>> 8);
        bytes[size++] = (byte) value;
    }

    void writeLong(long value) {
        writeInt((int) (value >>> 32));
        writeInt((int) value);
    }

    /** Writes the bytes as they are, with no length. */
    void writeRaw(byte[] value) {
        ensure(value.length);
        System.arraycopy(value, 0, bytes, size, value.length);
        size += value.length;
    }

    /** Writes a 4-byte length, then the bytes. */
    void writeBytes(byte[] value) {
        writeInt(value.length);
        writeRaw(value);
    }

    /** Writes a string as its UTF-8 bytes with a 4-byte length. */
    void writeString(String value) {
        writeBytes(value.getBytes(StandardCharsets.UTF_8));
    }

    /** The bytes written; the buffer itself when it is exactly full (the writer is not used after). */
    byte[] toByteArray() {
        return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    }
}
