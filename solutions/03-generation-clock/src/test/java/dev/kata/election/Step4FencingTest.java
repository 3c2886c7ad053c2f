package dev.kata.election;

import static dev.kata.election.TestCluster.ms;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.election.PeerMessage.Heartbeat;
import dev.kata.election.PeerMessage.Rejected;
import dev.kata.election.PeerMessage.RequestVote;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.sim.Probe;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("step-4")
@DisplayName("Step 4: fencing by generation: older requests are rejected, newer generations are taken in")
class Step4FencingTest {

    /** Leaders that never step down on their own: only fencing can tell them they are stale. */
    static final ElectionConfig STUBBORN = ElectionConfig.DEFAULT.withStepDownAfter(Duration.ofMinutes(1));

    @Test
    @DisplayName("a request from an older generation is rejected, the answer names the current one, and it changes nothing")
    void olderRequestRejected() {
        TestCluster cluster = TestCluster.of(21).build();
        ElectionNode leader = cluster.awaitSettledLeader(Duration.ofSeconds(2));
        long generation = leader.leaderOf().orElseThrow();
        NodeId follower = cluster.servers.stream().filter(id -> !id.equals(leader.id())).findFirst().orElseThrow();
        Probe stale = Probe.add(cluster.sim, "stale");
        stale.send(follower, new Heartbeat(generation - 1));
        stale.send(follower, new RequestVote(generation - 1));
        cluster.sim.runFor(ms(20));
        assertThat(stale.received(Rejected.class))
                .as("%s's answers to a heartbeat and a vote request of generation %d, while it is in generation %d",
                        follower, generation - 1, generation)
                .containsExactly(new Rejected(generation, generation - 1), new Rejected(generation, generation - 1));
        assertThat(cluster.node(follower).knownLeader()).as("whom %s follows after a stale heartbeat", follower)
                .contains(leader.id());
        assertThat(cluster.node(follower).votedFor()).as("%s's vote after a stale vote request", follower)
                .isNotEqualTo(java.util.Optional.of(stale.id()));
    }

    @Test
    @DisplayName("a node that hears of a newer generation moves to it, durably, and stops leading")
    void newerGenerationTakenIn() {
        TestCluster cluster = TestCluster.of(22).config(STUBBORN).build();
        ElectionNode leader = cluster.awaitSettledLeader(Duration.ofSeconds(2));
        NodeId id = leader.id();
        long newer = leader.leaderOf().orElseThrow() + 5;
        Probe future = Probe.add(cluster.sim, "future");
        future.send(id, new Heartbeat(newer));
        cluster.sim.runFor(ms(10));
        assertThat(cluster.node(id).isLeader()).as("%s leads after a heartbeat of generation %d", id, newer).isFalse();
        assertThat(cluster.node(id).generation()).as("the generation of %s after a heartbeat of generation %d", id, newer)
                .isEqualTo(newer);
        cluster.sim.crash(id);
        cluster.sim.restart(id);
        assertThat(cluster.node(id).generation()).as("the generation of %s after a crash: it took in generation %d "
                + "and answered in it, so the generation must be on disk", id, newer).isGreaterThanOrEqualTo(newer);
    }

    @Test
    @DisplayName("a deposed leader steps down at the first rejection of its heartbeats, long before stepDownAfter")
    void firstRejectionDeposes() {
        TestCluster cluster = TestCluster.of(23).config(STUBBORN).build();
        ElectionNode leader = cluster.awaitSettledLeader(Duration.ofSeconds(2));
        NodeId old = leader.id();
        long generation = leader.leaderOf().orElseThrow();
        Set<NodeId> others = new TreeSet<>(cluster.servers);
        others.remove(old);
        cluster.sim.network().partition(Set.of(old), others);
        ElectionNode next = cluster.awaitLeaderAbove(generation, Duration.ofSeconds(2));
        assertThat(cluster.node(old).isLeader()).as("%s, alone behind a partition, still believes it leads "
                + "(it never steps down by itself in this test)", old).isTrue();

        cluster.sim.network().heal();
        cluster.sim.network().block(next.id(), old); // the new leader's heartbeats never reach it
        long newer = next.leaderOf().orElseThrow();
        cluster.sim.runUntil(() -> !cluster.node(old).isLeader(), ElectionConfig.DEFAULT.heartbeatInterval().multipliedBy(3),
                old + " learns from the rejection of its heartbeats that generation " + newer + " exists, and steps down");
        assertThat(cluster.node(old).generation()).as("the generation of %s after its heartbeat was rejected", old)
                .isGreaterThanOrEqualTo(newer);
    }

    @Test
    @DisplayName("a leader deposed behind a partition follows the new leader, in its generation, once the network heals")
    void partitionedLeaderRejoins() {
        TestCluster cluster = TestCluster.of(24).config(STUBBORN).build();
        ElectionNode leader = cluster.awaitSettledLeader(Duration.ofSeconds(2));
        NodeId old = leader.id();
        Set<NodeId> others = new TreeSet<>(cluster.servers);
        others.remove(old);
        cluster.sim.network().partition(Set.of(old), others);
        ElectionNode next = cluster.awaitLeaderAbove(leader.leaderOf().orElseThrow(), Duration.ofSeconds(2));
        cluster.sim.network().heal();
        ElectionNode settled = cluster.awaitSettledLeader(ElectionConfig.DEFAULT.heartbeatInterval().multipliedBy(3));
        assertThat(settled.id()).as("the leader once the network healed (%s)", cluster.describe()).isEqualTo(next.id());
        assertThat(cluster.node(old).generation()).isEqualTo(next.leaderOf().orElseThrow());
    }

    @Test
    @DisplayName("a leader that wakes from a long pause learns at once that it is stale, and follows")
    void pausedLeaderWakesUp() {
        TestCluster cluster = TestCluster.of(25).config(STUBBORN).build();
        ElectionNode leader = cluster.awaitSettledLeader(Duration.ofSeconds(2));
        NodeId old = leader.id();
        cluster.sim.pause(old);
        ElectionNode next = cluster.awaitLeaderAbove(leader.leaderOf().orElseThrow(), Duration.ofSeconds(2));
        cluster.sim.runFor(Duration.ofSeconds(1));
        cluster.sim.resume(old);
        cluster.sim.runUntil(() -> !cluster.node(old).isLeader(), ms(20),
                old + ", resumed after a pause in which " + next.id() + " was elected, stops leading");
        assertThat(cluster.node(old).generation()).isEqualTo(next.leaderOf().orElseThrow());
        assertThat(cluster.awaitSettledLeader(ElectionConfig.DEFAULT.heartbeatInterval().multipliedBy(3)).id())
                .isEqualTo(next.id());
    }
}
