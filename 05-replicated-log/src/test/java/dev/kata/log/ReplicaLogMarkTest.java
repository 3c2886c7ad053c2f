// Generated from solutions/05-replicated-log/src/test/java/dev/kata/log/ReplicaLogMarkTest.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint 45ef97015784
package dev.kata.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.election.ClientMessage.KvRequest;
import dev.kata.election.ClientMessage.Operation;
import dev.kata.runtime.disk.DiskFile;
import dev.kata.runtime.disk.SimulatedDisk;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The High-Water Mark's file (given code in {@link ReplicaLog}): one small record appended and forced per
 * raise, a torn last record ignored, the file rewritten whole once it is long.
 */
@Tag("step-2")
@DisplayName("The High-Water Mark's file")
class ReplicaLogMarkTest {

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
    @DisplayName("a torn record after the last forced one is cut on opening, and the next raise is read back")
    void tornRecordIgnored() {
        try (ReplicaLog log = withEntries(5)) {
            log.raiseHighWaterMark(3);
        }
        try (DiskFile file = disk.open("high-water-mark")) {
            file.append(ByteBuffer.wrap(new byte[] {0, 0, 0, 20, 1, 2, 3})); // a record cut short by a crash
            file.force();
        }
        try (ReplicaLog log = ReplicaLog.open(disk, LogMessage.CODEC)) {
            assertThat(log.highWaterMark()).as("the mark with a torn record after it").isEqualTo(3);
            log.raiseHighWaterMark(4);
        }
        try (ReplicaLog log = ReplicaLog.open(disk, LogMessage.CODEC)) {
            assertThat(log.highWaterMark()).as("the mark raised after the torn record was cut").isEqualTo(4);
        }
    }

    @Test
    @DisplayName("past its limit the file is rewritten with the latest mark alone")
    void rewrittenWhenLong() {
        int raises = ReplicaLog.MARK_FILE_LIMIT / 8 + 10; // a record takes more than 8 bytes
        try (ReplicaLog log = withEntries(raises)) {
            for (int i = 1; i <= raises; i++) {
                log.raiseHighWaterMark(i);
            }
        }
        assertThat(disk.readAll("high-water-mark").length).as("bytes in the mark's file")
                .isLessThanOrEqualTo(ReplicaLog.MARK_FILE_LIMIT);
        disk.crashCleanly();
        try (ReplicaLog log = ReplicaLog.open(disk, LogMessage.CODEC)) {
            assertThat(log.highWaterMark()).as("the mark after the rewrites and a crash").isEqualTo(raises);
        }
    }
}
