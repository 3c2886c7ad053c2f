package dev.kata.election;

import static dev.kata.election.TestCluster.ms;
import static dev.kata.election.TestCluster.patient;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.election.ClientMessage.KvRequest;
import dev.kata.election.ClientMessage.NotLeader;
import dev.kata.quorum.Version;
import dev.kata.quorum.VersionedValue;
import dev.kata.runtime.checker.KvCommand;
import dev.kata.runtime.checker.Operation;
import dev.kata.runtime.checker.Outcome;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.sim.NetworkConfig;
import dev.kata.runtime.sim.Probe;
import dev.kata.runtime.sim.SimClient;
import dev.kata.runtime.trace.TraceEvent;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("step-5")
@DisplayName("Step 5: the key-value store behind the leader, with versions from the generation")
class Step5KeyValueTest {

    /** A leader that never steps down on its own: only a majority, or fencing, can stop it. */
    static final ElectionConfig STUBBORN = ElectionConfig.DEFAULT.withStepDownAfter(Duration.ofMinutes(1));

    @Test
    @DisplayName("a client writes and reads through the leader")
    void writeThenRead() {
        TestCluster cluster = TestCluster.of(31).build();
        ElectionNode leader = cluster.awaitSettledLeader(Duration.ofSeconds(2));
        SimClient<KvCommand, String> client = cluster.client("c1", leader.id());
        assertThat(cluster.write(client, "x", "a").outcome()).as("a write through the leader").isEqualTo(Outcome.OK);
        Operation<KvCommand, String> read = cluster.read(client, "x");
        assertThat(read.outcome()).isEqualTo(Outcome.OK);
        assertThat(read.result()).as("the read after write(x, a)").isEqualTo("a");
        assertThat(cluster.read(client, "nothing").result()).as("a read of a key never written").isNull();
    }

    @Test
    @DisplayName("a follower does nothing but name the leader; the client asks the leader, which answers")
    void followerRedirects() {
        TestCluster cluster = TestCluster.of(32).build();
        ElectionNode leader = cluster.awaitSettledLeader(Duration.ofSeconds(2));
        NodeId follower = cluster.servers.stream().filter(id -> !id.equals(leader.id())).findFirst().orElseThrow();
        Probe probe = Probe.add(cluster.sim, "probe");
        probe.send(follower, new KvRequest("probe", 1, ClientMessage.Operation.WRITE, "x", "from-probe", null));
        cluster.sim.runFor(ms(50));
        assertThat(probe.received(NotLeader.class)).as("%s's answer to a write, while %s leads", follower, leader.id())
                .containsExactly(new NotLeader(1, Optional.of(leader.id().name())));
        assertThat(cluster.values("x").values()).as("the replicas after a write sent to a follower")
                .containsOnly("<none>");

        SimClient<KvCommand, String> client = cluster.client("c1", follower);
        assertThat(cluster.write(client, "x", "a").outcome()).as("a write sent to follower %s first", follower)
                .isEqualTo(Outcome.OK);
        assertThat(cluster.read(client, "x").result()).isEqualTo("a");
    }

    @Test
    @DisplayName("a write's version is the leader's generation, then a counter, then the leader")
    void versions() {
        TestCluster cluster = TestCluster.of(33).build();
        ElectionNode leader = cluster.awaitSettledLeader(Duration.ofSeconds(2));
        long generation = leader.leaderOf().orElseThrow();
        SimClient<KvCommand, String> client = cluster.client("c1", leader.id());
        cluster.write(client, "x", "a");
        cluster.write(client, "y", "b");
        cluster.write(client, "x", "c");
        assertThat(leader.held("x")).as("what leader %s holds for x after three writes in generation %d",
                leader.id(), generation).contains(new VersionedValue("c", new Version(generation, 3, leader.id().name())));
    }

