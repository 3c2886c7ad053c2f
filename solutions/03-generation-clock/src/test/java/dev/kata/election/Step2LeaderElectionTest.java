package dev.kata.election;

import static dev.kata.election.TestCluster.ms;
import static dev.kata.election.TestCluster.patient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kata.election.PeerMessage.RequestVote;
import dev.kata.election.PeerMessage.VoteReply;
import dev.kata.runtime.disk.SimulatedDisk;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.sim.NetworkConfig;
import dev.kata.runtime.sim.Probe;
import dev.kata.runtime.testing.RandomizedTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("step-2")
@DisplayName("Step 2: leader election: one vote per generation, durable; a majority makes a leader")
class Step2LeaderElectionTest {

    static final NodeId ALICE = NodeId.of("alice");
    static final NodeId BOB = NodeId.of("bob");

    @Nested
    @DisplayName("the vote (GenerationClock.voteFor)")
    class TheVote {

        private final SimulatedDisk disk = new SimulatedDisk();

        @Test
        @DisplayName("one vote per generation: a second candidate is refused, the same one hears yes again")
        void oncePerGeneration() {
            try (GenerationClock clock = GenerationClock.open(disk)) {
                assertThat(clock.voteFor(1, ALICE)).as("alice asks for a vote in generation 1").isTrue();
                assertThat(clock.votedFor()).contains(ALICE);
                assertThat(clock.voteFor(1, BOB)).as("bob asks for a vote in generation 1, after alice got it").isFalse();
                assertThat(clock.voteFor(1, ALICE))
                        .as("alice asks again in generation 1 (the network duplicated her request)").isTrue();
                assertThat(clock.votedFor()).contains(ALICE);
            }
        }

        @Test
        @DisplayName("a vote in a newer generation moves the clock there; one in an older generation is refused")
        void newerAndOlder() {
            try (GenerationClock clock = GenerationClock.open(disk)) {
                clock.voteFor(1, ALICE);
                assertThat(clock.voteFor(3, BOB)).as("bob asks in generation 3, the clock is at 1").isTrue();
                assertThat(clock.generation()).isEqualTo(3);
                assertThat(clock.votedFor()).contains(BOB);
                assertThat(clock.voteFor(2, ALICE)).as("alice asks in generation 2, the clock is at 3").isFalse();
                assertThat(clock.generation()).isEqualTo(3);
                assertThat(clock.votedFor()).contains(BOB);
            }
        }

        @Test
        @DisplayName("moving to a newer generation with advanceTo leaves no vote in it")
        void advanceClearsTheVote() {
            try (GenerationClock clock = GenerationClock.open(disk)) {
                clock.voteFor(1, ALICE);
                clock.advanceTo(2);
                assertThat(clock.votedFor()).as("the vote after advanceTo(2): the vote was for generation 1").isEmpty();
                assertThat(clock.voteFor(2, BOB)).as("bob asks in generation 2").isTrue();
            }
        }

        @Test
        @DisplayName("the vote survives a crash right after it was given: the restarted node does not vote again")
        void durable() {
            GenerationClock clock = GenerationClock.open(disk);
            clock.voteFor(4, ALICE);
            disk.crashCleanly();
            try (GenerationClock reopened = GenerationClock.open(disk)) {
                assertThat(reopened.generation()).isEqualTo(4);
                assertThat(reopened.votedFor()).as("the vote after a crash right after voting for alice in generation 4")
                        .contains(ALICE);
                assertThat(reopened.voteFor(4, BOB)).as("bob asks in generation 4 after the restart").isFalse();
            }
        }

        @Test
        @DisplayName("a vote that could not be persisted is not given")
        void persistBeforePromise() {
            FailingDisk failing = new FailingDisk(disk);
            try (GenerationClock clock = GenerationClock.open(failing)) {
                failing.failFromNowOn();
                assertThatThrownBy(() -> clock.voteFor(1, ALICE)).isInstanceOf(RuntimeException.class);
                assertThat(clock.votedFor()).as("the vote after it failed to persist").isEmpty();
                assertThat(clock.generation()).as("the generation after the vote failed to persist").isZero();
            }
        }
    }

    @Nested
    @DisplayName("the election timeout (ElectionNode.electionTimeout)")
    class ElectionTimeout {

        @Test
        @DisplayName("is drawn at random between the configured bounds, anew each time")
        void random() {
            TestCluster cluster = TestCluster.of(1).build();
            cluster.sim.start();
            ElectionNode node = cluster.node(cluster.id(1));
            List<Duration> drawn = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                drawn.add(node.electionTimeout());
            }
            ElectionConfig config = ElectionConfig.DEFAULT;
            assertThat(drawn).as("200 election timeouts, with bounds %s and %s", config.electionTimeoutMin(),
                    config.electionTimeoutMax())
                    .allMatch(d -> d.compareTo(config.electionTimeoutMin()) >= 0
                            && d.compareTo(config.electionTimeoutMax()) < 0);
            assertThat(Set.copyOf(drawn)).as("distinct values among 200 election timeouts: with the same timeout "
                    + "everywhere, followers stand together and split the vote again and again").hasSizeGreaterThan(150);
        }

