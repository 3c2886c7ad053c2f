// Generated from solutions/05-replicated-log/src/test/java/dev/kata/log/Step2ReplicationTest.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint 509e9cff4c3e
package dev.kata.log;

import static dev.kata.log.LogCluster.ms;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.election.ClientMessage.KvRequest;
import dev.kata.log.LogMessage.Appended;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.sim.Hold;
import dev.kata.runtime.sim.MessageMatch;
import dev.kata.runtime.sim.Probe;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Step 2: the leader sends its entries to the followers, which append them durably and say how far they
 * match; an entry a majority holds is committed (the High-Water Mark), and followers learn the mark.
 * The durability watch checks every answer: a follower that acknowledges before it forces fails here.
 */
@Tag("step-2")
@DisplayName("Step 2: replication and the High-Water Mark")
class Step2ReplicationTest {

    private final LogCluster cluster = LogCluster.of(1).favourite("n1").build();

    private ReplicaNode leaderWithOneWrite(Probe client, KvRequest write) {
        ReplicaNode leader = cluster.awaitLeader(Duration.ofSeconds(2));
        client.send(leader.id(), write);
        return leader;
    }

    @Test
    @DisplayName("a write reaches every follower's log, at the leader's index, with the leader's generation")
    void replicated() {
        Probe client = cluster.probe("c1");
        KvRequest write = cluster.write(client, "x", "1");
        ReplicaNode leader = leaderWithOneWrite(client, write);
        cluster.sim.runFor(ms(100));
        for (NodeId id : cluster.servers) {
            assertThat(cluster.node(id).lastIndex()).as("%s's log, 100 ms after the leader took the write (%s)", id,
                    cluster.describe()).isEqualTo(1);
            assertThat(cluster.node(id).entry(1)).as("%s's entry 1", id)
                    .isEqualTo(new Entry(leader.generation(), new ClientCommand(write)));
        }
    }

    @Test
    @DisplayName("an entry a majority holds is committed: the leader's high-water mark moves to it, then every follower's")
    void committedEverywhere() {
        Probe client = cluster.probe("c1");
        leaderWithOneWrite(client, cluster.write(client, "x", "1"));
        cluster.sim.runUntil(() -> cluster.leader().orElseThrow().highWaterMark() == 1, ms(50),
                "the leader commits the write (" + cluster.describe() + ")");
        // The followers hear of it with the next append or heartbeat (every 50 ms).
        cluster.sim.runUntil(() -> cluster.servers.stream().allMatch(id -> cluster.node(id).highWaterMark() == 1),
                ms(100), "every follower learns the high-water mark (" + cluster.describe() + ")");
    }

    @Test
    @DisplayName("force budget: a follower makes the entries of an append and the mark they bring durable with one force")
    void oneForcePerAppend() {
        Probe client = cluster.probe("c1");
        ReplicaNode leader = leaderWithOneWrite(client, cluster.write(client, "x", "1"));
        cluster.sim.runUntil(() -> leader.highWaterMark() == 1, ms(50), "the leader commits the first write ("
                + cluster.describe() + ")");
        // The second write's append brings its entry and the mark 1, which the followers have not heard of yet.
        java.util.Map<NodeId, Long> before = new java.util.HashMap<>();
        for (NodeId id : cluster.servers) {
            before.put(id, cluster.sim.disk(id).forceCount());
        }
        client.send(leader.id(), cluster.write(client, "y", "2"));
        cluster.sim.runUntil(() -> cluster.servers.stream().allMatch(id -> cluster.node(id).lastIndex() == 2), ms(50),
                "every follower holds the second write (" + cluster.describe() + ")");
        for (NodeId id : cluster.servers) {
            if (id.equals(leader.id())) {
                continue;
            }
            assertThat(cluster.node(id).highWaterMark()).as("%s's mark after the append that brought mark 1", id)
                    .isEqualTo(1);
            assertThat(cluster.sim.disk(id).forceCount() - before.get(id)).as("forces of %s's disk for one append "
                    + "that brings an entry and a new mark: log.forceWithHighWaterMark makes both durable in one "
                    + "(a force, then a raise of the mark, costs two)", id).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("an entry only the leader holds, its followers' answers held back, is not committed; one answer more commits it")
    void notWithoutAMajority() {
        ReplicaNode leader = cluster.awaitLeader(Duration.ofSeconds(2));
        Hold fromN2 = cluster.sim.network().hold(MessageMatch.of(Appended.class).from(cluster.id(2)));
        Hold fromN3 = cluster.sim.network().hold(MessageMatch.of(Appended.class).from(cluster.id(3)));
        Probe client = cluster.probe("c1");
        client.send(leader.id(), cluster.write(client, "x", "1"));
        cluster.sim.runFor(ms(100)); // less than the leader's 300 ms before it steps down
        assertThat(leader.lastIndex()).as("the leader's log").isEqualTo(1);
        assertThat(leader.highWaterMark()).as("the leader's high-water mark while only it is known to hold entry 1: "
                + "one copy of three is no majority").isZero();
        fromN2.release();
        cluster.sim.runUntil(() -> leader.highWaterMark() == 1, ms(50),
                "with n2's answers, two of three hold entry 1: the leader commits it");
        fromN3.release();
    }

    @Test
    @DisplayName("a follower commits no further than the leader's mark, nor beyond the entries it shares with the leader")
    void followerMark() {
        Probe client = cluster.probe("c1");
        ReplicaNode leader = leaderWithOneWrite(client, cluster.write(client, "x", "1"));
        cluster.sim.runUntil(() -> cluster.node(2).highWaterMark() == 1 && cluster.node(3).highWaterMark() == 1,
                ms(200), "the followers learn that entry 1 is committed");
        // n3's appends are lost from now on: the others commit entry 2, n3 cannot know it.
        cluster.sim.network().block(leader.id(), cluster.id(3));
        client.send(leader.id(), cluster.write(client, "x", "2"));
        cluster.sim.runUntil(() -> cluster.node(2).highWaterMark() == 2, ms(200), "n2 learns that entry 2 is committed");
        assertThat(cluster.node(3).highWaterMark()).as("n3's mark: it never received entry 2").isEqualTo(1);
        cluster.sim.network().heal();
        cluster.sim.runUntil(() -> cluster.node(3).highWaterMark() == 2, ms(200), "n3 catches up once it hears again");
    }
}
