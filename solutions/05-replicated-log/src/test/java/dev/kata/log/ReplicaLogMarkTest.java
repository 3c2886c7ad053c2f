package dev.kata.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kata.election.ClientMessage.KvRequest;
import dev.kata.election.ClientMessage.Operation;
import dev.kata.runtime.disk.CorruptStateException;
import dev.kata.runtime.disk.DiskFile;
import dev.kata.runtime.disk.ForwardingDisk;
import dev.kata.runtime.disk.ForwardingDiskFile;
import dev.kata.runtime.disk.SimulatedDisk;
import dev.kata.runtime.testing.RandomizedTest;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * How {@link ReplicaLog} (given code) saves the High-Water Mark: in the records of the entries a follower
 * forces anyway, or in a file of its own (two slots written in turn in place; a torn slot ignored).
 */
@Tag("step-2")
@DisplayName("Saving the High-Water Mark")
class ReplicaLogMarkTest {

    private static final String MARK_FILE = "high-water-mark";

    private final SimulatedDisk disk = new SimulatedDisk();

    private ReplicaLog withEntries(int count) {
        ReplicaLog log = ReplicaLog.open(disk, LogMessage.CODEC);
        for (int i = 1; i <= count; i++) {
            log.append(new Entry(1, new ClientCommand(new KvRequest("c1", i, Operation.WRITE, "x", "v" + i, null))));
        }
        log.force();
        return log;
    }

    @Test
    @DisplayName("a raise costs one force, and the mark is read back after a crash")
    void oneForcePerRaise() {
        try (ReplicaLog log = withEntries(3)) {
            long before = disk.forceCount();
            log.raiseHighWaterMark(2);
            assertThat(disk.forceCount() - before).as("forces for one raise of the mark").isEqualTo(1);
        }
        disk.crashCleanly();
        try (ReplicaLog log = ReplicaLog.open(disk, LogMessage.CODEC)) {
            assertThat(log.highWaterMark()).as("the mark after a crash").isEqualTo(2);
        }
    }

    @Test
    @DisplayName("the mark's file is forced at its full size when created; raises write its two slots in turn, in place, across restarts")
    void slotsTakeTurnsAcrossRestarts() {
        withEntries(40).close();
        assertThat(disk.forcedSize(MARK_FILE)).as("forced bytes as created").isEqualTo(ReplicaLog.MARK_FILE_SIZE);
        assertThat(ReplicaLog.MARK.encode(new ReplicaLog.HighWaterMark(Long.MAX_VALUE))).hasSize(ReplicaLog.SLOT);
        for (int mark = 0; mark < 40; mark++, disk.crashCleanly()) {
            try (ReplicaLog log = ReplicaLog.open(disk, LogMessage.CODEC)) {
                assertThat(log.highWaterMark()).as("the mark after %d restarts", mark).isEqualTo(mark);
                log.raiseHighWaterMark(mark + 1); // into slot 1, 0, 1, ...: the one not holding the latest
                assertThat(slots()).as("slots after %d", mark + 1).containsExactly(mark + mark % 2, mark + 1 - mark % 2);
            }
        }
    }

    @RandomizedTest(seeds = 40)
    @DisplayName("a crash while a slot is written but not yet forced leaves the previous mark or the new one, never a lower")
    void crashDuringSlotWrite(long seed) {
        withEntries(5).raiseHighWaterMark(3);
        ReplicaLog crashing = ReplicaLog.open(new ForwardingDisk(disk) {
            @Override
            protected DiskFile wrap(DiskFile file) {
                return new ForwardingDiskFile(file) {
                    @Override
                    public void force() {
                        throw new IllegalStateException("the machine crashed before this force");
                    }
                };
            }
        }, LogMessage.CODEC);
        assertThatThrownBy(() -> crashing.raiseHighWaterMark(4)).hasMessageContaining("crashed");
        disk.crash(new SplittableRandom(seed)); // keeps, loses or tears the slot written
        assertThat(ReplicaLog.open(disk, LogMessage.CODEC).highWaterMark()).as("seed %d: the mark after", seed).isIn(3L, 4L);
    }

    @Test
    @DisplayName("a torn slot is ignored on opening, the other slot's mark is used, and the next raise writes over it")
    void tornSlotIgnored() {
        withEntries(5).raiseHighWaterMark(3); // the starting mark 0 in slot 0, 3 in slot 1
        disk.corrupt(MARK_FILE, ReplicaLog.MARK_FILE_SIZE - 1); // as a write torn by a crash leaves it
        try (ReplicaLog log = ReplicaLog.open(disk, LogMessage.CODEC)) {
            assertThat(log.highWaterMark()).as("the mark with its slot torn, from the other slot").isEqualTo(0);
            log.raiseHighWaterMark(4);
        }
        assertThat(slots()).as("the slots after the raise: the torn one written over").containsExactly(0L, 4L);
    }

