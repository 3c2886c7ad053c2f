// Generated from solutions/06-lock-service/src/test/java/dev/kata/lock/Step3SequencerTest.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint 710b59667eba
package dev.kata.lock;

import static dev.kata.lock.CellDriver.exclusive;
import static dev.kata.lock.LockCluster.ms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kata.lock.LockMessage.ResourceWrite;
import dev.kata.runtime.checker.LockCommand.Mode;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.sim.Hold;
import dev.kata.runtime.sim.MessageMatch;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Step 3: a lease alone cannot stop a holder that stalled past it (a GC pause, a slow network) from
 * acting late. A sequencer (lock, mode, generation) lets a server the lock protects check the tenure;
 * lock-delay protects servers that do not check, for a while, after a holder's session expired.
 */
@Tag("step-3")
@DisplayName("Step 3: sequencers and lock-delay")
class Step3SequencerTest {

    private static final String LOCK = "/ls/cell/leader";

    @Test
    @DisplayName("GetSequencer names the lock, the mode and the grant's generation; it is valid while the tenure lasts, not after")
    void sequencerValidWhileHeld() {
        CellDriver cell = new CellDriver();
        cell.open("a");
        long handle = cell.openFile("a", LOCK);
        long generation = cell.granted("a", exclusive(handle));
        LockReply reply = cell.call("a", new LockOp.GetSequencer(handle));
        Sequencer sequencer = new Sequencer(LOCK, Mode.EXCLUSIVE, generation);
        assertThat(reply).isEqualTo(new LockReply.SequencerIs(sequencer));
        assertThat(cell.call("a", new LockOp.CheckSequencer(handle, sequencer))).as("while a holds the lock")
                .isEqualTo(new LockReply.Valid(true));
        assertThat(cell.call("a", new LockOp.CheckSequencer(handle, new Sequencer(LOCK, Mode.EXCLUSIVE, generation - 1))))
                .as("an older generation's sequencer").isEqualTo(new LockReply.Valid(false));
        cell.call("a", new LockOp.Release(handle, generation));
        assertThat(cell.call("a", new LockOp.CheckSequencer(handle, sequencer))).as("after a released the lock")
                .isEqualTo(new LockReply.Valid(false));
        cell.granted("a", exclusive(handle));
        assertThat(cell.call("a", new LockOp.CheckSequencer(handle, sequencer))).as("in the next tenure, even of the same session")
                .isEqualTo(new LockReply.Valid(false));
    }

    @Test
    @DisplayName("a shared holder's sequencer names the shared mode, and is valid while the shared tenure lasts")
    void sharedHoldersSequencer() {
        CellDriver cell = new CellDriver();
        cell.open("a");
        cell.open("b");
        long a = cell.openFile("a", LOCK);
        long generation = cell.granted("a", CellDriver.shared(a));
        cell.granted("b", CellDriver.shared(cell.openFile("b", LOCK)));
        Sequencer sequencer = new Sequencer(LOCK, Mode.SHARED, generation);
        assertThat(cell.call("a", new LockOp.GetSequencer(a))).as("the sequencer of a, which holds the lock shared")
                .isEqualTo(new LockReply.SequencerIs(sequencer));
        assertThat(cell.call("a", new LockOp.CheckSequencer(a, sequencer))).as("a shared sequencer while a and b hold"
                + " the lock shared").isEqualTo(new LockReply.Valid(true));
        assertThat(cell.call("a", new LockOp.CheckSequencer(a, new Sequencer(LOCK, Mode.EXCLUSIVE, generation))))
                .as("an exclusive sequencer of the shared tenure: nobody holds it exclusively").isEqualTo(new LockReply.Valid(false));
    }

    @Test
    @DisplayName("GetSequencer by a session that does not hold the lock is refused")
    void noSequencerWithoutTheLock() {
        CellDriver cell = new CellDriver();
        cell.open("a");
        LockReply reply = cell.call("a", new LockOp.GetSequencer(cell.openFile("a", LOCK)));
        assertThat(reply).isInstanceOfSatisfying(LockReply.Refused.class, r -> assertThat(r.code()).isEqualTo(ErrorCode.NOT_HELD));
    }

