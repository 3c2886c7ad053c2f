package dev.kata.wal;

import static dev.kata.wal.Bytes.FOUR_PER_SEGMENT;
import static dev.kata.wal.Bytes.padded;
import static dev.kata.wal.Bytes.text;
import static dev.kata.wal.Bytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kata.runtime.disk.SimulatedDisk;
import dev.kata.runtime.testing.RandomizedTest;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A follower of a replicated log (module 05) keeps its entries in this log, at its leader's indexes,
 * and sometimes holds a suffix its leader never committed, which conflicts with the leader's log:
 *
 * <pre>
 *   leader    1  2  3  4' 5'          (4' and 5' from a newer leader)
 *   follower  1  2  3  4  5  6  7     truncateAfter(3), then appendAt(4, 4'), appendAt(5, 5')
 * </pre>
 */
@Tag("step-8")
@DisplayName("Step 8: a conflicting suffix is dropped durably, across segments, and a crash midway leaves no gap")
class Step8TruncationTest {

    private final SimulatedDisk disk = new SimulatedDisk();

    /** Entries "entry 1" to "entry n", forced: with FOUR_PER_SEGMENT, segments 1-4, 5-8, 9-12, ... */
    private void forcedEntries(WriteAheadLog log, int n) {
        for (int i = 1; i <= n; i++) {
            log.append(padded("entry " + i));
        }
        log.force();
    }

    private static List<String> texts(WriteAheadLog log) {
        return log.readFrom(log.firstIndex()).stream().map(e -> text(e.payload()).strip()).toList();
    }

    @Test
    @DisplayName("truncating after an index drops the entries after it, and the next append takes index + 1")
    void dropsTheSuffix() {
        try (WriteAheadLog log = WriteAheadLog.open(disk, FOUR_PER_SEGMENT)) {
            forcedEntries(log, 3);
            log.truncateAfter(1);
            assertThat(log.lastIndex()).isEqualTo(1);
            assertThat(texts(log)).containsExactly("entry 1");
            assertThat(log.append(padded("new 2"))).isEqualTo(2);
            assertThat(texts(log)).containsExactly("entry 1", "new 2");
        }
    }

    @Test
    @DisplayName("across segments: the segments wholly after the index are deleted and the one holding it is cut")
    void acrossSegments() {
        try (WriteAheadLog log = WriteAheadLog.open(disk, FOUR_PER_SEGMENT)) {
            forcedEntries(log, 14); // segments 1-4, 5-8, 9-12, 13-14
            log.truncateAfter(6);
            assertThat(disk.list()).containsExactly("00000000000000000001.log", "00000000000000000005.log");
            assertThat(disk.open("00000000000000000005.log").size()).as("segment 5-8 cut after entry 6")
                    .isEqualTo(8 + 2 * 100);
            log.appendAt(7, padded("new 7"));
            log.appendAt(8, padded("new 8"));
            log.appendAt(9, padded("new 9")); // segment 5-8 is full again: a new segment 9
            assertThat(disk.list()).containsExactly("00000000000000000001.log", "00000000000000000005.log",
                    "00000000000000000009.log");
            assertThat(texts(log)).containsExactly("entry 1", "entry 2", "entry 3", "entry 4", "entry 5", "entry 6",
                    "new 7", "new 8", "new 9");
        }
    }

    @Test
    @DisplayName("the cut is durable when truncateAfter returns: at that moment a crash would not bring an entry back")
    void durableOnReturn() {
        try (WriteAheadLog log = WriteAheadLog.open(disk, FOUR_PER_SEGMENT)) {
            forcedEntries(log, 10);
            log.truncateAfter(5);
            CrashImage image = CrashImage.of(disk, FOUR_PER_SEGMENT);
            for (long i = 6; i <= 10; i++) {
                assertThat(image.contains(i)).as("entry %d after truncateAfter(5) returned, in what a crash would leave", i)
                        .isFalse();
            }
        }
        disk.crashCleanly();
        try (WriteAheadLog log = WriteAheadLog.open(disk, FOUR_PER_SEGMENT)) {
            assertThat(texts(log)).containsExactly("entry 1", "entry 2", "entry 3", "entry 4", "entry 5");
        }
    }

