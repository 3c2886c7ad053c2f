package dev.kata.log;

import static dev.kata.log.LogCluster.entry;
import static dev.kata.log.LogCluster.ms;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.election.ClientMessage.KvRequest;
import dev.kata.election.ClientMessage.Operation;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.sim.Hold;
import dev.kata.runtime.sim.MessageMatch;
import dev.kata.runtime.sim.Probe;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Raft's answers to the classic traps of a leader change, each a scenario on preloaded disks and
 * scripted faults, 05's {@link LogInvariants} watching every event. Compare with 05's
 * {@code Step4LeaderChangeTest}, where Multi-Paxos meets the same traps with its phase 1.
 */
@DisplayName("Raft: a leader change keeps every committed entry")
class RaftLeaderChangeTest {

    /**
     * Raft's figure 8 (§5.4.2), as the paper draws it. Five servers, index 1 committed everywhere; term
     * 2's leader n1 got its entry "x" at index 2 to n2 only; term 3's leader n5 (votes of n3, n4, n5)
     * wrote "y" at index 2 and crashed at once:
     * <pre>
     *   n1 [a1, x2]   n2 [a1, x2]   n3 [a1]   n4 [a1]   n5 [a1, y3]      (n5 down)
     * </pre>
     * n1 comes back and leads term 4 (n2, n3 and n4 vote for it: its log ends in term 2, theirs no later).
     * It sends x on, and x of term 2 sits on n1, n2, n3: a majority.
     */
    @Nested
    @DisplayName("Raft's figure 8")
    class FigureEight {

        /**
         * n1 and n5 stand first (the others wait 1 to 2 s); one entry per append, so that the scenario can
         * stop a follower between two entries.
         */
        private RaftCluster figureEight(long seed) {
            ReplicaConfig oneEntryPerAppend = new ReplicaConfig(RaftNode.DEFAULT.timing(), 1, RaftNode.DEFAULT.codec(),
                    RaftNode.DEFAULT.stateMachine());
            return RaftCluster.of(seed).servers(5).favourites("n1", "n5").config(oneEntryPerAppend)
                    .preload("n1", 3, "n1", 1, entry(1, "c1", "k", "a"), entry(2, "c1", "k", "x"))
                    .preload("n2", 2, "n1", 1, entry(1, "c1", "k", "a"), entry(2, "c1", "k", "x"))
                    .preload("n3", 3, "n5", 1, entry(1, "c1", "k", "a"))
                    .preload("n4", 3, "n5", 1, entry(1, "c1", "k", "a"))
                    .preload("n5", 3, "n5", 1, entry(1, "c1", "k", "a"), entry(3, "c2", "k", "y"))
                    .build();
        }

        /**
         * (c) to (d): before its own term's entry reaches a majority, the leader of term 4 must not count
         * x's three copies as a commitment. It crashes; n5 (its last entry of term 3 is the most up to
         * date of n3, n4 and n5) leads term 5 and replaces x at index 2 with its y. Had n1 committed x by
         * counting, a committed entry would now be lost: {@link LogInvariants} would fail the run.
         */
        @Test
        @DisplayName("an old term's entry on a majority is not committed by counting: a later leader replaces it")
        void notCommittedByCounting() {
            RaftCluster cluster = figureEight(8);
            NodeId n1 = cluster.id(1);
            NodeId n2 = cluster.id(2);
            NodeId n3 = cluster.id(3);
            NodeId n4 = cluster.id(4);
            NodeId n5 = cluster.id(5);
            cluster.sim.runFor(ms(1));
            cluster.sim.crash(n5);
            Hold toN4 = cluster.sim.network().hold(MessageMatch.of(LogMessage.Append.class).from(n1).to(n4));
            RaftNode leader = cluster.awaitLeader(Duration.ofSeconds(3));
            assertThat(leader.id()).as("who leads after n5's crash (%s)", cluster.describe()).isEqualTo(n1);
            assertThat(leader.generation()).as("n1's term").isEqualTo(4);
            // n3 gets x (one entry per append), and answers; n1's next append, its no-op, never reaches n3.
            cluster.sim.runUntil(() -> cluster.node(3).lastIndex() >= 2, ms(500), "n3 holds x (" + cluster.describe() + ")");
            cluster.sim.network().block(n1, n3);
            cluster.sim.runUntil(() -> cluster.node(2).lastIndex() >= 3, ms(500), "n2 holds n1's no-op ("
                    + cluster.describe() + ")");
            cluster.sim.runFor(ms(100)); // heartbeats: n1 hears from n2 and n3 how far they match
            assertThat(cluster.logOf(n3)).as("n3's log").isEqualTo("[a(g1), x(g2)]");
            assertThat(cluster.logOf(n2)).as("n2's log").isEqualTo("[a(g1), x(g2), NoOp[term=4](g4)]");
            assertThat(leader.highWaterMark()).as("n1's commit index, with x of term 2 on n1, n2 and n3, a majority of "
                    + "five, and its own no-op of term 4 on n1 and n2 only (%s)", cluster.describe()).isEqualTo(1);
            cluster.sim.crash(n1);
            cluster.sim.crash(n2); // n2 would vote for n1's log, not n5's: leave n3, n4, n5 to choose
            toN4.drop();
            cluster.sim.network().heal();
            cluster.sim.restart(n5);
            cluster.sim.runUntil(() -> cluster.leader().filter(l -> l.id().equals(n5)).isPresent()
                    && cluster.node(3).highWaterMark() >= 2, Duration.ofSeconds(5),
                    "n5 leads, and n3 learns what is committed at index 2 (" + cluster.describe() + ")");
            assertThat(LogCluster.describe(cluster.node(3).entry(2))).as("index 2 on n3, under n5's lead (%s)",
                    cluster.describe()).isEqualTo("y(g3)");
        }