    @Test
    @DisplayName("lock-delay: after a holder's session expired, nobody gets the lock until the master ends the delay")
    void lockDelayAfterExpiry() {
        CellDriver cell = new CellDriver();
        cell.open("a");
        cell.open("b");
        long generation = cell.granted("a", exclusive(cell.openFile("a", LOCK)));
        long b = cell.openFile("b", LOCK);
        cell.expire("a", cell.generation());
        assertThat(cell.delays).as("lock-delays started").containsExactly(LOCK + "@" + generation);
        assertThat(cell.call("b", new LockOp.TryAcquire(b, Mode.EXCLUSIVE))).as("a TryAcquire in the lock-delay")
                .isInstanceOf(LockReply.NotGranted.class);
        assertThat(cell.call("b", exclusive(b))).as("an Acquire in the lock-delay waits").isNull();
        long waiting = cell.lastSequence("b");
        cell.cell.apply(new CellCommand.EndLockDelay(LOCK, generation));
        assertThat(cell.answersTo("b", waiting)).as("b's Acquire once the delay ended")
                .containsExactly(new LockReply.Granted(generation + 1));
    }

    @Test
    @DisplayName("no lock-delay after a normal Release: the next waiter is granted at once")
    void noLockDelayAfterRelease() {
        CellDriver cell = new CellDriver();
        cell.open("a");
        cell.open("b");
        long a = cell.openFile("a", LOCK);
        long generation = cell.granted("a", exclusive(a));
        cell.call("b", exclusive(cell.openFile("b", LOCK)));
        long waiting = cell.lastSequence("b");
        cell.call("a", new LockOp.Release(a, generation));
        assertThat(cell.delays).isEmpty();
        assertThat(cell.answersTo("b", waiting)).containsExactly(new LockReply.Granted(generation + 1));
    }

    @Test
    @DisplayName("lock-delay on virtual time: the lock passes no sooner than the lock-delay after the holder's expiry")
    void lockDelayOnVirtualTime() {
        LockCluster cluster = LockCluster.of(11).build();
        cluster.awaitMaster();
        NodeId a = cluster.newClient("a");
        NodeId b = cluster.newClient("b");
        cluster.acquire(a, cluster.open(a, LOCK));
        String session = cluster.client(a).session();
        AtomicReference<LockReply> waiting = cluster.callLater(b, exclusive(cluster.open(b, LOCK)));
        cluster.sim.crash(a);
        cluster.sim.runUntil(() -> cluster.master().map(m -> m.cell().hasExpired(session)).orElse(false),
                Duration.ofSeconds(10), "the master expires a's session");
        Duration expiredAt = cluster.sim.elapsed();
        cluster.sim.runUntil(() -> waiting.get() != null, Duration.ofSeconds(10), "b is granted the lock");
        assertThat(cluster.sim.elapsed().minus(expiredAt)).as("from a's expiry to b's grant (lock-delay %s)",
                cluster.config.lockDelay()).isGreaterThanOrEqualTo(ms(2950)).isLessThan(ms(3500));
        assertThat(waiting.get()).isInstanceOf(LockReply.Granted.class);
    }

    @Test
    @DisplayName("lock-delay ends with the generation of the tenure whose expiry began it, not the master's: the waiter gets the lock")
    void lockDelayEndsWithTheLocksGeneration() {
        LockCluster cluster = LockCluster.of(12).build();
        LockServer master = cluster.awaitMaster();
        NodeId a = cluster.newClient("a");
        NodeId b = cluster.newClient("b");
        long handle = cluster.open(a, LOCK);
        for (int i = 0; i < 3; i++) { // a few tenures first: the lock's generation moves away from the master's
            cluster.call(a, new LockOp.Release(handle, cluster.acquire(a, handle)));
        }
        long generation = cluster.acquire(a, handle);
        assertThat(generation).as("the scenario: the lock's generation differs from the master's")
                .isNotEqualTo(master.masterGeneration());
        String session = cluster.client(a).session();
        AtomicReference<LockReply> waiting = cluster.callLater(b, exclusive(cluster.open(b, LOCK)));
        cluster.sim.crash(a);
        cluster.sim.runUntil(() -> cluster.master().map(m -> m.cell().hasExpired(session)).orElse(false),
                Duration.ofSeconds(10), "the master expires a's session");
        cluster.sim.runFor(cluster.config.lockDelay().plus(ms(500)));
        assertThat(cluster.master().orElseThrow().cell().delayedLocks()).as("locks still in their lock-delay %s after"
                + " a's expiry (begun by the expiry of a's tenure, generation %d; the master is in generation %d)",
                cluster.config.lockDelay().plus(ms(500)), generation, master.masterGeneration()).isEmpty();
        cluster.sim.runUntil(() -> waiting.get() != null, Duration.ofSeconds(2), "b is granted the lock");
        assertThat(waiting.get()).isEqualTo(new LockReply.Granted(generation + 1));
    }