    @Test
    @DisplayName("truncating after the last index changes nothing; after the index before the first, it empties the log")
    void edges() {
        try (WriteAheadLog log = WriteAheadLog.open(disk, FOUR_PER_SEGMENT)) {
            forcedEntries(log, 6);
            log.truncateAfter(6);
            assertThat(texts(log)).hasSize(6);
            log.truncateAfter(0);
            assertThat(log.lastIndex()).isZero();
            assertThat(log.firstIndex()).isEqualTo(1);
            assertThat(log.append(padded("again"))).isEqualTo(1);
        }
        try (WriteAheadLog log = WriteAheadLog.open(disk, FOUR_PER_SEGMENT)) {
            assertThat(texts(log)).containsExactly("again");
        }
    }

    @Test
    @DisplayName("truncating below the low-water mark, or past the end, is refused with a clear error")
    void refused() {
        try (WriteAheadLog log = WriteAheadLog.open(disk, FOUR_PER_SEGMENT)) {
            forcedEntries(log, 10);
            log.removeBefore(6); // deletes segment 1-4: the log starts at 5
            assertThatThrownBy(() -> log.truncateAfter(3)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("the log starts at 5");
            assertThatThrownBy(() -> log.truncateAfter(11)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("past the end");
            assertThat(log.lastIndex()).isEqualTo(10);
        }
    }

    @Test
    @DisplayName("appendAt takes only the next index, and says what to do with any other")
    void appendAt() {
        try (WriteAheadLog log = WriteAheadLog.open(disk, FOUR_PER_SEGMENT)) {
            forcedEntries(log, 3);
            assertThatThrownBy(() -> log.appendAt(6, padded("too far"))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("the next entry must be index 4").hasMessageContaining("no gaps");
            assertThatThrownBy(() -> log.appendAt(2, padded("taken"))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("the next entry must be index 4").hasMessageContaining("truncateAfter(1)");
            log.appendAt(4, padded("entry 4"));
            assertThat(texts(log)).containsExactly("entry 1", "entry 2", "entry 3", "entry 4");
        }
    }

    /**
     * A truncation from 14 entries down to 2 makes four durable changes: it deletes segments 13-14,
     * 9-12 and 5-8, and cuts segment 1-4. A crash before any one of them must leave the old log cut
     * somewhere between 14 and 2, which opens; never segment 1-4 cut with a later segment still there.
     */
    @Test
    @DisplayName("a crash at any point of a truncation across segments leaves the old log cut shorter, never a gap")
    void crashMidway() {
        for (int changes = 0; changes <= 4; changes++) {
            SimulatedDisk simulated = new SimulatedDisk();
            PowerCutDisk disk = new PowerCutDisk(simulated);
            try (WriteAheadLog log = WriteAheadLog.open(disk, FOUR_PER_SEGMENT)) {
                forcedEntries(log, 14);
                disk.cutPowerAfter(changes);
                try {
                    log.truncateAfter(2);
                } catch (PowerCutDisk.PowerCut expected) {
                    // the crash below happens here
                }
            }
            simulated.crashCleanly();
            disk.keepPower();
            try (WriteAheadLog log = WriteAheadLog.open(disk, FOUR_PER_SEGMENT)) {
                List<String> expected = new ArrayList<>();
                for (int i = 1; i <= log.lastIndex(); i++) {
                    expected.add("entry " + i);
                }
                assertThat(log.lastIndex()).as("power cut after %d durable changes: entries 1 and 2 stay", changes)
                        .isBetween(2L, 14L);
                assertThat(texts(log)).as("power cut after %d durable changes: a prefix of the old log", changes)
                        .isEqualTo(expected);
            }
        }
    }

    /**
     * The crash property of step 4, with truncations: random appends (by {@code append} and
     * {@code appendAt}), forces, truncations and crashes, some of them in the middle of a truncation.
     * Every forced entry that was not truncated survives; a truncated entry never comes back, once
     * {@code truncateAfter} returned; nothing else appears.
     */
    @RandomizedTest(seeds = 60)
    @DisplayName("crash property: with truncations among the appends, forced entries that were not truncated survive, truncated ones never come back")
    void crashProperty(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        WalConfig config = new WalConfig(600, 200); // several segments per run
        PowerCutDisk disk = new PowerCutDisk(this.disk);
        List<byte[]> log = new ArrayList<>(); // what the log holds: log.get(i) is the payload of index i + 1
        long acknowledged = 0; // entries 1..acknowledged must survive any crash

        for (int crash = 0; crash < 6; crash++) {
            try (WriteAheadLog wal = WriteAheadLog.open(disk, config)) {
                String when = "seed " + seed + ", restart " + crash;
                assertThat(wal.lastIndex()).as("%s: entries 1..%d were forced and not truncated", when, acknowledged)
                        .isGreaterThanOrEqualTo(acknowledged);
                assertThat(wal.lastIndex()).as("%s: the log held only %d entries", when, log.size())
                        .isLessThanOrEqualTo(log.size());
                for (long i = 1; i <= wal.lastIndex(); i++) {
                    assertThat(wal.read(i).payload())
                            .as("%s: entry %d (a truncated entry that came back, or bytes nobody appended?)", when, i)
                            .isEqualTo(log.get((int) i - 1));
                }
                // Entries past the recovered end were lost (or their truncation went through).
                log.subList((int) wal.lastIndex(), log.size()).clear();
                acknowledged = wal.lastIndex();

                boolean powerCut = false;
                int operations = random.nextInt(1, 40);
                for (int op = 0; op < operations && !powerCut; op++) {
                    int choice = random.nextInt(10);
                    if (choice < 6) {
                        byte[] payload = Bytes.random(random, random.nextInt(0, 120));
                        if (random.nextBoolean()) {
                            assertThat(wal.append(payload)).as("seed %d: the index of a new append", seed)
                                    .isEqualTo(log.size() + 1);
                        } else {
                            wal.appendAt(log.size() + 1, payload);
                        }
                        log.add(payload);
                    } else if (choice < 8) {
                        wal.force();
                        acknowledged = log.size();
                        CrashImage image = CrashImage.of(this.disk, config);
                        for (long i = 1; i <= acknowledged; i++) {
                            assertThat(image.problemWith(i, log.get((int) i - 1)))
                                    .as("seed %d: entry %d, the moment its force returned", seed, i).isEmpty();
                        }
                    } else {
                        long index = random.nextLong(0, log.size() + 1);
                        // Entries after index are no longer promised from now on: a crash midway may keep any of them.
                        acknowledged = Math.min(acknowledged, index);
                        if (random.nextInt(3) == 0) {
                            disk.cutPowerAfter(random.nextInt(0, 4));
                        }
                        try {
                            wal.truncateAfter(index);
                        } catch (PowerCutDisk.PowerCut cut) {
                            powerCut = true; // crash now, in the middle of the truncation
                            continue;
                        }
                        disk.keepPower();
                        log.subList((int) index, log.size()).clear();
                        assertThat(CrashImage.of(this.disk, config).lastIndex())
                                .as("seed %d: the last entry a crash would leave, the moment truncateAfter(%d) returned", seed, index)
                                .isLessThanOrEqualTo(index);
                    }
                }
            }
            disk.keepPower();
            this.disk.crash(random);
        }
        try (WriteAheadLog wal = WriteAheadLog.open(disk, config)) {
            assertThat(wal.lastIndex()).as("seed %d: after the last crash", seed).isGreaterThanOrEqualTo(acknowledged);
            wal.appendAt(wal.lastIndex() + 1, utf8("after all that"));
            assertThat(text(wal.read(wal.lastIndex()).payload())).isEqualTo("after all that");
        }
    }
}
