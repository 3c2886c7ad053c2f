// Generated from solutions/01-wal/src/test/java/dev/kata/wal/Step4RecoveryTest.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint 53f2a9fa5d6d
package dev.kata.wal;

import static dev.kata.runtime.testing.MessageChecks.wholeNumber;
import static dev.kata.wal.Bytes.FIRST_SEGMENT;
import static dev.kata.wal.Bytes.text;
import static dev.kata.wal.Bytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kata.runtime.disk.SimulatedDisk;
import dev.kata.runtime.testing.RandomizedTest;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("step-4")
@DisplayName("Step 4: on open, a torn tail is cut away and corruption before it is an error")
class Step4RecoveryTest {

    private final SimulatedDisk disk = new SimulatedDisk();

    /** Appends the words, forces, and returns the byte offset of each record in the first segment. */
    private List<Long> writeForced(String... words) {
        List<Long> offsets = new ArrayList<>();
        try (WriteAheadLog log = WriteAheadLog.open(disk)) {
            for (String word : words) {
                offsets.add(disk.open(FIRST_SEGMENT).size());
                log.append(utf8(word));
            }
            log.force();
        }
        return offsets;
    }

    private List<String> reopenAndReadAll() {
        try (WriteAheadLog log = WriteAheadLog.open(disk)) {
            return log.readFrom(log.firstIndex()).stream().map(e -> text(e.payload())).toList();
        }
    }

    @Test
    @DisplayName("a log reopened after a clean close has every entry, and appends go on from the last index")
    void reopen() {
        writeForced("a", "b", "c");
        try (WriteAheadLog log = WriteAheadLog.open(disk)) {
            assertThat(log.lastIndex()).isEqualTo(3);
            assertThat(log.readFrom(1)).extracting(e -> text(e.payload())).containsExactly("a", "b", "c");
            assertThat(log.append(utf8("d"))).isEqualTo(4);
        }
    }

    @Test
    @DisplayName("after a crash, forced entries are there and unforced ones are gone")
    void crashLosesUnforced() {
        try (WriteAheadLog log = WriteAheadLog.open(disk)) {
            log.append(utf8("durable"));
            log.force();
            log.append(utf8("never forced"));
        }
        disk.crashCleanly();
        assertThat(reopenAndReadAll()).containsExactly("durable");
    }

    @Test
    @DisplayName("a record cut short at the end of the file is cut away, and the log goes on")
    void tornTail() {
        writeForced("a", "b");
        long end = disk.open(FIRST_SEGMENT).size();
        ByteBuffer third = EntryFormat.encode(new LogEntry(3, utf8("third, torn")));
        disk.overwrite(FIRST_SEGMENT, end, java.util.Arrays.copyOf(third.array(), 10)); // 10 of its 27 bytes

        try (WriteAheadLog log = WriteAheadLog.open(disk)) {
            assertThat(log.lastIndex()).isEqualTo(2);
            assertThat(disk.open(FIRST_SEGMENT).size()).as("the torn bytes are truncated away").isEqualTo(end);
            assertThat(log.append(utf8("c"))).isEqualTo(3);
            assertThat(text(log.read(3).payload())).isEqualTo("c");
        }
    }

    @Test
    @DisplayName("zeros at the end of the file (a size written before the data) are cut away too")
    void zeroTail() {
        writeForced("a", "b");
        long end = disk.open(FIRST_SEGMENT).size();
        disk.overwrite(FIRST_SEGMENT, end, new byte[100]);
        assertThat(reopenAndReadAll()).containsExactly("a", "b");
        assertThat(disk.open(FIRST_SEGMENT).size()).isEqualTo(end);
    }

    @Test
    @DisplayName("a damaged record before the tail is an error naming the file and the offset, and nothing is truncated")
    void corruptMiddle() {
        List<Long> offsets = writeForced("a", "b", "c", "d");
        long sizeBefore = disk.open(FIRST_SEGMENT).size();
        disk.corrupt(FIRST_SEGMENT, offsets.get(1) + EntryFormat.HEADER_BYTES); // the payload of entry 2

        assertThatThrownBy(() -> WriteAheadLog.open(disk))
                .as("entries 3 and 4 were acknowledged: recovery must not drop them silently")
                .isInstanceOf(CorruptLogException.class)
                .hasMessageContaining(FIRST_SEGMENT)
                .hasMessageFindingMatch(wholeNumber(offsets.get(1)));
        assertThat(disk.open(FIRST_SEGMENT).size()).as("a failed recovery must not truncate anything").isEqualTo(sizeBefore);
    }

