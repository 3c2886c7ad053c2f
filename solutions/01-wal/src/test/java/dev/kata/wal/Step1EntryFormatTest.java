package dev.kata.wal;

import static dev.kata.wal.Bytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("step-1")
@DisplayName("Step 1: each record carries its length, a CRC, its index and its payload")
class Step1EntryFormatTest {

    private static final int MAX = 1024;

    @Test
    @DisplayName("the record is length, CRC32C, index and payload, in that order")
    void layout() {
        ByteBuffer record = EntryFormat.encode(new LogEntry(7, utf8("hello")));

        assertThat(record.position()).as("encode must return the record ready to read (position 0)").isZero();
        assertThat(record.remaining()).as("a record of 5 payload bytes takes 16 + 5 bytes").isEqualTo(21);
        assertThat(record.getInt(0)).as("bytes 0-3: the payload length").isEqualTo(5);
        assertThat(record.getLong(8)).as("bytes 8-15: the index").isEqualTo(7);
        byte[] payload = new byte[5];
        record.get(16, payload);
        assertThat(payload).as("bytes 16 on: the payload").isEqualTo(utf8("hello"));

        CRC32C crc = new CRC32C();
        byte[] bytes = new byte[21];
        record.get(0, bytes);
        crc.update(bytes, 0, 4);
        crc.update(bytes, 8, 13);
        assertThat(record.getInt(4)).as("bytes 4-7: the CRC32C of the length, index and payload").isEqualTo((int) crc.getValue());
    }

    @Test
    @DisplayName("a record decodes back to the same entry, empty payloads and the largest allowed too")
    void roundTrip() {
        for (byte[] payload : new byte[][] {new byte[0], utf8("x"), new byte[MAX]}) {
            LogEntry entry = new LogEntry(42, payload);
            DecodeResult result = EntryFormat.decode(EntryFormat.encode(entry), MAX);
            assertThat(result).as("decoding the record of %s", entry)
                    .isEqualTo(new DecodeResult.Entry(entry, EntryFormat.HEADER_BYTES + payload.length));
        }
    }

    @Test
    @DisplayName("decode reads at the buffer's position and does not move it")
    void decodesAtPosition() {
        ByteBuffer record = EntryFormat.encode(new LogEntry(3, utf8("abc")));
        ByteBuffer buffer = ByteBuffer.allocate(10 + record.remaining());
        buffer.position(10);
        buffer.put(record);
        buffer.position(10);

        assertThat(EntryFormat.decode(buffer, MAX)).isInstanceOf(DecodeResult.Entry.class);
        assertThat(buffer.position()).as("the position after decode").isEqualTo(10);
    }

    @Test
    @DisplayName("every prefix of a record is incomplete: a write that a crash cut short")
    void prefixesAreIncomplete() {
        ByteBuffer record = EntryFormat.encode(new LogEntry(1, utf8("payload")));
        for (int length = 0; length < record.remaining(); length++) {
            ByteBuffer prefix = record.duplicate().limit(length);
            assertThat(EntryFormat.decode(prefix, MAX)).as("the first %d bytes of a %d-byte record", length, record.remaining())
                    .isInstanceOf(DecodeResult.Incomplete.class);
        }
    }

    @Test
    @DisplayName("damage to any single byte is detected: the CRC covers length, index and payload")
    void everyFlippedByteIsCaught() {
        ByteBuffer record = EntryFormat.encode(new LogEntry(9, utf8("some payload")));
        for (int at = 0; at < record.remaining(); at++) {
            ByteBuffer damaged = ByteBuffer.allocate(record.remaining() + 64); // room, so a longer length is not just "incomplete"
            damaged.put(record.duplicate()).flip();
            damaged.limit(damaged.capacity());
            damaged.put(at, (byte) (damaged.get(at) ^ 0x10));
            String field = at < 4 ? "length" : at < 8 ? "CRC" : at < 16 ? "index" : "payload";
            assertThat(EntryFormat.decode(damaged, MAX))
                    .as("a flipped bit in byte %d (the %s) must not decode as an entry", at, field)
                    .isNotInstanceOf(DecodeResult.Entry.class);
        }
    }

    @Test
    @DisplayName("a negative or oversized length is invalid, not a reason to allocate gigabytes")
    void impossibleLengths() {
        ByteBuffer negative = ByteBuffer.allocate(64).putInt(0, -5);
        ByteBuffer huge = ByteBuffer.allocate(64).putInt(0, Integer.MAX_VALUE);
        assertThat(EntryFormat.decode(negative, MAX)).isInstanceOf(DecodeResult.Invalid.class);
        assertThat(EntryFormat.decode(huge, MAX)).isInstanceOf(DecodeResult.Invalid.class);
    }

    @Test
    @DisplayName("a record whose CRC is right but whose index is below 1 is invalid: decode never throws on bad bytes")
    void impossibleIndex() {
        ByteBuffer record = ByteBuffer.allocate(EntryFormat.HEADER_BYTES + 1).putInt(0, 1).putLong(8, 0).put(16, (byte) 'x');
        record.putInt(4, EntryFormat.checksum(record.array(), 1)); // a CRC that matches: only the index is wrong
        assertThat(EntryFormat.decode(record, MAX)).as("a record of index 0").isInstanceOf(DecodeResult.Invalid.class);
    }

    @Test
    @DisplayName("zeros, as a crash can leave at the end of a file, are not a valid record")
    void zerosAreNotARecord() {
        assertThat(EntryFormat.decode(ByteBuffer.allocate(64), MAX)).isNotInstanceOf(DecodeResult.Entry.class);
    }
}
