// Generated from solutions/01-wal/src/test/java/dev/kata/wal/Step6LowWaterMarkTest.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint f3da80553729
package dev.kata.wal;

import static dev.kata.wal.Bytes.FOUR_PER_SEGMENT;
import static dev.kata.wal.Bytes.padded;
import static dev.kata.wal.Bytes.text;
import static dev.kata.wal.Bytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kata.runtime.disk.SimulatedDisk;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("step-6")
@DisplayName("Step 6: segments wholly below the low-water mark are removed; the log still opens and reads")
class Step6LowWaterMarkTest {


    private final SimulatedDisk disk = new SimulatedDisk();

    /** Segments 1-4, 5-8, 9-12, 13-14 (active). */
    @BeforeEach
    void fourteenEntries() {
        try (WriteAheadLog log = WriteAheadLog.open(disk, FOUR_PER_SEGMENT)) {
            for (int i = 1; i <= 14; i++) {
                log.append(padded("entry " + i));
            }
            log.force();
        }
    }

    @Test
    @DisplayName("removing below 10 deletes the segments 1-4 and 5-8 and keeps 9-12, which holds 10")
    void removesWholeSegmentsOnly() {
        try (WriteAheadLog log = WriteAheadLog.open(disk, FOUR_PER_SEGMENT)) {
            log.removeBefore(10);
            assertThat(log.firstIndex()).isEqualTo(9);
            assertThat(log.lastIndex()).isEqualTo(14);
        }
        assertThat(disk.list()).containsExactly("00000000000000000009.log", "00000000000000000013.log");
    }

    @Test
    @DisplayName("removing below the first index of a segment removes the segments before it")
    void exactBoundary() {
        try (WriteAheadLog log = WriteAheadLog.open(disk, FOUR_PER_SEGMENT)) {
            log.removeBefore(9);
            assertThat(log.firstIndex()).isEqualTo(9);
        }
    }

    @Test
    @DisplayName("removing below 8, the last entry of segment 5-8, keeps that segment: the entry at the mark is still needed")
    void markOnTheLastEntryOfASegment() {
        try (WriteAheadLog log = WriteAheadLog.open(disk, FOUR_PER_SEGMENT)) {
            log.removeBefore(8);
            assertThat(log.firstIndex()).as("the first index after removing below 8").isEqualTo(5);
            assertThat(text(log.read(8).payload()).strip()).isEqualTo("entry 8");
        }
        assertThat(disk.list()).containsExactly("00000000000000000005.log", "00000000000000000009.log", "00000000000000000013.log");
    }

    @Test
    @DisplayName("the active segment is never removed, even below a mark past the end")
    void keepsActiveSegment() {
        try (WriteAheadLog log = WriteAheadLog.open(disk, FOUR_PER_SEGMENT)) {
            log.removeBefore(1_000);
            assertThat(log.segmentCount()).isEqualTo(1);
            assertThat(log.firstIndex()).isEqualTo(13);
            assertThat(log.append(utf8("next"))).isEqualTo(15);
        }
    }

    @Test
    @DisplayName("reading below the low-water mark is a clear error")
    void readBelow() {
        try (WriteAheadLog log = WriteAheadLog.open(disk, FOUR_PER_SEGMENT)) {
            log.removeBefore(10);
            assertThatThrownBy(() -> log.read(3)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("low-water mark");
        }
    }

    @Test
    @DisplayName("after removal the log reopens, reads from its new first index and appends")
    void reopensAfterRemoval() {
        try (WriteAheadLog log = WriteAheadLog.open(disk, FOUR_PER_SEGMENT)) {
            log.removeBefore(10);
        }
        try (WriteAheadLog log = WriteAheadLog.open(disk, FOUR_PER_SEGMENT)) {
            assertThat(log.firstIndex()).isEqualTo(9);
            assertThat(log.readFrom(9)).hasSize(6);
            assertThat(text(log.read(9).payload()).strip()).isEqualTo("entry 9");
            assertThat(log.append(utf8("next"))).isEqualTo(15);
        }
    }

    @Test
    @DisplayName("removing below index 1, or twice, changes nothing")
    void idempotent() {
        try (WriteAheadLog log = WriteAheadLog.open(disk, FOUR_PER_SEGMENT)) {
            log.removeBefore(1);
            assertThat(log.segmentCount()).isEqualTo(4);
            log.removeBefore(10);
            log.removeBefore(10);
            assertThat(log.segmentCount()).isEqualTo(2);
        }
    }
}
