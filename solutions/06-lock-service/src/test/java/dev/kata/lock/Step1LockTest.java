package dev.kata.lock;

import static dev.kata.lock.CellDriver.exclusive;
import static dev.kata.lock.CellDriver.shared;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.runtime.checker.LockCommand.Mode;
import dev.kata.runtime.node.NodeId;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Step 1: a lock is state on the replicated log. The {@link LockCell} applies Acquire, TryAcquire and
 * Release in log order, on every replica alike; most scenarios drive it directly ({@link CellDriver}),
 * the last one through a simulated cell of three servers.
 */
@Tag("step-1")
@DisplayName("Step 1: a lock on the log")
class Step1LockTest {

    private static final String LOCK = "/ls/cell/leader";

    @Test
    @DisplayName("a free lock is granted at once, with lock generation 1, and the holder is recorded")
    void grantsAFreeLock() {
        CellDriver cell = new CellDriver();
        cell.open("a");
        long handle = cell.openFile("a", LOCK);
        assertThat(cell.granted("a", exclusive(handle))).as("the first grant's generation").isEqualTo(1);
        assertThat(cell.cell.holders(LOCK)).containsExactly("a");
    }

    @Test
    @DisplayName("a TryAcquire of a held lock is refused at once, and changes nothing")
    void tryAcquireOfAHeldLockIsRefused() {
        CellDriver cell = new CellDriver();
        cell.open("a");
        cell.open("b");
        cell.granted("a", exclusive(cell.openFile("a", LOCK)));
        long b = cell.openFile("b", LOCK);
        assertThat(cell.call("b", new LockOp.TryAcquire(b, Mode.EXCLUSIVE))).isInstanceOf(LockReply.NotGranted.class);
        assertThat(cell.call("b", new LockOp.TryAcquire(b, Mode.SHARED))).as("a shared try of an exclusively held lock")
                .isInstanceOf(LockReply.NotGranted.class);
        assertThat(cell.cell.holders(LOCK)).containsExactly("a");
        assertThat(cell.cell.waiting(LOCK)).as("a TryAcquire never waits in line").isEmpty();
    }

    @Test
    @DisplayName("an Acquire of a held lock waits in line, and is granted when the holder releases, with the next generation")
    void acquireWaitsForARelease() {
        CellDriver cell = new CellDriver();
        cell.open("a");
        cell.open("b");
        long a = cell.openFile("a", LOCK);
        long first = cell.granted("a", exclusive(a));
        long b = cell.openFile("b", LOCK);
        assertThat(cell.call("b", exclusive(b))).as("b's Acquire while a holds the lock: no answer yet").isNull();
        long waiting = cell.lastSequence("b");
        assertThat(cell.call("a", new LockOp.Release(a, first))).isInstanceOf(LockReply.Done.class);
        assertThat(cell.answersTo("b", waiting)).as("b's waiting Acquire, after a's release")
                .containsExactly(new LockReply.Granted(first + 1));
        assertThat(cell.cell.holders(LOCK)).containsExactly("b");
    }

    @Test
    @DisplayName("shared holders hold together; an exclusive Acquire waits for the last of them")
    void sharedHoldersTogether() {
        CellDriver cell = new CellDriver();
        for (String s : new String[] {"a", "b", "c"}) {
            cell.open(s);
        }
        long a = cell.openFile("a", LOCK);
        long b = cell.openFile("b", LOCK);
        long c = cell.openFile("c", LOCK);
        long generation = cell.granted("a", shared(a));
        assertThat(cell.granted("b", shared(b))).as("a second shared holder joins the same tenure").isEqualTo(generation);
        assertThat(cell.call("c", exclusive(c))).isNull();
        cell.call("a", new LockOp.Release(a, generation));
        assertThat(cell.cell.holders(LOCK)).as("one shared holder left: the exclusive waiter still waits").containsExactly("b");
        cell.call("b", new LockOp.Release(b, generation));
        assertThat(cell.cell.holders(LOCK)).containsExactly("c");
    }