    @Test
    @DisplayName("a damaged length field in the middle is corruption too, not a torn tail")
    void corruptLengthInMiddle() {
        List<Long> offsets = writeForced("a", "b", "c");
        disk.corrupt(FIRST_SEGMENT, offsets.get(0) + 3);
        assertThatThrownBy(() -> WriteAheadLog.open(disk)).isInstanceOf(CorruptLogException.class)
                .hasMessageFindingMatch(wholeNumber(offsets.get(0)));
    }

    @Test
    @DisplayName("a file that is not a log segment is refused, not truncated")
    void notALog() {
        disk.overwrite(FIRST_SEGMENT, 0, utf8("Dear diary, today I wrote a file where a log should be."));
        assertThatThrownBy(() -> WriteAheadLog.open(disk)).isInstanceOf(CorruptLogException.class)
                .hasMessageContaining(FIRST_SEGMENT);
        assertThat(text(disk.readAll(FIRST_SEGMENT))).startsWith("Dear diary");
    }

    @Test
    @DisplayName("a segment whose header a crash cut short holds no entry and is started again")
    void tornHeader() {
        disk.overwrite(FIRST_SEGMENT, 0, java.util.Arrays.copyOf(Segment.MAGIC, 3));
        try (WriteAheadLog log = WriteAheadLog.open(disk)) {
            assertThat(log.lastIndex()).isZero();
            assertThat(log.append(utf8("first"))).isEqualTo(1);
        }
    }

    /**
     * The property every write-ahead log must have: whatever a crash does to unforced bytes, after
     * restart every acknowledged (forced) entry is there, byte for byte, no entry appears that was
     * never appended, and the log accepts new appends. Each acknowledged entry is also checked at the
     * moment its force returns: it must already be in what a crash would leave ({@link CrashImage}).
     */
    @RandomizedTest(seeds = 60)
    @DisplayName("crash property: acknowledged entries survive any crash, nothing else appears")
    void crashProperty(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        WalConfig config = new WalConfig(600, 200); // several segments per run
        List<byte[]> appended = new ArrayList<>(); // appended.get(i) is the payload of index i + 1
        long acknowledged = 0;

        for (int crash = 0; crash < 4; crash++) {
            try (WriteAheadLog log = WriteAheadLog.open(disk, config)) {
                assertThat(log.lastIndex()).as("seed %d, restart %d: entries 1..%d were acknowledged", seed, crash, acknowledged)
                        .isGreaterThanOrEqualTo(acknowledged);
                assertThat(log.lastIndex()).as("seed %d, restart %d: only %d entries were ever appended", seed, crash, appended.size())
                        .isLessThanOrEqualTo(appended.size());
                for (long i = 1; i <= log.lastIndex(); i++) {
                    assertThat(log.read(i).payload()).as("seed %d, restart %d: entry %d", seed, crash, i)
                            .isEqualTo(appended.get((int) i - 1));
                }
                // Entries past the recovered end were lost; their indexes will be reused.
                appended.subList((int) log.lastIndex(), appended.size()).clear();
                acknowledged = log.lastIndex();

                int operations = random.nextInt(1, 40);
                for (int op = 0; op < operations; op++) {
                    byte[] payload = Bytes.random(random, random.nextInt(0, 120));
                    long index = log.append(payload);
                    assertThat(index).as("seed %d: the index of a new append", seed).isEqualTo(appended.size() + 1);
                    appended.add(payload);
                    if (random.nextInt(4) == 0) {
                        log.force();
                        acknowledged = index;
                        CrashImage image = CrashImage.of(disk, config);
                        for (long i = 1; i <= acknowledged; i++) {
                            assertThat(image.problemWith(i, appended.get((int) i - 1)))
                                    .as("seed %d: entry %d, the moment the force returned", seed, i).isEmpty();
                        }
                    }
                }
            }
            disk.crash(random);
        }
        try (WriteAheadLog log = WriteAheadLog.open(disk, config)) {
            assertThat(log.lastIndex()).as("seed %d: after the last crash", seed).isGreaterThanOrEqualTo(acknowledged);
            long next = log.append(utf8("after all that"));
            assertThat(text(log.read(next).payload())).isEqualTo("after all that");
        }
    }
}
