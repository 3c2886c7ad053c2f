package dev.kata.election;

import static dev.kata.election.TestCluster.ms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.sim.Probe;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("step-3")
@DisplayName("Step 3: HeartBeat: a leader keeps its followers; silence starts an election; a lonely leader steps down")
class Step3HeartbeatTest {

    static final ElectionConfig CONFIG = ElectionConfig.DEFAULT;

    @Test
    @DisplayName("a leader's heartbeats keep its followers from standing: one leader, one generation, for 10 s")
    void heartbeatsKeepTheLeader() {
        TestCluster cluster = TestCluster.of(11).build();
        ElectionNode leader = cluster.awaitLeader(Duration.ofSeconds(2));
        long generation = leader.leaderOf().orElseThrow();
        cluster.sim.runFor(Duration.ofSeconds(10));
        assertThat(cluster.leader().map(ElectionNode::id))
                .as("the leader 10 s after %s was elected in generation %d (now: %s)", leader.id(), generation,
                        cluster.describe())
                .contains(leader.id());
        assertThat(cluster.nodes()).as("the generations 10 s later: a follower that stood for election did not hear "
                + "the heartbeats, or did not restart its election timeout on them (%s)", cluster.describe())
                .allMatch(n -> n.generation() == generation);
    }

    @Test
    @DisplayName("followers learn who leads from its heartbeats")
    void followersKnowTheLeader() {
        TestCluster cluster = TestCluster.of(12).servers(5).build();
        ElectionNode leader = cluster.awaitSettledLeader(Duration.ofSeconds(2));
        cluster.sim.runFor(ms(500));
        for (ElectionNode node : cluster.nodes()) {
            assertThat(node.knownLeader()).as("the leader %s knows of (%s)", node.id(), cluster.describe())
                    .contains(leader.id());
        }
    }

    @Test
    @DisplayName("when the leader crashes, a follower stands within its election timeout, and a new leader is elected")
    void leaderCrash() {
        TestCluster cluster = TestCluster.of(13).build();
        ElectionNode leader = cluster.awaitSettledLeader(Duration.ofSeconds(2));
        long generation = leader.leaderOf().orElseThrow();
        cluster.sim.crash(leader.id());
        Duration standing = cluster.sim.runUntil(
                () -> cluster.nodes().stream().anyMatch(n -> n.generation() > generation),
                CONFIG.electionTimeoutMax().plus(CONFIG.heartbeatInterval()),
                "a follower stands for election after the leader's heartbeats stop");
        assertThat(standing).isLessThanOrEqualTo(CONFIG.electionTimeoutMax().plus(CONFIG.heartbeatInterval()));
        ElectionNode next = cluster.awaitLeaderAbove(generation, Duration.ofSeconds(2));
        assertThat(next.id()).isNotEqualTo(leader.id());
    }

    @Test
    @DisplayName("a leader cut off from the others steps down within stepDownAfter, and the others elect a new one")
    void isolatedLeaderStepsDown() {
        TestCluster cluster = TestCluster.of(14).build();
        ElectionNode leader = cluster.awaitSettledLeader(Duration.ofSeconds(2));
        NodeId old = leader.id();
        long generation = leader.leaderOf().orElseThrow();
        cluster.sim.network().isolate(old);
        Duration bound = CONFIG.stepDownAfter().plus(CONFIG.heartbeatInterval().multipliedBy(2));
        cluster.sim.runUntil(() -> !cluster.node(old).isLeader(), bound,
                old + ", cut off from every other node, steps down");
        assertThat(cluster.node(old).generation()).as("the generation of %s after it stepped down: stepping down "
                + "keeps the generation", old).isEqualTo(generation);
        ElectionNode next = cluster.awaitLeaderAbove(generation, Duration.ofSeconds(2));
        assertThat(next.id()).isNotEqualTo(old);
    }

    @Test
    @DisplayName("a leader of five that reaches only one follower steps down: two of five are no majority")
    void minorityLeaderStepsDown() {
        TestCluster cluster = TestCluster.of(15).servers(5).build();
        ElectionNode leader = cluster.awaitSettledLeader(Duration.ofSeconds(2));
        NodeId old = leader.id();
        NodeId friend = cluster.servers.stream().filter(id -> !id.equals(old)).findFirst().orElseThrow();
        Set<NodeId> rest = new java.util.TreeSet<>(cluster.servers);
        rest.remove(old);
        rest.remove(friend);
        cluster.sim.network().partition(Set.of(old, friend), rest);
        cluster.sim.runUntil(() -> !cluster.node(old).isLeader(),
                CONFIG.stepDownAfter().plus(CONFIG.heartbeatInterval().multipliedBy(2)),
                old + ", with only " + friend + " on its side of a partition of 5 nodes, steps down");
    }

    @Test
    @DisplayName("a leader of four that reaches only one follower steps down: two of four, half, are no majority")
    void halfIsNoMajority() {
        TestCluster cluster = TestCluster.of(63).servers(4).build();
        ElectionNode leader = cluster.awaitSettledLeader(Duration.ofSeconds(2));
        NodeId old = leader.id();
        NodeId friend = cluster.servers.stream().filter(id -> !id.equals(old)).findFirst().orElseThrow();
        Set<NodeId> rest = new java.util.TreeSet<>(cluster.servers);
        rest.remove(old);
        rest.remove(friend);
        cluster.sim.network().partition(Set.of(old, friend), rest);
        cluster.sim.runUntil(() -> !cluster.node(old).isLeader(),
                CONFIG.stepDownAfter().plus(CONFIG.heartbeatInterval().multipliedBy(2)),
                old + ", with only " + friend + " on its side of a partition of 4 nodes, steps down");
    }

