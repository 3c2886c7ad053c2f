// Generated from solutions/05-replicated-log/src/test/java/dev/kata/log/Step6ReadsTest.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint 3f459c6a1d41
package dev.kata.log;

import static dev.kata.log.LogCluster.ms;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.election.ClientMessage.KvReply;
import dev.kata.election.ClientMessage.KvRequest;
import dev.kata.election.ClientMessage.Operation;
import dev.kata.election.ElectionConfig;
import dev.kata.log.ReplicaConfig.Reads;
import dev.kata.runtime.checker.KvCommand;
import dev.kata.runtime.checker.Outcome;
import dev.kata.runtime.node.DriftBound;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.sim.ClockConfig;
import dev.kata.runtime.sim.FaultSchedule;
import dev.kata.runtime.sim.MessageMatch;
import dev.kata.runtime.sim.Nemesis;
import dev.kata.runtime.sim.Nemesis.FaultKind;
import dev.kata.runtime.sim.Probe;
import dev.kata.runtime.sim.Shrinker;
import dev.kata.runtime.sim.SimClient;
import dev.kata.runtime.sim.Simulation;
import dev.kata.runtime.testing.RandomizedTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Step 6: linearizable reads without the log. At a read index, the leader answers once everything
 * committed when the read came is applied and a majority answered a round of appends sent after it
 * came; under a lease, at once, while a majority's promise not to back another candidate holds,
 * measured on the monotonic clock and shortened by the drift bound. Each is checked by the
 * linearizability checker under the nemesis (clock faults included); reads through the log are the
 * safety suite's ({@link MultiPaxosLogContractTest}).
 */
@Tag("step-6")
@DisplayName("Step 6: linearizable reads, at a read index and under a lease")
class Step6ReadsTest {

    private static LogCluster cluster(Reads reads) {
        return LogCluster.of(1).favourite("n1").config(ReplicaConfig.DEFAULT.withReads(reads)).build();
    }

    /** Writes x=1 through the leader and waits until every replica applied it and a heartbeat round passed. */
    private static SimClient<KvCommand, String> writeX(LogCluster cluster) {
        cluster.awaitLeader(Duration.ofSeconds(2));
        SimClient<KvCommand, String> client = cluster.client("c1", cluster.id(1));
        assertThat(cluster.write(client, "x", "1").outcome()).as("the write of x").isEqualTo(Outcome.OK);
        cluster.awaitApplied(1, ms(200));
        return client;
    }

    @Test
    @DisplayName("a read at a read index appends nothing to the log, and costs one round of appends to the followers")
    void readIndex() {
        LogCluster cluster = cluster(Reads.READ_INDEX);
        SimClient<KvCommand, String> client = writeX(cluster);
        ReplicaNode leader = cluster.leader().orElseThrow();
        long op = client.submit(new KvCommand.Read("x"));
        cluster.sim.runUntil(() -> !client.busy(), ms(200), "the read is answered (" + cluster.describe() + ")");
        assertThat(client.lastOperation().outcome()).as("the read's outcome").isEqualTo(Outcome.OK);
        assertThat(client.lastOperation().result()).as("what the read returned").isEqualTo("1");
        assertThat(leader.lastIndex()).as("the leader's log after the read: a read at a read index is no entry")
                .isEqualTo(1);
        cluster.sim.runFor(ms(20)); // the late answers count too
        assertThat(cluster.sim.costOf(op).messages()).as("messages of one read: the request, an Append to and an "
                + "Appended from each of the 2 followers, the answer").isEqualTo(6);
        cluster.assertLinearizable();
    }

    @Test
    @DisplayName("a leader cut off from its followers answers no read at a read index: no majority confirms it still leads")
    void isolatedLeaderAnswersNoRead() {
        LogCluster cluster = cluster(Reads.READ_INDEX);
        writeX(cluster);
        ReplicaNode leader = cluster.leader().orElseThrow();
        for (NodeId follower : List.of(cluster.id(2), cluster.id(3))) {
            cluster.sim.network().block(leader.id(), follower);
            cluster.sim.network().block(follower, leader.id());
        }
        Probe client = cluster.probe("c9");
        client.send(leader.id(), new KvRequest("c9", 1, Operation.READ, "x", null, null));
        cluster.sim.runFor(ms(200)); // less than the 300 ms after which it steps down
        assertThat(leader.isLeader()).as("%s still believes it leads", leader.id()).isTrue();
        assertThat(client.received(KvReply.class)).as("answers to a read at the cut-off leader: its log's x may be "
                + "stale by now, and only a majority's answer to a round sent after the read could tell").isEmpty();
    }

    /**
     * n1 commits x=1 with n2 alone (n3 is cut off) and is cut off itself before n2 hears that x=1 is
     * committed. n2 leads next: it recovers x=1 (re-proposed in its generation) above its High-Water Mark
     * of 0. n3 lacks entry 1, so it refuses n2's first appends; a refusal still proves that n2 leads, but
     * commits nothing. A read index of the High-Water Mark alone (0) would answer x as if nobody wrote it.
     */
    @Test
    @DisplayName("a new leader's read index covers the entries it recovered: a read waits until x=1, committed by the old leader, is applied")
    void readIndexCoversRecoveredEntries() {
        readAtANewLeader(Reads.READ_INDEX);
    }

