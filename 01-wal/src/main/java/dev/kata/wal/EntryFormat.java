// Generated from solutions/01-wal/src/main/java/dev/kata/wal/EntryFormat.java by ./kata sync: maintainers edit there.
// Yours to write: replace each TODO stub (01-wal/README.md says how).
// kata:fingerprint 25e01a025555
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
        // TODO step-1: Encode an entry as length, CRC, index and payload
        throw new UnsupportedOperationException("TODO step-1 (01-wal): encode an entry as length, CRC, index and payload; see 01-wal/README.md#step-1");
    }

    /**
     * Decodes the record that starts at {@code bytes}' position, without moving it. Never throws on
     * bad input: damage is a result, because only the caller knows whether it is a torn tail (to
     * cut away) or corruption (to report).
     */
    public static DecodeResult decode(ByteBuffer bytes, int maxEntryBytes) {
        // TODO step-1: Decode a record, telling a cut-short record from a damaged one
        throw new UnsupportedOperationException("TODO step-1 (01-wal): decode a record, telling a cut-short record from a damaged one; see 01-wal/README.md#step-1");
    }

    /** CRC32C of a record's length (bytes 0-3), index and payload (bytes 8 on): everything but the CRC itself. */
    static int checksum(byte[] record, int payloadLength) {
        CRC32C crc = new CRC32C();
        crc.update(record, 0, 4);
        crc.update(record, 8, 8 + payloadLength);
        return (int) crc.getValue();
    }
}