    /**
     * The old leader made five writes, so its counter is at 5; the new leader's first write has counter 1.
     * Its generation is higher, and the generation comes first.
     */
    @Test
    @DisplayName("a new leader's write is newer than all of an old leader's, however many the old one made")
    void newLeaderWins() {
        TestCluster cluster = TestCluster.of(34).build();
        ElectionNode old = cluster.awaitSettledLeader(Duration.ofSeconds(2));
        SimClient<KvCommand, String> client = cluster.client("c1", old.id());
        for (int i = 1; i <= 5; i++) {
            cluster.write(client, "x", "old-" + i);
        }
        cluster.sim.crash(old.id());
        ElectionNode next = cluster.awaitLeaderAbove(old.leaderOf().orElseThrow(), Duration.ofSeconds(2));
        SimClient<KvCommand, String> other = cluster.client("c2", next.id());
        assertThat(cluster.write(other, "x", "new").outcome()).isEqualTo(Outcome.OK);
        assertThat(cluster.read(other, "x").result())
                .as("a read after the new leader %s wrote x once, after the old leader %s wrote it five times",
                        next.id(), old.id())
                .isEqualTo("new");
        cluster.assertLinearizable();
    }

    /**
     * The leader n1 is cut off with its client, but does not know it yet (it never steps down on its
     * own in this test). The others elect n2 or n3, and a write goes through it. Then n1 is asked to read:
     * <pre>
     *   c1 ── write x=a ──▶ n1 (leader, generation g)           ok
     *        partition {n1, c1} | {n2, n3, c2}
     *   c2 ── write x=b ──▶ new leader (generation g+1)          ok
     *   c1 ── read x ─────▶ n1: from its own replica, "a" — stale; through a majority: no answer
     * </pre>
     */
    @Test
    @DisplayName("reads go through a majority: a leader that does not know it was deposed serves no stale read")
    void noStaleRead() {
        TestCluster cluster = TestCluster.of(35).config(STUBBORN).build();
        ElectionNode old = cluster.awaitSettledLeader(Duration.ofSeconds(2));
        SimClient<KvCommand, String> c1 = cluster.client("c1", old.id());
        cluster.write(c1, "x", "a");
        Set<NodeId> others = new TreeSet<>(cluster.servers);
        others.remove(old.id());
        SimClient<KvCommand, String> c2 = cluster.client("c2", others.iterator().next());
        Set<NodeId> majoritySide = new TreeSet<>(others);
        majoritySide.add(c2.id());
        cluster.sim.network().partition(Set.of(old.id(), c1.id()), majoritySide);
        ElectionNode next = cluster.awaitLeaderAbove(old.leaderOf().orElseThrow(), Duration.ofSeconds(2));
        assertThat(cluster.write(c2, "x", "b").outcome()).as("a write through the new leader %s", next.id())
                .isEqualTo(Outcome.OK);
        assertThat(cluster.node(old.id()).isLeader()).as("%s still believes it leads", old.id()).isTrue();

        Operation<KvCommand, String> read = cluster.read(c1, "x");
        assertThat(read.outcome()).as("the read through %s, deposed without knowing it, after x=b was written through "
                + "%s (it answered %s)", old.id(), next.id(), read.result()).isNotEqualTo(Outcome.OK);
        cluster.assertLinearizable();
    }

    /**
     * A write reaches only the leader's own replica (its messages to the others are lost), so it ends
     * unknown. A read through the leader sees it on the leader's replica and one other. Then the leader
     * crashes, and a read through the next leader asks the other two replicas:
     * <pre>
     *   write x=a                         n1: a   n2: a   n3: a
     *   write x=b (reaches n1 only)       n1: b   n2: a   n3: a      unknown
     *   read x via n1, n3 slow            sees n1 and n2: "b"  → writes b back to a majority
     *   n1 crashes; read x via n2 or n3   must be "b" again: once a value was read, it stays read
     * </pre>
     */
    @Test
    @DisplayName("a read writes the newest value back to a majority before answering: once read, a value stays read")
    void readWritesBack() {
        TestCluster cluster = TestCluster.of(36).config(patient())
                .config("n1", STUBBORN) // n1 is elected first, and never steps down on its own
                .build();
        NodeId n1 = cluster.id(1);
        NodeId n2 = cluster.id(2);
        NodeId n3 = cluster.id(3);
        ElectionNode leader = cluster.awaitSettledLeader(Duration.ofSeconds(2));
        assertThat(leader.id()).isEqualTo(n1);
        cluster.write(cluster.client("c1", n1), "x", "a");

        cluster.sim.network().block(n1, n2);
        cluster.sim.network().block(n1, n3);
        assertThat(cluster.write(cluster.client("c2", n1), "x", "b").outcome())
                .as("a write whose messages reach only n1's own replica").isEqualTo(Outcome.UNKNOWN);
        cluster.sim.network().heal();
        assertThat(cluster.values("x")).as("the replicas after the write of b that reached n1 only")
                .containsEntry(n1, "b").containsEntry(n2, "a").containsEntry(n3, "a");

        cluster.sim.network().slowNode(n3, ms(500)); // the first read hears n1 and n2
        assertThat(cluster.read(cluster.client("c3", n1), "x").result()).as("a read via n1, which holds b")
                .isEqualTo("b");
        cluster.sim.network().heal();
        cluster.sim.crash(n1);
        ElectionNode next = cluster.awaitLeaderAbove(leader.leaderOf().orElseThrow(), Duration.ofSeconds(30));
        Operation<KvCommand, String> again = cluster.read(cluster.client("c4", next.id()), "x");
        assertThat(again.result()).as("a read via the next leader %s, after a read via n1 returned b: without the "
                + "write-back, n2 and n3 still hold a", next.id()).isEqualTo("b");
        cluster.assertLinearizable();
    }