    /**
     * Silences are durations: measured on the monotonic clock ({@code ctx.nanoTime()}), not on the wall
     * clock ({@code ctx.now()}), which an NTP correction or an operator can step. Here, every 10 ms for
     * 3 s, the leader's wall clock jumps a minute ahead and the followers' a minute back (so that some
     * step falls between a round of answers and the leader's next look at them).
     */
    @Test
    @DisplayName("a wall clock stepped forward or back does not make a leader step down: silences are measured on the monotonic clock")
    void wallClockStepsStartNoElection() {
        TestCluster cluster = TestCluster.of(17).build();
        ElectionNode leader = cluster.awaitSettledLeader(Duration.ofSeconds(2));
        long generation = leader.leaderOf().orElseThrow();
        for (int i = 1; i <= 300; i++) {
            cluster.sim.after(ms(10L * i), "step every wall clock", () -> {
                for (NodeId id : cluster.servers) {
                    cluster.sim.shiftClock(id, Duration.ofMinutes(id.equals(leader.id()) ? 1 : -1));
                }
            });
        }
        cluster.sim.runFor(Duration.ofSeconds(3));
        assertThat(cluster.nodes()).as("the generations after 3 s in which the leader %s's wall clock jumped a minute "
                + "ahead every 10 ms and the followers' a minute back: a leader that measures silences with now() "
                + "thinks its followers have been silent for a minute, and steps down (%s)", leader.id(),
                cluster.describe())
                .allMatch(n -> n.generation() == generation);
        assertThat(cluster.leader().map(ElectionNode::id)).contains(leader.id());
    }

    @Test
    @DisplayName("a wall clock stepped back does not keep a cut-off leader in office: it steps down within stepDownAfter")
    void wallClockStepBackHidesNoSilence() {
        TestCluster cluster = TestCluster.of(18).build();
        ElectionNode leader = cluster.awaitSettledLeader(Duration.ofSeconds(2));
        NodeId old = leader.id();
        long generation = leader.leaderOf().orElseThrow();
        for (NodeId id : cluster.servers) {
            cluster.sim.shiftClock(id, Duration.ofHours(-1));
        }
        cluster.sim.network().isolate(old);
        cluster.sim.runUntil(() -> !cluster.node(old).isLeader(),
                CONFIG.stepDownAfter().plus(CONFIG.heartbeatInterval().multipliedBy(2)),
                old + ", cut off from every other node just after its wall clock was stepped an hour back, steps down "
                        + "(with silences measured by now(), its followers seem to have answered an hour from now)");
        ElectionNode next = cluster.awaitLeaderAbove(generation, Duration.ofSeconds(2));
        assertThat(next.id()).isNotEqualTo(old);
    }

    @Test
    @DisplayName("a candidate that hears a heartbeat of its own generation follows its sender: that election is won")
    void candidateFollowsTheWinner() {
        TestCluster cluster = TestCluster.of(7).config(TestCluster.patient())
                .config("n1", ElectionConfig.DEFAULT.withElectionTimeout(ms(100), ms(110))).build();
        NodeId n1 = cluster.id(1);
        cluster.sim.network().isolate(n1);
        Probe winner = Probe.add(cluster.sim, "winner");
        cluster.sim.runUntil(() -> cluster.node(n1).role() instanceof Role.Candidate, Duration.ofSeconds(1),
                "n1 stands for election");
        long generation = cluster.node(n1).generation();
        cluster.sim.network().heal();
        winner.send(n1, new PeerMessage.Heartbeat(generation));
        cluster.sim.runFor(ms(20));
        assertThat(cluster.node(n1).role()).as("n1, a candidate in generation %d, after a heartbeat of generation %d",
                generation, generation).isEqualTo(new Role.Follower(winner.id()));
        assertThat(cluster.node(n1).knownLeader()).isEqualTo(Optional.of(winner.id()));
    }

    @Test
    @DisplayName("a leader that hears from a majority stays, though a follower is gone")
    void majorityIsEnough() {
        TestCluster cluster = TestCluster.of(16).build();
        ElectionNode leader = cluster.awaitSettledLeader(Duration.ofSeconds(2));
        NodeId follower = cluster.servers.stream().filter(id -> !id.equals(leader.id())).findFirst().orElseThrow();
        cluster.sim.crash(follower);
        cluster.sim.runFor(Duration.ofSeconds(5));
        assertThat(cluster.leader().map(ElectionNode::id))
                .as("the leader 5 s after %s crashed: the leader and the other follower are a majority (%s)", follower,
                        cluster.describe())
                .isEqualTo(Optional.of(leader.id()));
    }

    @Test
    @DisplayName("a configuration whose heartbeats could not keep followers quiet is refused, saying why")
    void configurationIsChecked() {
        assertThatThrownBy(() -> CONFIG.withHeartbeatInterval(ms(100)))
                .as("heartbeats every 100 ms with election timeouts from 150 ms")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most half of electionTimeoutMin");
        assertThatThrownBy(() -> CONFIG.withElectionTimeout(ms(300), ms(300)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("drawn at random between them");
        assertThatThrownBy(() -> CONFIG.withStepDownAfter(ms(60)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two heartbeat intervals");
    }
}