        @Test
        @DisplayName("comes from the node's random source, so the same seed draws the same timeouts")
        void fromTheSeed() {
            assertThat(timeouts(7)).as("the timeouts of n1 in two runs with seed 7: take randomness only from "
                    + "ctx.random(), or a failing seed does not replay").isEqualTo(timeouts(7));
        }

        private List<Duration> timeouts(long seed) {
            TestCluster cluster = TestCluster.of(seed).build();
            cluster.sim.start();
            ElectionNode node = cluster.node(cluster.id(1));
            List<Duration> drawn = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                drawn.add(node.electionTimeout());
            }
            return drawn;
        }
    }

    @Nested
    @DisplayName("elections")
    class Elections {

        @Test
        @DisplayName("three nodes elect a leader, of generation 1 or more, with the votes of a majority")
        void threeNodes() {
            TestCluster cluster = TestCluster.of(2).build();
            ElectionNode leader = cluster.awaitLeader(Duration.ofSeconds(2));
            assertMajorityVotedFor(cluster, leader);
        }

        @Test
        @DisplayName("five nodes elect a leader, with the votes of a majority")
        void fiveNodes() {
            TestCluster cluster = TestCluster.of(3).servers(5).build();
            ElectionNode leader = cluster.awaitLeader(Duration.ofSeconds(2));
            assertMajorityVotedFor(cluster, leader);
        }

        @Test
        @DisplayName("four nodes elect a leader with the votes of three: two of four, half, is no majority")
        void fourNodes() {
            TestCluster cluster = TestCluster.of(3).servers(4).build();
            ElectionNode leader = cluster.awaitLeader(Duration.ofSeconds(2));
            assertMajorityVotedFor(cluster, leader);
        }

        @Test
        @DisplayName("a single node is a majority of one: it elects itself")
        void oneNode() {
            TestCluster cluster = TestCluster.of(4).servers(1).build();
            ElectionNode leader = cluster.awaitLeader(Duration.ofSeconds(1));
            assertThat(leader.leaderOf()).contains(1L);
        }

        private void assertMajorityVotedFor(TestCluster cluster, ElectionNode leader) {
            long generation = leader.leaderOf().orElseThrow();
            assertThat(generation).as("the generation of the first leader").isGreaterThanOrEqualTo(1);
            long voters = cluster.nodes().stream()
                    .filter(n -> n.generation() == generation && n.votedFor().equals(java.util.Optional.of(leader.id())))
                    .count();
            assertThat(voters).as("nodes that voted for %s in generation %d when it became leader (%s)", leader.id(),
                    generation, cluster.describe()).isGreaterThanOrEqualTo(cluster.servers.size() / 2 + 1);
        }

        @Test
        @DisplayName("the nodes of a minority never elect a leader; the majority's side does")
        void minorityNeverLeads() {
            TestCluster cluster = TestCluster.of(5).servers(5).build();
            NodeId n1 = cluster.id(1);
            NodeId n2 = cluster.id(2);
            cluster.sim.network().partition(Set.of(n1, n2), Set.of(cluster.id(3), cluster.id(4), cluster.id(5)));
            cluster.sim.invariant("n1 and n2, cut off with 2 of 5 nodes, never lead", () ->
                    assertThat(cluster.nodes()).as("nodes of the minority side that lead")
                            .noneMatch(n -> n.isLeader() && (n.id().equals(n1) || n.id().equals(n2))));
            ElectionNode leader = cluster.awaitLeader(Duration.ofSeconds(3));
            assertThat(leader.id()).isIn(cluster.id(3), cluster.id(4), cluster.id(5));
            cluster.sim.runFor(Duration.ofSeconds(5));
        }

        @Test
        @DisplayName("a vote survives a crash: restarted right after voting, a node does not vote again in that generation")
        void voteSurvivesCrash() {
            TestCluster cluster = TestCluster.of(6).config(patient()).build();
            NodeId n1 = cluster.id(1);
            Probe first = Probe.add(cluster.sim, "candidate-a");
            Probe second = Probe.add(cluster.sim, "candidate-b");
            first.send(n1, new RequestVote(1));
            cluster.sim.runFor(ms(50));
            assertThat(first.received(VoteReply.class)).as("n1's answer to candidate-a, the first to ask in generation 1")
                    .containsExactly(new VoteReply(1, true));

            cluster.sim.crash(n1);
            cluster.sim.restart(n1);
            second.send(n1, new RequestVote(1));
            cluster.sim.runFor(ms(50));
            assertThat(second.received(VoteReply.class))
                    .as("n1's answer to candidate-b in generation 1, after n1 voted for candidate-a in it, crashed and "
                            + "restarted: the vote must be on disk before the answer leaves")
                    .containsExactly(new VoteReply(1, false));
        }

        @Test
        @DisplayName("a candidate's own vote counts as a vote given: it refuses every other candidate of its generation")
        void candidateVotesForItself() {
            TestCluster cluster = TestCluster.of(7)
                    .config(patient())
                    .config("n1", ElectionConfig.DEFAULT.withElectionTimeout(ms(100), ms(110)))
                    .build();
            NodeId n1 = cluster.id(1);
            cluster.sim.network().isolate(n1); // it stands, and stands again, alone
            Probe rival = Probe.add(cluster.sim, "rival");
            cluster.sim.runUntil(() -> cluster.node(n1).role() instanceof Role.Candidate, Duration.ofSeconds(1),
                    "n1 stands for election");
            long generation = cluster.node(n1).generation();
            cluster.sim.network().heal();
            rival.send(n1, new RequestVote(generation));
            cluster.sim.runFor(ms(20));
            assertThat(rival.received(VoteReply.class))
                    .as("n1's answer to a rival candidate of generation %d, in which n1 stands itself", generation)
                    .allMatch(reply -> !reply.granted())
                    .isNotEmpty();
        }

        @Test
        @DisplayName("a duplicated vote counts once: two of five nodes never make a majority, however often they vote")
        void duplicatesCountOnce() {
            TestCluster cluster = TestCluster.of(8).servers(5)
                    .network(NetworkConfig.reliable().withLatency(ms(1), ms(5)).withDuplicateProbability(1.0))
                    .build();
            cluster.sim.start();
            for (int i = 3; i <= 5; i++) {
                cluster.sim.crash(cluster.id(i));
            }
            cluster.sim.invariant("with 3 of 5 nodes down, nobody leads", () ->
                    assertThat(cluster.nodes()).as("leaders with only 2 of 5 nodes up (every message delivered twice)")
                            .noneMatch(ElectionNode::isLeader));
            cluster.sim.runFor(Duration.ofSeconds(3));
        }

        @Test
        @DisplayName("a late yes from an earlier generation does not count for the election under way")
        void lateVotesDoNotCount() {
            TestCluster cluster = TestCluster.of(9)
                    .config(patient())
                    .config("n1", ElectionConfig.DEFAULT.withElectionTimeout(ms(100), ms(110)))
                    .build();
            NodeId n1 = cluster.id(1);
            NodeId n2 = cluster.id(2);
            cluster.sim.start();
            cluster.sim.crash(cluster.id(3));
            cluster.sim.network().slowLink(n2, n1, ms(500)); // n2's answers arrive half a second late
            cluster.sim.runUntil(() -> cluster.node(n2).votedFor().equals(java.util.Optional.of(n1)),
                    Duration.ofSeconds(1), "n2 votes for n1");
            long votedIn = cluster.node(n2).generation();
            cluster.sim.network().block(n1, n2); // n2 hears of no later election
            cluster.sim.invariant("n1 never leads: n2 voted for it only in generation " + votedIn, () ->
                    assertThat(cluster.node(n1).isLeader())
                            .as("n1 leads generation %s, with n2's late vote from generation %d",
                                    cluster.node(n1).leaderOf().orElse(-1L), votedIn)
                            .isFalse());
            cluster.sim.runFor(Duration.ofSeconds(2)); // on a failure the simulation writes its trace under target/
        }

        /** Very short timeouts on a slow network: candidates collide all the time. */
        @RandomizedTest(seeds = 8)
        @DisplayName("contested elections: many candidates at once, never two leaders in one generation")
        void contested(long seed) {
            ElectionConfig hasty = ElectionConfig.DEFAULT.withHeartbeatInterval(ms(10)).withElectionTimeout(ms(20), ms(26))
                    .withStepDownAfter(ms(20));
            TestCluster cluster = TestCluster.of(seed).servers(5).config(hasty)
                    .network(NetworkConfig.reliable().withLatency(ms(1), ms(12)).withDropProbability(0.25))
                    .build();
            cluster.sim.runFor(Duration.ofSeconds(4)); // the invariants are checked at every event
            assertThat(cluster.nodes().stream().mapToLong(ElectionNode::generation).max().orElse(0))
                    .as("the highest generation after 4 s of contested elections").isGreaterThan(15);
        }
    }
}