    /**
     * The answers of a majority come in a map sorted by replica, so the first answer is the lowest
     * id's. Here the leader is n3 and the stale replica is n1:
     * <pre>
     *   write x=b via n3:  n3 ✔  n2 ✔  n1 ✘ (cut off)      acknowledged by a majority
     *   read x via n3:     n1 "a" and n3 "b" answer first (n2 is slow): the first answer is n1's "a"
     * </pre>
     * The read must answer the newest version among the majority's answers, "b".
     */
    @Test
    @DisplayName("a read answers the newest version a majority holds, not the first answer (here the stale replica has the lowest id)")
    void newestNotFirst() {
        TestCluster cluster = TestCluster.of(41).config(patient())
                .config("n3", STUBBORN) // n3 is elected first, and never steps down on its own
                .build();
        NodeId n1 = cluster.id(1);
        NodeId n2 = cluster.id(2);
        NodeId n3 = cluster.id(3);
        ElectionNode leader = cluster.awaitSettledLeader(Duration.ofSeconds(2));
        assertThat(leader.id()).isEqualTo(n3);
        SimClient<KvCommand, String> client = cluster.client("c1", n3);
        assertThat(cluster.write(client, "x", "a").outcome()).as("the first write").isEqualTo(Outcome.OK);

        cluster.sim.network().block(n3, n1);
        assertThat(cluster.write(client, "x", "b").outcome()).as("a write that reaches n3 and n2, not n1")
                .isEqualTo(Outcome.OK);
        cluster.sim.network().heal();
        assertThat(cluster.values("x")).as("the replicas after the write of b")
                .containsEntry(n1, "a").containsEntry(n2, "b").containsEntry(n3, "b");

        cluster.sim.network().slowNode(n2, ms(500)); // the read hears n1 and n3 first
        assertThat(cluster.read(client, "x").result())
                .as("a read via n3 after the write of b was acknowledged, hearing n1 (\"a\") and n3 (\"b\"): pick the"
                        + " newest version among the answers, not the first one").isEqualTo("b");
        cluster.assertLinearizable();
    }

    @Test
    @DisplayName("compare-and-set changes the value only when it holds what was expected")
    void compareAndSet() {
        TestCluster cluster = TestCluster.of(37).build();
        ElectionNode leader = cluster.awaitSettledLeader(Duration.ofSeconds(2));
        SimClient<KvCommand, String> client = cluster.client("c1", leader.id());
        assertThat(cluster.compareAndSet(client, "x", null, "a").result()).as("cas(x, absent -> a) on an absent x")
                .isEqualTo("true");
        assertThat(cluster.compareAndSet(client, "x", null, "b").result()).as("cas(x, absent -> b) when x is a")
                .isEqualTo("false");
        assertThat(cluster.compareAndSet(client, "x", "b", "c").result()).as("cas(x, b -> c) when x is a")
                .isEqualTo("false");
        assertThat(cluster.compareAndSet(client, "x", "a", "c").result()).as("cas(x, a -> c) when x is a")
                .isEqualTo("true");
        assertThat(cluster.read(client, "x").result()).isEqualTo("c");
        cluster.assertLinearizable();
    }

