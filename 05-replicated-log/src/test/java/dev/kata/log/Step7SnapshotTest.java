// Generated from solutions/05-replicated-log/src/test/java/dev/kata/log/Step7SnapshotTest.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint 4427b190c443
package dev.kata.log;

import static dev.kata.log.LogCluster.ms;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.election.ClientMessage.KvReply;
import dev.kata.election.ClientMessage.KvRequest;
import dev.kata.election.ClientMessage.Operation;
import dev.kata.log.LogMessage.Appended;
import dev.kata.log.LogMessage.InstallSnapshot;
import dev.kata.runtime.checker.KvCommand;
import dev.kata.runtime.checker.Outcome;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.sim.FaultSchedule;
import dev.kata.runtime.sim.MessageMatch;
import dev.kata.runtime.sim.Nemesis;
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
 * Step 7: every so many applied entries, a replica snapshots its state machine (the Idempotent
 * Receiver's table included) and lets its log go below the snapshot (the Low-Water Mark). A follower
 * that lacks entries the leader no longer holds gets the snapshot; a restart starts from the snapshot
 * and replays the log after it. {@link LogInvariants} watch every event, across restarts.
 */
@Tag("step-7")
@DisplayName("Step 7: snapshots and the Low-Water Mark")
class Step7SnapshotTest {

    private final LogCluster cluster = LogCluster.of(1).favourite("n1")
            .config(ReplicaConfig.DEFAULT.withSnapshotEvery(10)).build();

    private static String value(ReplicaNode node, String key) {
        return ((KeyValueStateMachine) node.stateMachine()).get(key).orElse(null);
    }

    /** {@code count} writes of k0, k1, ... through the leader, one after the other. */
    private void writes(SimClient<KvCommand, String> client, int from, int count) {
        for (int i = from; i < from + count; i++) {
            assertThat(cluster.write(client, "k" + (i % 5), "v" + i).outcome()).as("write %d", i).isEqualTo(Outcome.OK);
        }
    }

    @Test
    @DisplayName("after 25 writes with a snapshot every 10 entries, every replica's log starts above its snapshot, and its state is whole")
    void logCutBelowTheSnapshot() {
        cluster.awaitLeader(Duration.ofSeconds(2));
        writes(cluster.client("c1", cluster.id(1)), 0, 25);
        cluster.awaitApplied(25, ms(200));
        cluster.sim.runFor(ms(100)); // a heartbeat: the followers apply (and snapshot) the last writes too
        for (NodeId id : cluster.servers) {
            ReplicaNode node = cluster.node(id);
            assertThat(node.firstIndex()).as("%s's first index (the Low-Water Mark) after 25 entries, a snapshot "
                    + "every 10 (%s)", id, cluster.describe()).isGreaterThanOrEqualTo(11);
            assertThat(value(node, "k4")).as("k4 on %s", id).isEqualTo("v24");
            assertThat(value(node, "k0")).as("k0 on %s", id).isEqualTo("v20");
        }
    }

    @Test
    @DisplayName("a follower cut off for 40 writes catches up by the leader's snapshot, then by the entries after it")
    void catchUpBySnapshot() {
        cluster.awaitLeader(Duration.ofSeconds(2));
        SimClient<KvCommand, String> client = cluster.client("c1", cluster.id(1));
        writes(client, 0, 3);
        NodeId n3 = cluster.id(3);
        cluster.sim.network().isolate(n3);
        writes(client, 3, 40);
        ReplicaNode leader = cluster.leader().orElseThrow();
        assertThat(leader.firstIndex()).as("the leader's first index: the entries n3 lacks are gone from its log")
                .isGreaterThan(cluster.node(3).lastIndex() + 1);
        var snapshots = cluster.sim.network().hold(MessageMatch.of(InstallSnapshot.class));
        cluster.sim.network().heal();
        cluster.sim.runUntil(() -> !snapshots.isEmpty(), ms(200), "the leader sends n3 its snapshot");
        snapshots.release();
        cluster.sim.runUntil(() -> cluster.node(3).lastApplied() == 43, ms(500), "n3 applies up to 43 ("
                + cluster.describe() + ")");
        assertThat(value(cluster.node(3), "k2")).as("k2 on n3").isEqualTo("v42");
        assertThat(cluster.node(3).firstIndex()).as("n3's first index: it started from the snapshot").isGreaterThan(3);
        writes(client, 43, 1);
        cluster.awaitApplied(44, ms(200));
        assertThat(value(cluster.node(3), "k3")).as("k3 on n3, after a write that came after the snapshot")
                .isEqualTo("v43");
    }

    @Test
    @DisplayName("a replica restarted after snapshots starts from its snapshot and replays the log after it: the same state, the same marks")
    void restartFromSnapshot() {
        cluster.awaitLeader(Duration.ofSeconds(2));
        writes(cluster.client("c1", cluster.id(1)), 0, 23);
        cluster.awaitApplied(23, ms(200));
        NodeId n2 = cluster.id(2);
        long mark = cluster.node(n2).highWaterMark();
        cluster.sim.crash(n2);
        cluster.sim.restart(n2);
        cluster.sim.runFor(ms(1));
        ReplicaNode restarted = cluster.node(n2);
        assertThat(restarted.firstIndex()).as("n2's first index after the restart").isGreaterThan(1);
        assertThat(restarted.lastApplied()).as("what n2 applied right after its restart").isEqualTo(mark);
        assertThat(value(restarted, "k2")).as("k2 on n2 right after its restart").isEqualTo("v22");
        assertThat(value(restarted, "k3")).as("k3 on n2 right after its restart").isEqualTo("v18");
    }

    @Test
    @DisplayName("the table of answers is in the snapshot: a retry after every replica restarted from its snapshot gets the first answer")
    void retryAfterRestartFromSnapshot() {
        ReplicaNode leader = cluster.awaitLeader(Duration.ofSeconds(2));
        Probe client = cluster.probe("c9");
        KvRequest cas = new KvRequest("c9", 1, Operation.COMPARE_AND_SET, "x", "1", null);
        client.send(leader.id(), cas);
        cluster.sim.runUntil(() -> client.received(KvReply.class).size() == 1, ms(200), "the CAS is answered");
        writes(cluster.client("c1", cluster.id(1)), 0, 12); // the CAS's entry is now in every snapshot
        cluster.awaitApplied(13, ms(200));
        for (NodeId id : cluster.servers) {
            cluster.sim.crash(id);
        }
        for (NodeId id : cluster.servers) {
            cluster.sim.restart(id);
        }
        ReplicaNode next = cluster.awaitLeader(Duration.ofSeconds(5));
        client.send(next.id(), cas);
        cluster.sim.runUntil(() -> client.received(KvReply.class).size() == 2, ms(500), "the retry is answered");
        assertThat(client.received(KvReply.class)).extracting(KvReply::result).as("both answers: a table lost with "
                + "the log would apply the CAS again, and answer false").containsExactly("true", "true");
    }

    /**
     * n3's disk holds what the leader of generation 1 left there: entries 1 to 5, of which it learned
     * 1 to 3 committed (its High-Water Mark); 4 and 5 were never committed, and no one else holds them.
     * The test plays the leader of generation 2 (a probe, "l2"), whose log starts after its snapshot of
     * index 3, and sends n3 that snapshot. n3 has 1 to 3 committed already, so it keeps its log; what it
     * may answer is that it matches the leader up to 3, where everything is committed. Entries 4 and 5
     * are generation 1's: the new leader may hold others there, and told "matches up to 5" it would count
     * n3 for its own entries 4 and 5, and commit them on fewer than a majority. (Whatever made a leader
     * send the snapshot, the follower's answer must be true.)
     */
    @Test
    @DisplayName("a follower answers a snapshot with the snapshot's index, not its last index: the entries after it may be an old leader's, never committed")
    void snapshotAnsweredWithItsIndex() {
        Entry[] generationOne = {LogCluster.entry(1, "c1", "a", "v1"), LogCluster.entry(1, "c1", "b", "v2"),
                LogCluster.entry(1, "c1", "c", "v3"), LogCluster.entry(1, "c1", "d", "v4"), LogCluster.entry(1, "c1", "e", "v5")};
        LogCluster scripted = LogCluster.of(7).preload("n3", 1, 3, generationOne).build();
        NodeId n3 = scripted.id(3);
        scripted.sim.network().isolate(scripted.id(1));
        scripted.sim.network().isolate(scripted.id(2));
        KeyValueStateMachine committed = new KeyValueStateMachine();
        for (int i = 0; i < 3; i++) {
            committed.apply(generationOne[i].command());
        }
        Probe leader = scripted.probe("l2");
        leader.send(n3, new InstallSnapshot(2, new Snapshot(3, 1, committed.snapshot()), 0));
        scripted.sim.runUntil(() -> !leader.received(Appended.class).isEmpty(), ms(100),
                "n3 answers the snapshot (" + scripted.describe() + ")");

        Appended answer = leader.received(Appended.class).get(0);
        assertThat(answer.success()).as("n3's answer to the snapshot of index 3, which it holds committed").isTrue();
        assertThat(answer.matchIndex()).as("the index up to which n3 says it matches the leader, answering its snapshot"
                + " of index 3 (n3's log: %s, High-Water Mark 3). Entries 4 and 5 are generation 1's and were never"
                + " committed: the leader of generation 2 may hold other entries there, so n3 knows it matches only up"
                + " to the snapshot's index. A leader told more counts n3 for entries it does not hold.",
                scripted.logOf(n3)).isEqualTo(3);
    }

    /** Five replicas snapshotting every 5 entries, under the nemesis's crashes, restarts and partitions. */
    @RandomizedTest(seeds = 5)
    @DisplayName("under the nemesis, snapshots every 5 entries: replicas agree, nothing committed is lost, the marks never go back, the history is linearizable")
    void underNemesis(long seed) {
        List<NodeId> five = ReplicatedLogContract.FIVE;
        FaultSchedule faults = Nemesis.standard().schedule(seed, five, Duration.ofSeconds(6));
        Shrinker.check(faults, schedule -> {
            LogCluster nemesisCluster = LogCluster.of(seed).servers(5)
                    .config(ReplicaConfig.DEFAULT.withSnapshotEvery(5)).build();
            Simulation sim = nemesisCluster.sim;
            ReplicatedLogContract.addClients(sim);
            schedule.applyTo(sim);
            sim.runFor(schedule.duration());
            assertThat(nemesisCluster.completed()).as("operations that completed").isPositive();
            nemesisCluster.assertLinearizable();
        });
    }
}