    @Test
    @DisplayName("both slots damaged is an error that names the file, never a mark of 0")
    void bothSlotsDamaged() {
        withEntries(3).raiseHighWaterMark(3);
        disk.corrupt(MARK_FILE, 0);
        disk.corrupt(MARK_FILE, ReplicaLog.SLOT);
        assertThatThrownBy(() -> ReplicaLog.open(disk, LogMessage.CODEC)).isInstanceOf(CorruptStateException.class)
                .hasMessageStartingWith(MARK_FILE + " is damaged: neither of its two slots");
    }

    @Test
    @DisplayName("a mark's file of another size is an error that says the size found and the size expected")
    void wrongSize() {
        withEntries(3).raiseHighWaterMark(3);
        disk.overwrite(MARK_FILE, ReplicaLog.MARK_FILE_SIZE, new byte[] {1, 2, 3});
        assertThatThrownBy(() -> ReplicaLog.open(disk, LogMessage.CODEC)).isInstanceOf(CorruptStateException.class)
                .hasMessageStartingWith(MARK_FILE + " is damaged: " + (ReplicaLog.MARK_FILE_SIZE + 3) + " bytes, where the"
                        + " mark's file always has " + ReplicaLog.MARK_FILE_SIZE);
    }

    /** The marks in the two slots of the mark's file. */
    private long[] slots() {
        byte[] file = disk.readAll(MARK_FILE);
        return new long[] {ReplicaLog.MARK.decode(Arrays.copyOf(file, ReplicaLog.SLOT), MARK_FILE).index(),
                ReplicaLog.MARK.decode(Arrays.copyOfRange(file, ReplicaLog.SLOT, file.length), MARK_FILE).index()};
    }

    private static Entry entry(int i) {
        return new Entry(1, new ClientCommand(new KvRequest("c1", i, Operation.WRITE, "x", "v" + i, null)));
    }

    @Test
    @DisplayName("a follower's append: the entries and the mark they bring cost one force, and both are read back after a crash")
    void markRidesWithTheEntries() {
        try (ReplicaLog log = withEntries(2)) {
            long before = disk.forceCount();
            log.appendAt(3, entry(3));
            log.appendAt(4, entry(4));
            log.forceWithHighWaterMark(3);
            assertThat(disk.forceCount() - before).as("forces for two entries and a raise of the mark to one of them")
                    .isEqualTo(1);
            assertThat(log.highWaterMark()).as("the mark once forced").isEqualTo(3);
        }
        disk.crashCleanly();
        try (ReplicaLog log = ReplicaLog.open(disk, LogMessage.CODEC)) {
            assertThat(log.lastIndex()).as("the log after a crash").isEqualTo(4);
            assertThat(log.highWaterMark()).as("the mark after a crash, from the entries' records").isEqualTo(3);
        }
    }

    @Test
    @DisplayName("entries appended but not forced are lost in a crash, and the mark with them")
    void unforcedEntriesLost() {
        try (ReplicaLog log = withEntries(2)) {
            log.raiseHighWaterMark(1);
            log.appendAt(3, entry(3));
        }
        disk.crashCleanly();
        try (ReplicaLog log = ReplicaLog.open(disk, LogMessage.CODEC)) {
            assertThat(log.lastIndex()).as("the log after a crash: entry 3 was never forced").isEqualTo(2);
            assertThat(log.highWaterMark()).as("the mark after a crash").isEqualTo(1);
        }
    }

    @Test
    @DisplayName("cutting the records that carry the mark saves it in its file first: it never goes back")
    void truncationKeepsTheMark() {
        try (ReplicaLog log = withEntries(2)) {
            log.appendAt(3, entry(3));
            log.forceWithHighWaterMark(2); // the mark rides in record 3 only
            log.truncateAfter(2); // record 3 conflicted with a new leader's
        }
        disk.crashCleanly();
        try (ReplicaLog log = ReplicaLog.open(disk, LogMessage.CODEC)) {
            assertThat(log.lastIndex()).as("the log after the cut and a crash").isEqualTo(2);
            assertThat(log.highWaterMark()).as("the mark after the cut and a crash").isEqualTo(2);
        }
    }

    @Test
    @DisplayName("a raise past the forced entries, or past the log, is refused with what to do")
    void raisePastForcedRefused() {
        try (ReplicaLog log = withEntries(2)) {
            log.appendAt(3, entry(3));
            assertThatThrownBy(() -> log.raiseHighWaterMark(3))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("forceWithHighWaterMark");
            assertThatThrownBy(() -> log.forceWithHighWaterMark(4))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("last entry 3");
        }
    }
}
