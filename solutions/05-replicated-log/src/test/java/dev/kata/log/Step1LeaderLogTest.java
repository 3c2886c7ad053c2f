package dev.kata.log;

import static dev.kata.log.LogCluster.ms;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.election.ClientMessage.KvRequest;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.sim.Probe;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Step 1: the leader appends each client's command to its log, under its generation, durably. */
@Tag("step-1")
@DisplayName("Step 1: the leader's log")
class Step1LeaderLogTest {

    @Test
    @DisplayName("a leader of one appends a client's write to its log, under its generation, at the next index")
    void appendsUnderItsGeneration() {
        LogCluster cluster = LogCluster.of(1).servers(1).build();
        ReplicaNode leader = cluster.awaitLeader(Duration.ofSeconds(2));
        Probe client = cluster.probe("c1");
        KvRequest first = cluster.write(client, "x", "1");
        KvRequest second = cluster.write(client, "x", "2");
        client.send(leader.id(), first);
        cluster.sim.runUntil(() -> leader.lastIndex() >= 1, ms(50), "the leader appends the first write");
        client.send(leader.id(), second); // after the first: the network may reorder two sent at once
        cluster.sim.runFor(ms(50));
        assertThat(leader.lastIndex()).as("the leader's log after two writes (%s)", cluster.describe()).isEqualTo(2);
        assertThat(leader.entry(1)).as("entry 1: the first write, under the leader's generation %d",
                leader.generation()).isEqualTo(new Entry(leader.generation(), new ClientCommand(first)));
        assertThat(leader.entry(2)).as("entry 2: the second write").isEqualTo(
                new Entry(leader.generation(), new ClientCommand(second)));
    }

    @Test
    @DisplayName("the leader forces its entry before it goes on: a crash right after keeps it")
    void durableBeforeAnythingElse() {
        LogCluster cluster = LogCluster.of(2).servers(1).build();
        ReplicaNode leader = cluster.awaitLeader(Duration.ofSeconds(2));
        NodeId id = leader.id();
        Probe client = cluster.probe("c1");
        KvRequest write = cluster.write(client, "x", "1");
        client.send(id, write);
        cluster.sim.runUntil(() -> cluster.node(id).lastIndex() == 1, ms(50), "the leader appends the write");
        cluster.sim.crash(id); // loses whatever was not forced
        cluster.sim.restart(id);
        cluster.sim.runFor(ms(1));
        assertThat(cluster.node(id).lastIndex()).as("%s's log after a crash right after it appended the write: "
                + "force the log before you go on", id).isEqualTo(1);
        assertThat(cluster.node(id).entry(1).command()).isEqualTo(new ClientCommand(write));
    }

    @Test
    @DisplayName("a server that does not lead answers NotLeader, and appends nothing")
    void followersRefer() {
        LogCluster cluster = LogCluster.of(3).favourite("n1").build();
        cluster.awaitLeader(Duration.ofSeconds(2));
        Probe client = cluster.probe("c1");
        client.send(cluster.id(2), cluster.write(client, "x", "1"));
        cluster.sim.runFor(ms(50));
        assertThat(client.received(dev.kata.election.ClientMessage.NotLeader.class)).as("n2's answers").hasSize(1);
        assertThat(cluster.node(2).lastIndex()).as("n2's log").isZero();
    }
}
