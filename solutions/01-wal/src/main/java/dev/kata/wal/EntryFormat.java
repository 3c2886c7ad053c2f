package dev.kata.wal;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The bytes of one record in a segment file:
 *
 * <pre>
 * +-------------+-------------+---------------+---------------------+
 * | length: int | crc: int    | index: long   | payload: length     |
 * +-------------+-------------+---------------+---------------------+
 *   4 bytes       4 bytes       8 bytes         0 .. maxEntryBytes
 * </pre>
 *
 * The CRC (CRC32C) covers the length, the index and the payload, so that a damaged length or
 * index is caught as surely as a damaged payload. Big-endian, like all of Java's ByteBuffers.
 */
public final class EntryFormat {

    /** Bytes before the payload: length, CRC and index. */
    public static final int HEADER_BYTES = 16;

    private EntryFormat() {
    }

    /** The record for {@code entry}, ready to append: position 0, limit at its end. */
    public static ByteBuffer encode(LogEntry entry) {
        // kata:begin step-1 "Encode an entry as length, CRC, index and payload"
        byte[] payload = entry.payload();
        ByteBuffer record = ByteBuffer.allocate(HEADER_BYTES + payload.length);
        record.putInt(payload.length);
        record.putInt(0); // the CRC's place, filled in below
        record.putLong(entry.index());
        record.put(payload);
        record.putInt(4, checksum(record.array(), payload.length));
        return record.flip();
        // kata:end
    }

    /**
     * Decodes the record that starts at {@code bytes}' position, without moving it. Never throws on
     * bad input: damage is a result, because only the caller knows whether it is a torn tail (to
     * cut away) or corruption (to report).
     */
    public static DecodeResult decode(ByteBuffer bytes, int maxEntryBytes) {
        // kata:begin step-1 "Decode a record, telling a cut-short record from a damaged one"
        int at = bytes.position();
        if (bytes.remaining() < HEADER_BYTES) {
            return new DecodeResult.Incomplete();
        }
        int length = bytes.getInt(at);
        if (length < 0 || length > maxEntryBytes) {
            return new DecodeResult.Invalid("impossible payload length " + length);
        }
        if (bytes.remaining() < HEADER_BYTES + length) {
            return new DecodeResult.Incomplete();
        }
        byte[] record = new byte[HEADER_BYTES + length];
        bytes.get(at, record);
        int storedCrc = ByteBuffer.wrap(record).getInt(4);
        if (storedCrc != checksum(record, length)) {
            return new DecodeResult.Invalid("CRC mismatch");
        }
        long index = ByteBuffer.wrap(record).getLong(8);
        if (index < 1) {
            return new DecodeResult.Invalid("impossible index " + index);
        }
        byte[] payload = new byte[length];
        System.arraycopy(record, HEADER_BYTES, payload, 0, length);
        return new DecodeResult.Entry(new LogEntry(index, payload), record.length);
        // kata:end
    }

    /** CRC32C of a record's length (bytes 0-3), index and payload (bytes 8 on): everything but the CRC itself. */
    static int checksum(byte[] record, int payloadLength) {
        CRC32C crc = new CRC32C();
        crc.update(record, 0, 4);
        crc.update(record, 8, 8 + payloadLength);
        return (int) crc.getValue();
    }
}
