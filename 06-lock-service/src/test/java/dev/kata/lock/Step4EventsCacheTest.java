// Generated from solutions/06-lock-service/src/test/java/dev/kata/lock/Step4EventsCacheTest.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint 0348a8ec6a54
package dev.kata.lock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.lock.CellEvent.Kind;
import dev.kata.runtime.checker.LockCommand.Mode;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.sim.Hold;
import dev.kata.runtime.sim.MessageMatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Step 4: events and the cache. A session hears of changes to the nodes it has handles on, after the
 * change, in the master's KeepAlive answers; a client caches what it reads, and a write completes only
 * once every client that may cache the node has dropped it or its lease has run out.
 */
@Tag("step-4")
@DisplayName("Step 4: events and the client cache")
class Step4EventsCacheTest {

    private static final String DIR = "/ls/cell/service";
    private static final String FILE = DIR + "/config";

    private static LockReply read(LockCluster cluster, NodeId client, long handle) {
        AtomicReference<LockReply> answer = new AtomicReference<>();
        cluster.client(client).read(handle, answer::set);
        cluster.sim.runUntil(() -> answer.get() != null, Duration.ofSeconds(5), client + "'s read is answered");
        return answer.get();
    }

    private static String contents(LockReply reply) {
        assertThat(reply).isInstanceOf(LockReply.Contents.class);
        return ((LockReply.Contents) reply).contents();
    }

    @Test
    @DisplayName("events are subscribed to when a handle is opened: a session hears only the kinds it asked for, on that node")
    void onlyTheEventsAskedFor() {
        LockCluster cluster = LockCluster.of(32).build();
        cluster.awaitMaster();
        NodeId a = cluster.newClient("a");
        NodeId b = cluster.newClient("b");
        cluster.call(a, new LockOp.Open(DIR, true, true, false, java.util.Set.of()));
        long quiet = ((LockReply.Opened) cluster.call(a, new LockOp.Open(FILE, true, false, false,
                java.util.Set.of()))).handle();
        long bFile = ((LockReply.Opened) cluster.call(b, new LockOp.Open(FILE, false, false, false,
                java.util.EnumSet.of(Kind.LOCK_ACQUIRED)))).handle();
        cluster.call(a, new LockOp.SetContents(quiet, "v1", -1));
        cluster.call(a, new LockOp.Acquire(quiet, Mode.EXCLUSIVE));
        cluster.call(b, new LockOp.Open(DIR + "/other", true, false, false));
        cluster.sim.runFor(Duration.ofSeconds(1));
        assertThat(cluster.client(a).cellEvents()).as("what a heard, with handles that asked for no event")
                .isEmpty();
        assertThat(cluster.client(b).cellEvents()).as("what b heard, with a handle that asked for LOCK_ACQUIRED only")
                .containsExactly(new CellEvent(Kind.LOCK_ACQUIRED, FILE));
        assertThat(bFile).isPositive();
    }

    @Test
    @DisplayName("events: child added and removed, contents modified, lock acquired, handle invalid; each after its change")
    void events() {
        LockCluster cluster = LockCluster.of(31).build();
        cluster.awaitMaster();
        NodeId a = cluster.newClient("a");
        NodeId b = cluster.newClient("b");
        cluster.call(a, new LockOp.Open(DIR, true, true, false));
        long file = cluster.open(a, FILE);
        cluster.sim.runFor(Duration.ofMillis(100)); // the event of a's own file reaches a
        List<String> seenAfter = new ArrayList<>();
        cluster.client(a).onCellEvent(event -> {
            // Delivered after the change: the master's state already shows it.
            LockCell cell = cluster.master().orElseThrow().cell();
            seenAfter.add(event.kind() + " " + event.path() + " " + cell.namespace().paths().contains(event.path()));
        });
        long other = cluster.open(b, DIR + "/other");
        long bFile = cluster.open(b, FILE);
        cluster.call(b, new LockOp.SetContents(bFile, "v1", -1));
        cluster.call(b, new LockOp.Acquire(bFile, Mode.EXCLUSIVE));
        long aOther = cluster.open(a, DIR + "/other");
        cluster.call(b, new LockOp.Delete(other));
        cluster.sim.runFor(Duration.ofSeconds(1));
        assertThat(cluster.client(a).cellEvents()).containsExactly(
                new CellEvent(Kind.CHILD_ADDED, FILE), // a's own
                new CellEvent(Kind.CHILD_ADDED, DIR + "/other"),
                new CellEvent(Kind.CONTENTS_MODIFIED, FILE),
                new CellEvent(Kind.LOCK_ACQUIRED, FILE),
                new CellEvent(Kind.HANDLE_INVALID, DIR + "/other"),
                new CellEvent(Kind.CHILD_REMOVED, DIR + "/other"));
        assertThat(seenAfter).as("each event, and whether the master's namespace held its path when a heard of it")
                .containsExactly("CHILD_ADDED " + DIR + "/other true", "CONTENTS_MODIFIED " + FILE + " true",
                        "LOCK_ACQUIRED " + FILE + " true", "HANDLE_INVALID " + DIR + "/other false",
                        "CHILD_REMOVED " + DIR + "/other false");
        assertThat(file).isPositive();
        assertThat(aOther).isPositive();
    }