    @Test
    @DisplayName("lock-delay is capped at one minute: a longer one is refused with a reason")
    void lockDelayCapped() {
        assertThat(LockServiceConfig.DEFAULT.lockDelay()).isEqualTo(Duration.ofMinutes(1));
        assertThatThrownBy(() -> LockServiceConfig.DEFAULT.withLockDelay(Duration.ofSeconds(61)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lockDelay");
    }

    /**
     * The incident fencing exists for. a holds the lock and sends a write to the resource, which the
     * network holds back (a stall: a GC pause, a congested link); a's session expires, and after the
     * lock-delay b takes the lock. b has not written yet, so the resource has seen no newer generation:
     * only asking the cell about a's sequencer stops the late write.
     * <pre>
     *   a:  acquire(g1) --write(g1)~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~> resource: check g1? invalid: reject
     *   cell:            [a's lease runs out] expire(a) [lock-delay] grant b (g2)
     * </pre>
     */
    @Test
    @DisplayName("incident: a holder that stalled past its lease has its late write rejected by its sequencer")
    void stalledHoldersLateWriteIsRejected() {
        LockCluster cluster = LockCluster.of(12).build();
        cluster.awaitMaster();
        NodeId a = cluster.newClient("a");
        NodeId b = cluster.newClient("b");
        cluster.acquire(a, cluster.open(a, LOCK));
        long hb = cluster.open(b, LOCK);
        Hold stalled = cluster.sim.network().hold(MessageMatch.of(ResourceWrite.class).from(a));
        AtomicReference<Boolean> late = new AtomicReference<>();
        cluster.client(a).writeTo(cluster.resource, LOCK, "a's late write", late::set);
        cluster.sim.crash(a); // and a stalls for good: its session will expire
        long generation = ((LockReply.Granted) cluster.call(b, exclusive(hb), Duration.ofSeconds(15))).generation();
        assertThat(generation).as("b's generation").isEqualTo(2);
        stalled.release();
        cluster.sim.runUntil(() -> !cluster.resource().decisions().isEmpty(), Duration.ofSeconds(5),
                "the resource decides on a's late write");
        assertThat(cluster.resource().decisions()).singleElement().satisfies(d -> assertThat(d.accepted())
                .as("the resource's decision on a's write with generation 1 after b got generation 2").isFalse());
        assertThat(cluster.resource().data(LOCK)).isNull();
        assertThat(cluster.write(b, LOCK, "b's write")).as("b's write with the current sequencer").isTrue();
    }

    @Test
    @DisplayName("bad input: a sequencer checked through a handle to another lock is refused, and nothing changes")
    void sequencerForAnotherLock() {
        CellDriver cell = new CellDriver();
        cell.open("a");
        long handle = cell.openFile("a", LOCK);
        long generation = cell.granted("a", exclusive(handle));
        long other = cell.openFile("a", "/ls/cell/other");
        LockReply reply = cell.call("a", new LockOp.CheckSequencer(other, new Sequencer(LOCK, Mode.EXCLUSIVE, generation)));
        assertThat(reply).isInstanceOfSatisfying(LockReply.Refused.class, r -> {
            assertThat(r.code()).isEqualTo(ErrorCode.WRONG_LOCK);
            assertThat(r.message()).contains(LOCK).contains("/ls/cell/other");
        });
        assertThat(cell.cell.holders(LOCK)).containsExactly("a");
    }
}