    @Test
    @DisplayName("a new leader's lease serves no read before the entries it recovered are applied: x=1, committed by the old leader, is read")
    void leaseWaitsForRecoveredEntries() {
        readAtANewLeader(Reads.LEASE);
    }

    private static void readAtANewLeader(Reads reads) {
        LogCluster cluster = LogCluster.of(3).favourite("n1").config(ReplicaConfig.DEFAULT.withReads(reads))
                .timing("n2", ElectionConfig.DEFAULT.withElectionTimeout(ms(400), ms(410))).build();
        cluster.awaitLeader(Duration.ofSeconds(2));
        NodeId n1 = cluster.id(1);
        NodeId n2 = cluster.id(2);
        NodeId n3 = cluster.id(3);
        cluster.sim.network().isolate(n3);
        SimClient<KvCommand, String> writer = cluster.client("c1", n1);
        assertThat(cluster.write(writer, "x", "1").outcome()).as("the write of x=1, held by n1 and n2").isEqualTo(Outcome.OK);
        cluster.sim.network().heal();
        cluster.sim.network().isolate(n1);
        assertThat(cluster.node(2).highWaterMark()).as("the scenario: n2's High-Water Mark when n1 is cut off").isZero();
        var first = cluster.sim.network().hold(MessageMatch.of(LogMessage.Append.class).from(n2).to(n3));
        cluster.sim.runUntil(() -> cluster.node(2).isLeader(), Duration.ofSeconds(3), "n2 leads (" + cluster.describe() + ")");
        Probe client = cluster.probe("c9");
        KvRequest read = new KvRequest("c9", 1, Operation.READ, "x", null, null);
        if (reads == Reads.READ_INDEX) {
            client.send(n2, read);
            cluster.sim.runFor(ms(10)); // the read arrives; its round of appends is held with the first
        }
        first.release();
        var later = cluster.sim.network().hold(MessageMatch.of(LogMessage.Append.class).from(n2).to(n3));
        cluster.sim.runFor(ms(30)); // n3 refuses the held appends: n2 leads (its lease holds), but x=1 is not committed again yet
        if (reads == Reads.LEASE) {
            client.send(n2, read);
            cluster.sim.runFor(ms(10));
        }
        assertThat(client.received(KvReply.class)).as("answers to the read (%s) at %s, whose log holds x=1 (recovered up"
                + " to index 1) while its High-Water Mark is %d and it applied up to %d: a read must wait for index 1",
                reads, n2, cluster.node(2).highWaterMark(), cluster.node(2).lastApplied()).allSatisfy(reply -> assertThat(reply.result()).isEqualTo("1"));
        later.release();
        cluster.sim.runUntil(() -> !client.received(KvReply.class).isEmpty(), ms(500), "the read is answered");
        assertThat(client.received(KvReply.class)).extracting(KvReply::result).as("what the read at n2 returned")
                .containsExactly("1");
    }

    @Test
    @DisplayName("under the lease, a read costs no message but the request and the answer")
    void leaseRead() {
        LogCluster cluster = cluster(Reads.LEASE);
        SimClient<KvCommand, String> client = writeX(cluster);
        long op = client.submit(new KvCommand.Read("x"));
        cluster.sim.runUntil(() -> !client.busy(), ms(200), "the read is answered (" + cluster.describe() + ")");
        assertThat(client.lastOperation().result()).as("what the read returned").isEqualTo("1");
        cluster.sim.runFor(ms(20));
        assertThat(cluster.sim.costOf(op).messages()).as("messages of one read under the lease: the request and "
                + "the answer").isEqualTo(2);
        cluster.assertLinearizable();
    }