        /**
         * (e): the leader of term 4 keeps going; its no-op of term 4 reaches a majority above x, and x
         * is committed with it, indirectly. Now n5 cannot win a majority (n1, n2 and n3 hold an entry of
         * term 4, later than its last of term 3), and x stays.
         */
        @Test
        @DisplayName("an old term's entry is committed with the leader's own term's entry above it, and stays")
        void committedWithTheLeadersOwnEntry() {
            RaftCluster cluster = figureEight(9);
            NodeId n1 = cluster.id(1);
            NodeId n5 = cluster.id(5);
            cluster.sim.runFor(ms(1));
            cluster.sim.crash(n5);
            RaftNode leader = cluster.awaitLeader(Duration.ofSeconds(3));
            assertThat(leader.id()).as("who leads after n5's crash (%s)", cluster.describe()).isEqualTo(n1);
            cluster.sim.runUntil(() -> leader.highWaterMark() >= 3, ms(500), "n1 commits its no-op at index 3 ("
                    + cluster.describe() + ")");
            assertThat(LogCluster.describe(leader.entry(2))).as("index 2, committed with the no-op above it")
                    .isEqualTo("x(g2)");
            cluster.sim.crash(n1);
            cluster.sim.restart(n5);
            RaftNode next = cluster.awaitLeader(Duration.ofSeconds(5));
            cluster.sim.runUntil(() -> next.highWaterMark() > 3, Duration.ofSeconds(1), "the next leader commits its no-op");
            assertThat(next.id()).as("the next leader (%s)", cluster.describe()).isNotEqualTo(n5);
            cluster.sim.runUntil(() -> cluster.node(5).highWaterMark() >= 2, Duration.ofSeconds(1),
                    "n5 catches up (" + cluster.describe() + ")");
            assertThat(LogCluster.describe(cluster.node(5).entry(2))).as("index 2 on n5, whose y was never committed")
                    .isEqualTo("x(g2)");
        }
    }

    /**
     * 05's {@code longerButStale}, in Raft: n3 holds a longer log than n1 and n2, but a stale one (b and
     * c of term 1 were never committed; d of term 2, at index 2 on n1 and n2, was):
     * <pre>
     *   n1 [a1, d2]   n2 [a1, d2]   n3 [a1, b1, c1]
     * </pre>
     * 05 lets n3 lead and fixes its log in phase 1. Raft never elects it: its last entry is of term 1,
     * older than the voters' term 2 (the election restriction). n3 stands first, and again, and loses;
     * n1 or n2 leads, and n3's b and c are replaced.
     */
    @Test
    @DisplayName("the election restriction: a follower with a longer but stale log is never elected, and its suffix is replaced")
    void longerButStaleNeverLeads() {
        RaftCluster cluster = RaftCluster.of(3).favourites("n3")
                .preload("n1", 2, "n1", 2, entry(1, "c1", "x", "a"), entry(2, "c1", "x", "d"))
                .preload("n2", 2, "n1", 2, entry(1, "c1", "x", "a"), entry(2, "c1", "x", "d"))
                .preload("n3", 1, "n3", 1, entry(1, "c1", "x", "a"), entry(1, "c9", "x", "b"), entry(1, "c9", "x", "c"))
                .build();
        RaftNode leader = cluster.awaitLeader(Duration.ofSeconds(5));
        assertThat(leader.id()).as("who leads (%s)", cluster.describe()).isNotEqualTo(cluster.id(3));
        assertThat(cluster.node(3).generation()).as("n3's term: it stood, and lost (%s)", cluster.describe())
                .isGreaterThan(2);
        cluster.sim.runUntil(() -> cluster.node(3).highWaterMark() == leader.lastIndex(), Duration.ofSeconds(1),
                "n3 holds the leader's log, committed (" + cluster.describe() + ")");
        assertThat(cluster.logOf(cluster.id(3))).as("n3's log").startsWith("[a(g1), d(g2), NoOp")
                .doesNotContain("b(g1)", "c(g1)");
    }

