// Generated from solutions/01-wal/src/test/java/dev/kata/wal/Step2AppendAndReadTest.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint a1b6d80f18e1
package dev.kata.wal;

import static dev.kata.runtime.testing.MessageChecks.wholeNumber;
import static dev.kata.wal.Bytes.text;
import static dev.kata.wal.Bytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kata.runtime.disk.SimulatedDisk;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("step-2")
@DisplayName("Step 2: append returns the entry's index; entries read back in order, from any index")
class Step2AppendAndReadTest {

    private final SimulatedDisk disk = new SimulatedDisk();
    private final WriteAheadLog log = WriteAheadLog.open(disk);

    @AfterEach
    void close() {
        log.close();
    }

    @Test
    @DisplayName("a new log is empty: first index 1, last index 0")
    void emptyLog() {
        assertThat(log.firstIndex()).isEqualTo(1);
        assertThat(log.lastIndex()).isZero();
        assertThat(log.readFrom(1)).isEmpty();
    }

    @Test
    @DisplayName("appends are numbered 1, 2, 3, ...")
    void indexes() {
        assertThat(log.append(utf8("a"))).isEqualTo(1);
        assertThat(log.append(utf8("b"))).isEqualTo(2);
        assertThat(log.append(utf8("c"))).isEqualTo(3);
        assertThat(log.lastIndex()).isEqualTo(3);
    }

    @Test
    @DisplayName("each entry reads back with its own payload")
    void readBack() {
        for (String word : List.of("one", "two", "", "four")) {
            log.append(utf8(word));
        }
        assertThat(text(log.read(1).payload())).isEqualTo("one");
        assertThat(text(log.read(3).payload())).as("an empty payload is a valid entry").isEmpty();
        assertThat(text(log.read(4).payload())).isEqualTo("four");
    }

    @Test
    @DisplayName("readFrom returns the entries from an index on, in order")
    void readFrom() {
        for (int i = 1; i <= 10; i++) {
            log.append(utf8("entry " + i));
        }
        assertThat(log.readFrom(7)).extracting(e -> text(e.payload()))
                .containsExactly("entry 7", "entry 8", "entry 9", "entry 10");
        assertThat(log.readFrom(3, 2)).extracting(LogEntry::index).containsExactly(3L, 4L);
        assertThat(log.readFrom(11)).as("reading from lastIndex + 1 finds nothing yet").isEmpty();
    }

    @Test
    @DisplayName("the entries really are on the disk: the segment file grows by one record per append")
    void writesToDisk() {
        long before = disk.open(Bytes.FIRST_SEGMENT).size();
        log.append(utf8("12345"));
        assertThat(disk.open(Bytes.FIRST_SEGMENT).size() - before)
                .as("bytes added to %s by a 5-byte entry", Bytes.FIRST_SEGMENT)
                .isEqualTo(EntryFormat.HEADER_BYTES + 5);
    }

    /** Appends the words and returns the byte offset of each record in the first segment. */
    private List<Long> appendAll(String... words) {
        List<Long> offsets = new java.util.ArrayList<>();
        for (String word : words) {
            offsets.add(disk.open(Bytes.FIRST_SEGMENT).size());
            log.append(utf8(word));
        }
        return offsets;
    }

    @Test
    @DisplayName("a record damaged on disk after it was written fails its read, naming the segment and offset; its neighbours still read")
    void damagedPayloadFailsItsRead() {
        List<Long> offsets = appendAll("one", "two", "three");
        disk.corrupt(Bytes.FIRST_SEGMENT, offsets.get(1) + EntryFormat.HEADER_BYTES); // the first payload byte of entry 2

        assertThatThrownBy(() -> log.read(2))
                .as("entry 2's payload was flipped on disk: returning its bytes would hand the caller data nobody wrote")
                .isInstanceOf(CorruptLogException.class)
                .hasMessageContaining(Bytes.FIRST_SEGMENT)
                .hasMessageFindingMatch(wholeNumber(offsets.get(1)));
        assertThat(text(log.read(1).payload())).as("entry 1, before the damage").isEqualTo("one");
        assertThat(text(log.read(3).payload())).as("entry 3, after the damage").isEqualTo("three");
    }

    @Test
    @DisplayName("an intact record with the wrong index where an entry should be fails its read too")
    void wrongIndexFailsItsRead() {
        List<Long> offsets = appendAll("one", "two", "three");
        // A whole, valid record of index 7 (same length) written over entry 2's: its CRC is right, its index is not.
        disk.overwrite(Bytes.FIRST_SEGMENT, offsets.get(1), EntryFormat.encode(new LogEntry(7, utf8("two"))).array());

        assertThatThrownBy(() -> log.read(2))
                .as("the record at entry 2's offset holds index 7: it is not entry 2")
                .isInstanceOf(CorruptLogException.class)
                .hasMessageContaining(Bytes.FIRST_SEGMENT)
                .hasMessageFindingMatch(wholeNumber(offsets.get(1)));
        assertThat(text(log.read(3).payload())).isEqualTo("three");
    }

    @Test
    @DisplayName("reading past the end, or below index 1, is a clear error")
    void badIndexes() {
        log.append(utf8("only"));
        assertThatThrownBy(() -> log.read(2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("past the end");
        assertThatThrownBy(() -> log.readFrom(5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("past the end");
        assertThatThrownBy(() -> log.read(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> log.read(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("a missing or oversized payload is refused, and the log is unchanged")
    void badPayloads() {
        assertThatThrownBy(() -> log.append(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> log.append(new byte[WalConfig.DEFAULT.maxEntryBytes() + 1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxEntryBytes");
        assertThat(log.lastIndex()).isZero();
        assertThat(log.append(utf8("fine"))).isEqualTo(1);
    }
}