    @Test
    @DisplayName("two clients race a compare-and-set from the same value: exactly one wins")
    void casRace() {
        TestCluster cluster = TestCluster.of(38).build();
        ElectionNode leader = cluster.awaitSettledLeader(Duration.ofSeconds(2));
        cluster.write(cluster.client("c0", leader.id()), "x", "start");
        SimClient<KvCommand, String> c1 = cluster.client("c1", leader.id());
        SimClient<KvCommand, String> c2 = cluster.client("c2", leader.id());
        c1.submit(new KvCommand.CompareAndSet("x", "start", "one"));
        c2.submit(new KvCommand.CompareAndSet("x", "start", "two"));
        cluster.sim.runUntil(() -> !c1.busy() && !c2.busy(), Duration.ofSeconds(2), "both compare-and-sets end");
        assertThat(java.util.List.of(c1.lastOperation().result(), c2.lastOperation().result()))
                .as("the answers to cas(x, start -> one) and cas(x, start -> two), sent at once")
                .containsExactlyInAnyOrder("true", "false");
        cluster.assertLinearizable();
    }

    /**
     * The network duplicates c1's compare-and-set, and the copy trails. Leader n1 carries out the
     * first copy (its Store reaches n2) and crashes before it can answer; it restarts and stalls at
     * once, with the copy in its queue; n2 is elected. When n1 wakes, the copy is not news to it (its
     * table of client sequence numbers is on disk, given code): it drops it. A node that forgot would
     * answer NotLeader, and c1 would send the compare-and-set to n2, which would carry it out again
     * and answer "false" for a value c1's own operation wrote.
     */
    @Test
    @DisplayName("a copy of a client's request that reaches a restarted node is not sent on to be carried out twice")
    void copyAfterRestartNotCarriedOutTwice() {
        NetworkConfig normal = NetworkConfig.reliable().withLatency(ms(1), ms(5));
        TestCluster cluster = TestCluster.of(1).config(patient())
                .config("n1", ElectionConfig.DEFAULT.withElectionTimeout(ms(100), ms(110)))
                .config("n2", ElectionConfig.DEFAULT.withElectionTimeout(ms(150), ms(160)))
                .network(normal).build();
        NodeId n1 = cluster.id(1);
        NodeId n2 = cluster.id(2);
        assertThat(cluster.awaitSettledLeader(Duration.ofSeconds(2)).id()).as("the first leader").isEqualTo(n1);
        assertThat(cluster.write(cluster.client("c0", n1), "x", "start").outcome()).isEqualTo(Outcome.OK);

        SimClient<KvCommand, String> c1 = cluster.client("c1", n1);
        // This one request is duplicated, and its copies reordered by up to 50 ms.
        cluster.sim.network().setConditions(normal.withDuplicateProbability(1.0).withReordering(1.0, ms(50)));
        c1.submit(new KvCommand.CompareAndSet("x", "start", "won"));
        cluster.sim.network().setConditions(normal);
        cluster.sim.runUntil(() -> cluster.node(n2).held("x").map(v -> "won".equals(v.value())).orElse(false),
                ms(100), "n1's store of the compare-and-set reaches n2");
        cluster.sim.crash(n1);                  // before n2's answer is back: c1 has no answer
        cluster.sim.runFor(ms(1));
        cluster.sim.restart(n1);
        cluster.sim.pause(n1, ms(400));         // a stall right after the restart holds the copy back
        cluster.sim.runUntil(() -> !c1.busy(), Duration.ofSeconds(2), "c1's compare-and-set ends");

        Operation<KvCommand, String> cas = c1.lastOperation();
        assertThat(cas.result()).as("c1's compare-and-set, which wrote \"won\" (%s)", cas.outcome()).isNotEqualTo("false");
        cluster.read(cluster.client("c2", n2), "x");
        cluster.assertLinearizable();
    }