    @Test
    @DisplayName("the cache: a second read comes from the cache; after another client's write completes, the cache no longer has the old value")
    void writeCompletesAfterInvalidation() {
        LockCluster cluster = LockCluster.of(32).build();
        LockServer master = cluster.awaitMaster();
        NodeId a = cluster.newClient("a");
        NodeId b = cluster.newClient("b");
        long ha = cluster.open(a, FILE.replace("/service", ""));
        long hb = cluster.open(b, FILE.replace("/service", ""));
        cluster.call(b, new LockOp.SetContents(hb, "v1", -1));
        assertThat(contents(read(cluster, a, ha))).isEqualTo("v1");
        long logBefore = master.replica().lastIndex();
        assertThat(contents(read(cluster, a, ha))).as("a's second read").isEqualTo("v1");
        assertThat(master.replica().lastIndex()).as("the log after a read from the cache").isEqualTo(logBefore);
        // The master's answers to a (which will carry the invalidation) are slow to arrive.
        Hold slow = cluster.sim.network().hold(MessageMatch.of(LockMessage.KeepAliveReply.class).to(a));
        AtomicReference<LockReply> write = cluster.callLater(b, new LockOp.SetContents(hb, "v2", -1));
        cluster.sim.runFor(Duration.ofMillis(500));
        assertThat(write.get()).as("b's write while the invalidation has not reached a").isNull();
        assertThat(contents(read(cluster, a, ha))).as("a's read meanwhile (b's write has not completed)").isEqualTo("v1");
        slow.release();
        cluster.sim.runUntil(() -> write.get() != null, Duration.ofSeconds(5), "b's write completes");
        assertThat(cluster.client(a).caches(FILE.replace("/service", ""))).as("a caches the file once b's write completed").isFalse();
        assertThat(contents(read(cluster, a, ha))).as("a's read after b's write completed").isEqualTo("v2");
    }

    /**
     * The race the invalidation count is for: a's read is answered with v1, but the answer is slow; b's write
     * of v2 invalidates a's copy meanwhile, and completes. The late answer must not go into a's cache, or a
     * reads v1 from it for as long as its lease lasts, after b was told its write is done.
     */
    @Test
    @DisplayName("the cache: a read answered before another client's write, but arriving after its invalidation, is not cached")
    void lateReadAfterInvalidationIsNotCached() {
        LockCluster cluster = LockCluster.of(34).build();
        cluster.awaitMaster();
        NodeId a = cluster.newClient("a");
        NodeId b = cluster.newClient("b");
        String path = "/ls/cell/config";
        long ha = cluster.open(a, path);
        long hb = cluster.open(b, path);
        cluster.call(b, new LockOp.SetContents(hb, "v1", -1));
        Hold slowAnswers = cluster.sim.network().hold(MessageMatch.of(LockMessage.CallReply.class).to(a));
        AtomicReference<LockReply> late = new AtomicReference<>();
        cluster.client(a).read(ha, late::set);
        cluster.sim.runFor(Duration.ofMillis(200)); // the read is applied; its answer (v1) is held on its way to a
        AtomicReference<LockReply> write = cluster.callLater(b, new LockOp.SetContents(hb, "v2", -1));
        cluster.sim.runUntil(() -> write.get() != null, Duration.ofSeconds(5), "b's write of v2 completes");
        slowAnswers.release();
        cluster.sim.runUntil(() -> late.get() != null, Duration.ofSeconds(5), "a's slow read is answered");
        assertThat(contents(late.get())).as("a's slow read, applied before b's write").isEqualTo("v1");
        assertThat(cluster.client(a).caches(path)).as("whether a caches %s after its read's answer (v1) arrived after"
                + " the invalidation of b's write: a cached v1 would be served after b's write completed", path).isFalse();
        assertThat(contents(read(cluster, a, ha))).as("a's next read, after b's write of v2 completed").isEqualTo("v2");
    }