    /**
     * The lease of the old leader n1 against a new leader's write, on clocks that drift as far as the
     * simulation allows (20%): n1's runs slow, the followers' fast. The followers promise not to back
     * another candidate for 300 ms on their clocks: 250 ms of true time; n2 stands after 330 to 340 ms of
     * silence on its clock, 275 to 283 ms of true time. n1 is cut off from them right
     * after a round they answered; they elect one of themselves and commit x=2; then a client reads x at
     * n1. With the simulation's drift bound n1 trusts its lease for 300 × 0.8 / 1.2 = 200 ms on its slow
     * clock, 250 ms of true time, and has stopped answering from it; with a bound of 0 it trusts 300 ms, 375
     * ms of true time, and answers x=1 after x=2 was acknowledged.
     */
    private static LogCluster driftingLease(long seed, DriftBound bound) {
        // Every replica refuses candidates for 300 ms after it starts, too: n1 stands after 310 ms, n2 after
        // 330, n3 after 400 (no split vote); n1 steps down only after 600 ms without a majority.
        ReplicaConfig lease = ReplicaConfig.DEFAULT.withReads(Reads.LEASE, ms(300), bound);
        LogCluster cluster = LogCluster.of(seed).config(lease).clocks(ClockConfig.drifting(Duration.ZERO, 0.2))
                .timing("n1", ElectionConfig.DEFAULT.withElectionTimeout(ms(310), ms(320)).withStepDownAfter(ms(600)))
                .timing("n2", ElectionConfig.DEFAULT.withElectionTimeout(ms(330), ms(340)))
                .timing("n3", ElectionConfig.DEFAULT.withElectionTimeout(ms(400), ms(410))).build();
        ReplicaNode old = cluster.awaitLeader(Duration.ofSeconds(2));
        assertThat(old.id()).as("the first leader").isEqualTo(cluster.id(1));
        SimClient<KvCommand, String> first = cluster.client("c1", cluster.id(1));
        assertThat(cluster.write(first, "x", "1").outcome()).as("the write of x=1").isEqualTo(Outcome.OK);
        cluster.sim.setClockRate(cluster.id(1), 0.8);
        cluster.sim.setClockRate(cluster.id(2), 1.2);
        cluster.sim.setClockRate(cluster.id(3), 1.2);
        ReplicaNode n2 = cluster.node(2);
        ReplicaNode n3 = cluster.node(3);
        cluster.sim.runFor(ms(60)); // a round or so on the new rates
        for (NodeId follower : List.of(cluster.id(2), cluster.id(3))) {
            cluster.sim.network().block(cluster.id(1), follower);
            cluster.sim.network().block(follower, cluster.id(1));
        }
        cluster.sim.runUntil(() -> n2.isLeader() || n3.isLeader(), ms(600), "n2 or n3 leads (" + cluster.describe() + ")");
        ReplicaNode successor = n2.isLeader() ? n2 : n3;
        SimClient<KvCommand, String> second = cluster.client("c2", successor.id());
        assertThat(cluster.write(second, "x", "2").outcome()).as("the write of x=2 through %s", successor.id())
                .isEqualTo(Outcome.OK);
        assertThat(cluster.node(1).isLeader()).as("n1 still believes it leads (%s)", cluster.describe()).isTrue();
        SimClient<KvCommand, String> reader = cluster.client("c3", cluster.id(1));
        reader.submit(new KvCommand.Read("x"));
        cluster.sim.runUntil(() -> !reader.busy(), Duration.ofSeconds(3), "the read ends");
        return cluster;
    }

    @Test
    @DisplayName("with the simulation's drift bound, the old leader's lease has ended before a fast-clocked follower backs another: the read is linearizable")
    void leaseWithTheDriftBound() {
        LogCluster cluster = driftingLease(6, new DriftBound(0.2));
        cluster.assertLinearizable();
    }

    @Test
    @DisplayName("with a drift bound of 0, a follower's fast clock ends its promise before the old leader's lease: the read is stale, and the checker says so")
    void leaseWithAWrongBound() {
        LogCluster cluster = driftingLease(6, DriftBound.NONE);
        assertThat(cluster.check().isLinearizable()).as("the history with a lease that ignores drift (x=1 read "
                + "after x=2 was acknowledged): %s", cluster.history().operations()).isFalse();
    }

    // ------------------------------------------------------------------ under the nemesis

    private static final List<NodeId> FIVE = ReplicatedLogContract.FIVE;

    /** Five replicas reading by {@code reads}, clocks drifting up to 5% (the nemesis' clock episodes too), three clients. */
    private static void underNemesis(long seed, Reads reads) {
        Nemesis nemesis = Nemesis.standard().withFaults(FaultKind.CRASH, FaultKind.PAUSE, FaultKind.PARTITION,
                FaultKind.ONE_WAY, FaultKind.SLOW, FaultKind.LOSSY, FaultKind.CLOCK).withMaxClockDrift(0.05);
        FaultSchedule faults = nemesis.schedule(seed, FIVE, Duration.ofSeconds(6));
        Shrinker.check(faults, schedule -> {
            LogCluster cluster = LogCluster.of(seed).servers(5).clocks(ClockConfig.drifting(ms(50), 0.05))
                    .config(ReplicaConfig.DEFAULT.withReads(reads, ms(100), new DriftBound(0.05))).build();
            Simulation sim = cluster.sim;
            ReplicatedLogContract.addClients(sim);
            schedule.applyTo(sim);
            sim.runFor(schedule.duration());
            assertThat(cluster.completed()).as("operations that completed over %s of faults", schedule.duration())
                    .isPositive();
            cluster.assertLinearizable();
        });
    }

    @RandomizedTest(seeds = 5)
    @DisplayName("under the nemesis, clocks drifting: reads at a read index keep the history linearizable")
    void readIndexUnderNemesis(long seed) {
        underNemesis(seed, Reads.READ_INDEX);
    }

    @RandomizedTest(seeds = 5)
    @DisplayName("under the nemesis, clocks drifting within the bound: reads under the lease keep the history linearizable")
    void leaseUnderNemesis(long seed) {
        underNemesis(seed, Reads.LEASE);
    }
}