    @Test
    @DisplayName("a release wakes one exclusive waiter, not the herd: the others keep waiting, in order")
    void wakesOneExclusiveWaiter() {
        CellDriver cell = new CellDriver();
        for (String s : new String[] {"a", "b", "c", "d"}) {
            cell.open(s);
        }
        long a = cell.openFile("a", LOCK);
        long generation = cell.granted("a", exclusive(a));
        for (String s : new String[] {"b", "c", "d"}) {
            assertThat(cell.call(s, exclusive(cell.openFile(s, LOCK)))).isNull();
        }
        cell.call("a", new LockOp.Release(a, generation));
        assertThat(cell.cell.holders(LOCK)).containsExactly("b");
        assertThat(cell.cell.waiting(LOCK)).as("the line after one release").containsExactly("c", "d");
        long grantsAfterRelease = cell.answers.stream().filter(x -> x.reply() instanceof LockReply.Granted).count();
        assertThat(grantsAfterRelease).as("grants announced: a's, then b's alone").isEqualTo(2);
    }

    @Test
    @DisplayName("a new tenure takes a new lock generation: generations grow with every grant after the lock was free")
    void generationsGrow() {
        CellDriver cell = new CellDriver();
        cell.open("a");
        long a = cell.openFile("a", LOCK);
        long last = 0;
        for (int i = 0; i < 3; i++) {
            long generation = cell.granted("a", exclusive(a));
            assertThat(generation).as("grant %d's generation", i + 1).isGreaterThan(last);
            cell.call("a", new LockOp.Release(a, generation));
            last = generation;
        }
        LockReply read = cell.call("a", new LockOp.GetContents(a));
        assertThat(((LockReply.Contents) read).metadata().lockGeneration()).as("the metadata's lock generation").isEqualTo(last);
    }

    @Test
    @DisplayName("Release checks the caller: a session that does not hold the lock frees nothing")
    void releaseByANonHolderIsRefused() {
        CellDriver cell = new CellDriver();
        cell.open("a");
        cell.open("b");
        long generation = cell.granted("a", exclusive(cell.openFile("a", LOCK)));
        long b = cell.openFile("b", LOCK);
        LockReply reply = cell.call("b", new LockOp.Release(b, generation));
        assertThat(reply).isInstanceOf(LockReply.Refused.class);
        assertThat(((LockReply.Refused) reply).code()).isEqualTo(ErrorCode.NOT_HELD);
        assertThat(cell.cell.holders(LOCK)).containsExactly("a");
    }

    /**
     * The incident: a's Release is applied, the lock passes to b, then a copy of a's Release (a retry
     * through a new master, or a copy the network made) arrives. Applied again, it would free b's lock.
     * Two defences: the session's sequence number (the copy is recognised and answered, not applied),
     * and the Release names the grant's generation (a Release of an old tenure frees nothing).
     */
    @Test
    @DisplayName("incident: a retried Release does not free a newer holder's lock")
    void retriedReleaseDoesNotFreeANewerHolder() {
        CellDriver cell = new CellDriver();
        cell.open("a");
        cell.open("b");
        long a = cell.openFile("a", LOCK);
        long first = cell.granted("a", exclusive(a));
        long b = cell.openFile("b", LOCK);
        cell.call("b", exclusive(b));
        cell.call("a", new LockOp.Release(a, first));
        long released = cell.lastSequence("a");
        assertThat(cell.cell.holders(LOCK)).containsExactly("b");
        assertThat(cell.apply("a", released, new LockOp.Release(a, first))).as("the retry's answer: the first one")
                .isInstanceOf(LockReply.Done.class);
        assertThat(cell.cell.holders(LOCK)).as("after the retried Release").containsExactly("b");
        // a waits for the lock again, and gets it when b releases; then its old Release is sent anew, as a new call.
        cell.call("a", exclusive(a));
        cell.call("b", new LockOp.Release(b, first + 1));
        assertThat(cell.cell.holders(LOCK)).containsExactly("a");
        assertThat(cell.call("a", new LockOp.Release(a, first))).as("a Release of a's old tenure (generation %d), sent"
                + " anew while a holds generation %d", first, first + 2).isInstanceOf(LockReply.Refused.class);
        assertThat(cell.cell.holders(LOCK)).as("after a's stale Release").containsExactly("a");
    }