    /**
     * An invalidation that comes while the master holds no KeepAlive of the caching client waits for its
     * next one; the KeepAlive that then comes says what the client handled before it, which cannot include
     * an invalidation no answer has carried yet. Counted as taken in, the write would complete while the
     * client still serves the old contents from its cache.
     */
    @Test
    @DisplayName("the cache: an invalidation no answer has carried yet is not taken in by the client's next KeepAlive")
    void invalidationNotYetSentIsNotTakenIn() {
        LockCluster cluster = LockCluster.of(35).build();
        cluster.awaitMaster();
        NodeId a = cluster.newClient("a");
        NodeId b = cluster.newClient("b");
        String path = "/ls/cell/config";
        long ha = cluster.open(a, path);
        long hb = cluster.open(b, path);
        cluster.call(b, new LockOp.SetContents(hb, "v1", -1));
        assertThat(contents(read(cluster, a, ha))).isEqualTo("v1");
        assertThat(cluster.client(a).caches(path)).as("a caches %s after reading it", path).isTrue();
        // The master answers the KeepAlive it holds; a's next one is held on its way: the master holds none of a's.
        Hold keepAlives = cluster.sim.network().hold(MessageMatch.of(LockMessage.KeepAlive.class).from(a));
        long answered = cluster.client(a).keepAlivesAnswered();
        cluster.sim.runUntil(() -> cluster.client(a).keepAlivesAnswered() > answered, Duration.ofSeconds(3),
                "the master answers a's KeepAlive");
        AtomicReference<LockReply> write = cluster.callLater(b, new LockOp.SetContents(hb, "v2", -1));
        cluster.sim.runFor(Duration.ofMillis(200)); // b's write is applied; its invalidation of a waits for a KeepAlive
        keepAlives.release();
        cluster.sim.runUntil(() -> write.get() != null, Duration.ofSeconds(5), "b's write of v2 completes");
        assertThat(contents(read(cluster, a, ha))).as("a's read after b's write of v2 completed (the KeepAlive that"
                + " arrived after the write said nothing of an invalidation it had not been sent)").isEqualTo("v2");
    }

    @Test
    @DisplayName("the cache: a write waits for a caching client that cannot answer until its lease runs out; that client never reads the old value again")
    void writeWaitsForAStalledCacher() {
        LockCluster cluster = LockCluster.of(33).build();
        cluster.awaitMaster();
        NodeId a = cluster.newClient("a");
        NodeId b = cluster.newClient("b");
        String path = "/ls/cell/config";
        long ha = cluster.open(a, path);
        long hb = cluster.open(b, path);
        cluster.call(b, new LockOp.SetContents(hb, "v1", -1));
        assertThat(contents(read(cluster, a, ha))).isEqualTo("v1");
        cluster.sim.pause(a);
        AtomicReference<LockReply> write = cluster.callLater(b, new LockOp.SetContents(hb, "v2", -1));
        cluster.sim.runFor(Duration.ofMillis(1000));
        assertThat(write.get()).as("b's write while a, which caches the file, is paused").isNull();
        cluster.sim.runUntil(() -> write.get() != null, Duration.ofSeconds(10), "b's write completes");
        cluster.sim.resume(a);
        LockReply after = read(cluster, a, ha);
        assertThat(after).as("a's read after its pause, once b's write completed: never v1").satisfiesAnyOf(
                reply -> assertThat(contents(reply)).isEqualTo("v2"),
                reply -> assertThat(reply).isInstanceOfSatisfying(LockReply.Refused.class,
                        r -> assertThat(r.code()).isEqualTo(ErrorCode.SESSION_EXPIRED)));
    }
}
