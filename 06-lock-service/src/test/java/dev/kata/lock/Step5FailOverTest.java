// Generated from solutions/06-lock-service/src/test/java/dev/kata/lock/Step5FailOverTest.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint a7410a064e7e
package dev.kata.lock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.sim.Hold;
import dev.kata.runtime.sim.MessageMatch;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Step 5: master fail-over. The new master rebuilds the cell from the log and extends every lease
 * (given); then it serves only KeepAlives until every session it inherited has acknowledged the
 * fail-over event (in its next KeepAlive) or expired, so that no client still acting on what the old
 * master told it gets a call through in between.
 */
@Tag("step-5")
@DisplayName("Step 5: master fail-over")
class Step5FailOverTest {

    private static final String LOCK = "/ls/cell/leader";

    @Test
    @DisplayName("a new master serves only KeepAlives until every session acknowledged its fail-over event")
    void onlyKeepAlivesUntilAcknowledged() {
        LockCluster cluster = LockCluster.of(21).build();
        LockServer old = cluster.awaitMaster();
        NodeId a = cluster.newClient("a");
        NodeId b = cluster.newClient("b");
        long handle = cluster.open(a, LOCK);
        cluster.sim.pause(b); // b will not acknowledge the next master's fail-over for a while
        cluster.sim.crash(NodeId.of(old.replica().id().name()));
        LockClient client = cluster.client(a);
        cluster.sim.runUntil(() -> client.events().contains(SessionEvent.MASTER_FAIL_OVER), Duration.ofSeconds(10),
                "a hears of the fail-over (" + cluster.describe() + ")");
        LockServer master = cluster.master().orElseThrow();
        assertThat(master.isServing()).as("the new master serves calls while b has not acknowledged").isFalse();
        AtomicReference<LockReply> answer = cluster.callLater(a, new LockOp.GetContents(handle));
        cluster.sim.runFor(Duration.ofSeconds(1));
        assertThat(answer.get()).as("a's call while b has not acknowledged the fail-over").isNull();
        cluster.sim.resume(b);
        cluster.sim.runUntil(() -> answer.get() != null, Duration.ofSeconds(5), "a's call is answered once b acknowledged");
        assertThat(answer.get()).isInstanceOf(LockReply.Contents.class);
        assertThat(cluster.client(b).events()).contains(SessionEvent.MASTER_FAIL_OVER);
        assertThat(cluster.master().orElseThrow().cell().sessions()).as("no session lost in the fail-over")
                .containsExactlyInAnyOrder(client.session(), cluster.client(b).session());
    }

    @Test
    @DisplayName("a KeepAlive that names the old master's generation acknowledges nothing: the new master still serves no calls")
    void oldGenerationAcknowledgesNothing() {
        LockCluster cluster = LockCluster.of(23).build();
        LockServer old = cluster.awaitMaster();
        long oldGeneration = old.masterGeneration();
        NodeId b = cluster.newClient("b");
        cluster.open(b, LOCK);
        cluster.sim.crash(NodeId.of(old.replica().id().name()));
        // b's KeepAlives reach the new master, but its answers (which carry the fail-over event) never reach b.
        Hold answers = cluster.sim.network().hold(MessageMatch.of(LockMessage.KeepAliveReply.class).to(b));
        cluster.sim.runUntil(() -> !answers.isEmpty(), Duration.ofSeconds(10),
                "a new master answers a KeepAlive of b (" + cluster.describe() + ")");
        cluster.sim.runFor(Duration.ofMillis(100));
        LockServer master = cluster.master().orElseThrow();
        assertThat(cluster.client(b).events()).as("b's session events").doesNotContain(SessionEvent.MASTER_FAIL_OVER);
        assertThat(master.isServing()).as("whether the new master (generation %d) serves calls after KeepAlives of b"
                + " that name generation %d: b has not heard of the fail-over, so it has acknowledged nothing",
                master.masterGeneration(), oldGeneration).isFalse();
    }

    @Test
    @DisplayName("a session that never acknowledges holds the new master back only until it expires")
    void anExpiredSessionNoLongerHoldsItBack() {
        LockCluster cluster = LockCluster.of(22).build();
        LockServer old = cluster.awaitMaster();
        NodeId a = cluster.newClient("a");
        NodeId b = cluster.newClient("b");
        long handle = cluster.open(a, LOCK);
        String gone = cluster.client(b).session();
        cluster.sim.crash(b);
        cluster.sim.crash(NodeId.of(old.replica().id().name()));
        cluster.sim.runUntil(() -> cluster.master().isPresent(), Duration.ofSeconds(10), "a new master");
        AtomicReference<LockReply> answer = cluster.callLater(a, new LockOp.GetContents(handle));
        cluster.sim.runUntil(() -> answer.get() != null, Duration.ofSeconds(15), "a's call is answered");
        LockServer master = cluster.master().orElseThrow();
        assertThat(master.cell().hasExpired(gone)).as("b's session, whose client crashed, expired first").isTrue();
        assertThat(answer.get()).isInstanceOf(LockReply.Contents.class);
    }

    @Test
    @DisplayName("once the new master has answered, a client stays safe: the lease it is told is the one the master holds")
    void safeAfterTheFirstAnswer() {
        LockCluster cluster = LockCluster.of(23).build();
        LockServer old = cluster.awaitMaster();
        NodeId a = cluster.newClient("a");
        cluster.open(a, LOCK);
        LockClient client = cluster.client(a);
        cluster.sim.crash(NodeId.of(old.replica().id().name()));
        cluster.sim.runUntil(() -> client.events().contains(SessionEvent.MASTER_FAIL_OVER) && client.isSafe(),
                Duration.ofSeconds(10), "a hears of the fail-over and is safe (" + cluster.describe() + ")");
        long jeopardies = client.events().stream().filter(e -> e == SessionEvent.JEOPARDY).count();
        // The new master extended a's lease to the longest the old one may have granted, and holds each
        // KeepAlive until just before that deadline: a reply that told a only the normal lease would let
        // a's local lease run out first.
        cluster.sim.runFor(LockCluster.CONFIG.failOverLease().multipliedBy(2));
        assertThat(client.events().stream().filter(e -> e == SessionEvent.JEOPARDY).count())
                .as("jeopardy events of a after the new master's first answer, with nothing failing (seed 23; "
                        + "events: " + client.events() + ")")
                .isEqualTo(jeopardies);
        assertThat(client.isSafe()).isTrue();
    }
}