    /**
     * 05's {@code isolatedLeader}, in Raft. Five servers; the leader n1 is cut off with n2. It goes on
     * taking writes and n2 takes its entries, but two copies of five commit nothing; it steps down when
     * it has heard from no majority for a while, and stands again and again, in ever higher terms, where
     * it is. n3, n4 and n5 elect a leader and commit a write. After the partition n1's term is the
     * highest, but its log is not up to date (its last entry's term is older than the majority's), so
     * it cannot win: its higher term only makes the majority elect again, and its lost writes are replaced.
     */
    @Test
    @DisplayName("a leader cut off with a minority takes writes it can never commit, and drops them after the partition")
    void isolatedLeader() {
        RaftCluster cluster = RaftCluster.of(4).servers(5).favourites("n1").build();
        RaftNode n1 = cluster.awaitLeader(Duration.ofSeconds(2));
        Probe client = Probe.add(cluster.sim, "c1");
        client.send(n1.id(), write(1, "before"));
        cluster.sim.runUntil(() -> cluster.servers.stream().allMatch(id -> cluster.node(id).lastApplied() == 2),
                ms(500), "every server applies n1's no-op and 'before' (" + cluster.describe() + ")");
        cluster.sim.network().partition(List.of(cluster.id(1), cluster.id(2)),
                List.of(cluster.id(3), cluster.id(4), cluster.id(5)));
        client.send(n1.id(), write(2, "lost-1"));
        cluster.sim.runFor(ms(20));
        client.send(n1.id(), write(3, "lost-2"));
        cluster.sim.runFor(ms(200));
        assertThat(cluster.logOf(n1.id())).as("n1's log: it took both writes").contains("lost-1", "lost-2");
        assertThat(cluster.logOf(cluster.id(2))).as("n2's log: it took n1's entries").contains("lost-1", "lost-2");
        assertThat(n1.highWaterMark()).as("n1's commit index: 2 copies of 5 commit nothing").isEqualTo(2);
        cluster.sim.runUntil(() -> cluster.leader().filter(l -> !l.id().equals(n1.id())
                        && !l.id().equals(cluster.id(2))).isPresent(), Duration.ofSeconds(5),
                "n3, n4 and n5 elect a leader (" + cluster.describe() + ")");
        RaftNode newLeader = cluster.leader().orElseThrow();
        client.send(newLeader.id(), write(4, "after"));
        cluster.sim.runUntil(() -> cluster.logOf(newLeader.id()).contains("after") && newLeader.highWaterMark()
                == newLeader.lastIndex(), ms(500), "the majority's leader commits a write (" + cluster.describe() + ")");
        cluster.sim.network().heal();
        cluster.sim.runUntil(() -> cluster.leader().isPresent() && cluster.servers.stream().allMatch(id ->
                cluster.logOf(id).equals(cluster.logOf(cluster.leader().get().id()))
                && cluster.node(id).highWaterMark() == cluster.leader().get().lastIndex()), Duration.ofSeconds(3),
                "every log is the leader's, and committed (" + cluster.describe() + ")");
        RaftNode leader = cluster.leader().orElseThrow();
        assertThat(leader.id()).as("who leads after the partition (%s)", cluster.describe())
                .isNotIn(cluster.id(1), cluster.id(2));
        assertThat(cluster.logOf(n1.id())).as("n1's log after the partition").contains("after")
                .doesNotContain("lost-1", "lost-2");
    }

    private static KvRequest write(long sequence, String value) {
        return new KvRequest("c1", sequence, Operation.WRITE, "x", value, null);
    }
}
