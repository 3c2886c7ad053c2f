// Generated from solutions/01-wal/src/test/java/dev/kata/wal/Step2AppendAndReadTest.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint d10a1c9bd9a1
package dev.kata.wal;

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
