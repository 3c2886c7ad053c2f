package dev.kata.wal;

import static dev.kata.wal.Bytes.FOUR_PER_SEGMENT;
import static dev.kata.wal.Bytes.padded;
import static dev.kata.wal.Bytes.text;
import static dev.kata.wal.Bytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kata.runtime.disk.SimulatedDisk;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("step-5")
@DisplayName("Step 5: the log rolls to a new segment at a configured size; reads cross segments")
class Step5SegmentedLogTest {


    private final SimulatedDisk disk = new SimulatedDisk();

    private static byte[] payload(int i) {
        return padded("entry " + i); // each record is 100 bytes
    }

    @Test
    @DisplayName("a full segment is followed by a new one, named after its first index")
    void rolls() {
        try (WriteAheadLog log = WriteAheadLog.open(disk, FOUR_PER_SEGMENT)) {
            for (int i = 1; i <= 10; i++) {
                log.append(payload(i));
            }
            assertThat(log.segmentCount()).as("10 entries, 4 per segment").isEqualTo(3);
        }
        assertThat(disk.list()).containsExactly("00000000000000000001.log", "00000000000000000005.log",
                "00000000000000000009.log");
    }

    @Test
    @DisplayName("no segment grows past the configured size")
    void bounded() {
        try (WriteAheadLog log = WriteAheadLog.open(disk, FOUR_PER_SEGMENT)) {
            for (int i = 1; i <= 30; i++) {
                log.append(utf8("x".repeat(i * 2)));
            }
        }
        for (String name : disk.list()) {
            assertThat(disk.open(name).size()).as("size of %s", name).isLessThanOrEqualTo(FOUR_PER_SEGMENT.maxSegmentBytes());
        }
    }

    @Test
    @DisplayName("an entry as large as allowed still fits: a new segment takes at least one entry")
    void largestEntry() {
        WalConfig tight = new WalConfig(8 + 16 + 100, 100);
        try (WriteAheadLog log = WriteAheadLog.open(disk, tight)) {
            log.append(new byte[100]);
            log.append(new byte[100]);
            assertThat(log.segmentCount()).isEqualTo(2);
        }
    }

    @Test
    @DisplayName("reads cross segment boundaries, before and after a reopen")
    void readsAcrossSegments() {
        try (WriteAheadLog log = WriteAheadLog.open(disk, FOUR_PER_SEGMENT)) {
            for (int i = 1; i <= 10; i++) {
                log.append(payload(i));
            }
            log.force();
            assertThat(log.readFrom(3)).extracting(LogEntry::index).containsExactly(3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        }
        try (WriteAheadLog log = WriteAheadLog.open(disk, FOUR_PER_SEGMENT)) {
            assertThat(log.lastIndex()).isEqualTo(10);
            assertThat(text(log.read(5).payload()).strip()).isEqualTo("entry 5");
            assertThat(log.append(payload(11))).isEqualTo(11);
        }
    }

    @Test
    @DisplayName("a segment is forced whole before the log rolls past it")
    void olderSegmentsAreDurable() {
        try (WriteAheadLog log = WriteAheadLog.open(disk, FOUR_PER_SEGMENT)) {
            for (int i = 1; i <= 9; i++) {
                log.append(payload(i));
            }
        }
        for (String older : new String[] {"00000000000000000001.log", "00000000000000000005.log"}) {
            assertThat(disk.forcedSize(older)).as("forced bytes of %s, which the log rolled past", older)
                    .isEqualTo(disk.open(older).size());
        }
    }

    @Test
    @DisplayName("a missing segment in the middle is an error: entries are missing")
    void missingSegment() {
        try (WriteAheadLog log = WriteAheadLog.open(disk, FOUR_PER_SEGMENT)) {
            for (int i = 1; i <= 10; i++) {
                log.append(payload(i));
            }
            log.force();
        }
        disk.delete("00000000000000000005.log");
        assertThatThrownBy(() -> WriteAheadLog.open(disk, FOUR_PER_SEGMENT)).isInstanceOf(CorruptLogException.class)
                .hasMessageContaining("missing");
    }

    @Test
    @DisplayName("damage at the end of an older segment is corruption, not a torn tail")
    void damageInOlderSegment() {
        try (WriteAheadLog log = WriteAheadLog.open(disk, FOUR_PER_SEGMENT)) {
            for (int i = 1; i <= 6; i++) {
                log.append(payload(i));
            }
            log.force();
        }
        String first = "00000000000000000001.log";
        disk.corrupt(first, disk.open(first).size() - 1); // the payload of entry 4, its last record
        assertThatThrownBy(() -> WriteAheadLog.open(disk, FOUR_PER_SEGMENT)).isInstanceOf(CorruptLogException.class)
                .hasMessageContaining(first);
    }
}