    @Test
    @DisplayName("a shared Acquire does not jump the line: it waits behind an exclusive waiter (no writer starves)")
    void sharedDoesNotJumpTheLine() {
        CellDriver cell = new CellDriver();
        for (String s : new String[] {"a", "b", "c"}) {
            cell.open(s);
        }
        long a = cell.openFile("a", LOCK);
        long generation = cell.granted("a", shared(a));
        assertThat(cell.call("b", exclusive(cell.openFile("b", LOCK)))).as("b's exclusive Acquire").isNull();
        assertThat(cell.call("c", shared(cell.openFile("c", LOCK)))).as("c's shared Acquire, behind b").isNull();
        assertThat(cell.cell.holders(LOCK)).containsExactly("a");
        cell.call("a", new LockOp.Release(a, generation));
        assertThat(cell.cell.holders(LOCK)).containsExactly("b");
        assertThat(cell.cell.waiting(LOCK)).containsExactly("c");
    }

    @Test
    @DisplayName("a release wakes every shared waiter at the head of the line together, and stops at the exclusive one behind them")
    void wakesTheSharedWaitersTogether() {
        CellDriver cell = new CellDriver();
        for (String s : new String[] {"a", "b", "c", "d"}) {
            cell.open(s);
        }
        long a = cell.openFile("a", LOCK);
        long generation = cell.granted("a", exclusive(a));
        assertThat(cell.call("b", shared(cell.openFile("b", LOCK)))).as("b's shared Acquire while a holds it").isNull();
        assertThat(cell.call("c", shared(cell.openFile("c", LOCK)))).as("c's shared Acquire while a holds it").isNull();
        assertThat(cell.call("d", exclusive(cell.openFile("d", LOCK)))).as("d's exclusive Acquire while a holds it").isNull();
        cell.call("a", new LockOp.Release(a, generation));
        assertThat(cell.cell.holders(LOCK)).as("the holders after a's release, with shared waiters b and c at the head"
                + " of the line (b, c, d): both share the lock at once, neither waits for the other").containsExactly("b", "c");
        assertThat(cell.cell.waiting(LOCK)).as("the line after a's release: d, exclusive, waits for b and c").containsExactly("d");
    }

    @Test
    @DisplayName("through a cell of three servers: two clients take turns, the waiter is granted after the release")
    void throughTheCell() {
        LockCluster cluster = LockCluster.of(1).build();
        cluster.awaitMaster();
        NodeId a = cluster.newClient("a");
        NodeId b = cluster.newClient("b");
        long ha = cluster.open(a, LOCK);
        long hb = cluster.open(b, LOCK);
        long first = cluster.acquire(a, ha);
        AtomicReference<LockReply> waiting = cluster.callLater(b, exclusive(hb));
        cluster.sim.runFor(Duration.ofMillis(500));
        assertThat(waiting.get()).as("b's Acquire while a holds the lock").isNull();
        assertThat(cluster.call(a, new LockOp.Release(ha, first))).isInstanceOf(LockReply.Done.class);
        cluster.sim.runUntil(() -> waiting.get() != null, Duration.ofSeconds(2), "b's Acquire is granted");
        assertThat(waiting.get()).isEqualTo(new LockReply.Granted(first + 1));
        assertThat(cluster.client(b).believesHolding(LOCK)).isTrue();
        assertThat(cluster.client(a).believesHolding(LOCK)).isFalse();
    }
}