    /**
     * n1 leads; x=a everywhere; b reaches only n1 (unknown). A read via n1 hears n1 (b) and n2 (a),
     * so it must write b back to a majority before it answers. The write-back is lost on the way, n1
     * crashes, and the next leader reads. A read that answered b before b was on a majority would
     * see the next leader answer a: a value read, then gone.
     */
    @Test
    @DisplayName("a read answers only once its write-back is on a majority: what it answered, the next leader reads too")
    void readAnswersAfterTheWriteBack() {
        TestCluster cluster = TestCluster.of(36).config(patient())
                .config("n1", ElectionConfig.DEFAULT.withStepDownAfter(Duration.ofMinutes(1))).build();
        NodeId n1 = cluster.id(1);
        NodeId n2 = cluster.id(2);
        NodeId n3 = cluster.id(3);
        ElectionNode leader = cluster.awaitSettledLeader(Duration.ofSeconds(2));
        assertThat(leader.id()).as("the first leader").isEqualTo(n1);
        cluster.write(cluster.client("c1", n1), "x", "a");
        cluster.sim.network().block(n1, n2);
        cluster.sim.network().block(n1, n3);
        assertThat(cluster.write(cluster.client("c2", n1), "x", "b").outcome()).as("b, stored on n1 alone")
                .isEqualTo(Outcome.UNKNOWN);
        cluster.sim.network().heal();
        cluster.sim.network().slowNode(n3, ms(500));             // the read hears n1 (b) and n2 (a)
        SimClient<KvCommand, String> reader = cluster.client("c3", n1);
        long start = cluster.sim.nanos();
        reader.submit(new KvCommand.Read("x"));
        cluster.sim.runUntil(() -> cluster.sim.trace().events().stream().anyMatch(e -> e instanceof TraceEvent.Sent sent
                        && sent.time() >= start && sent.from().equals("n1") && sent.to().equals("n2")
                        && sent.message().startsWith("Store[") && sent.message().contains("value=b@")),
                Duration.ofSeconds(1), "n1 writes b back");
        cluster.sim.network().block(n1, n2);                     // the write-back is lost on the way
        cluster.sim.network().block(n1, n3);
        cluster.sim.runUntil(() -> !reader.busy(), Duration.ofSeconds(2), "the read via n1 ends");
        Operation<KvCommand, String> first = reader.lastOperation();
        cluster.sim.runFor(ms(600));
        cluster.sim.crash(n1);
        cluster.sim.network().heal();
        ElectionNode next = cluster.awaitLeaderAbove(leader.leaderOf().orElseThrow(), Duration.ofSeconds(30));
        Operation<KvCommand, String> again = cluster.read(cluster.client("c4", next.id()), "x");
        if (first.outcome() == Outcome.OK) {
            assertThat(again.result()).as("the read via n1 answered %s before a majority held it; the next leader, %s,"
                    + " reads", first.result(), next.id()).isEqualTo(first.result());
        }
        cluster.assertLinearizable();
    }

    /**
     * x=a reaches n1 and n2, not n3, and is acknowledged. n1 crashes; n3 leads. A compare-and-set
     * "x absent -> z" via n3 must read x through a majority (which has a) and refuse; compared with
     * n3's own replica (no x), it would succeed and overwrite an acknowledged write.
     */
    @Test
    @DisplayName("a compare-and-set compares with what a majority holds, not with the leader's own replica")
    void compareAndSetReadsThroughAMajority() {
        TestCluster cluster = TestCluster.of(61).config(patient())
                .config("n1", ElectionConfig.DEFAULT.withElectionTimeout(ms(100), ms(110)))
                .config("n3", ElectionConfig.DEFAULT.withElectionTimeout(ms(200), ms(210))).build();
        NodeId n1 = cluster.id(1);
        NodeId n3 = cluster.id(3);
        ElectionNode first = cluster.awaitSettledLeader(Duration.ofSeconds(2));
        assertThat(first.id()).as("the first leader").isEqualTo(n1);
        cluster.sim.network().block(n1, n3);                     // x=a reaches n1 and n2 only
        assertThat(cluster.write(cluster.client("c1", n1), "x", "a").outcome()).isEqualTo(Outcome.OK);
        cluster.sim.crash(n1);
        cluster.sim.network().heal();
        ElectionNode next = cluster.awaitLeaderAbove(first.leaderOf().orElseThrow(), Duration.ofSeconds(2));
        assertThat(next.id()).as("the next leader").isEqualTo(n3);
        Operation<KvCommand, String> cas = cluster.compareAndSet(cluster.client("c2", n3), "x", null, "z");
        assertThat(cas.result()).as("cas(x, absent -> z) via %s, whose replica has no x, after x=a was acknowledged",
                n3).isEqualTo("false");
        cluster.assertLinearizable();
    }
}
