package dev.kata.log;

import static dev.kata.log.LogCluster.ms;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.election.ClientMessage.KvReply;
import dev.kata.election.ClientMessage.KvRequest;
import dev.kata.election.ClientMessage.Operation;
import dev.kata.log.LogMessage.Appended;
import dev.kata.runtime.checker.KvCommand;
import dev.kata.runtime.checker.Outcome;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.sim.Hold;
import dev.kata.runtime.sim.MessageMatch;
import dev.kata.runtime.sim.Probe;
import dev.kata.runtime.sim.SimClient;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Step 5: every replica applies the committed entries to its state machine in log order, each once; the
 * leader answers the client. A client's retry gets the first answer, through any leader: the Idempotent
 * Receiver's table is part of the replicated state.
 */
@Tag("step-5")
@DisplayName("Step 5: the key-value state machine")
class Step5StateMachineTest {

    private final LogCluster cluster = LogCluster.of(1).favourite("n1").build();

    private static String value(ReplicaNode node, String key) {
        return ((KeyValueStateMachine) node.stateMachine()).get(key).orElse(null);
    }

    @Test
    @DisplayName("a client's write, then its read, through the leader: the read sees the write")
    void writeThenRead() {
        cluster.awaitLeader(Duration.ofSeconds(2));
        SimClient<KvCommand, String> client = cluster.client("c1", cluster.id(2)); // n2 sends it on to the leader
        assertThat(cluster.run(client, new KvCommand.Write("x", "1")).outcome()).as("the write").isEqualTo(Outcome.OK);
        var read = cluster.run(client, new KvCommand.Read("x"));
        assertThat(read.outcome()).as("the read").isEqualTo(Outcome.OK);
        assertThat(read.result()).as("what the read returned").isEqualTo("1");
        cluster.assertLinearizable();
    }

    @Test
    @DisplayName("every replica applies the committed entries in order: their states agree")
    void everyReplicaApplies() {
        cluster.awaitLeader(Duration.ofSeconds(2));
        SimClient<KvCommand, String> client = cluster.client("c1", cluster.id(1));
        cluster.run(client, new KvCommand.Write("x", "1"));
        cluster.run(client, new KvCommand.CompareAndSet("x", "1", "2"));
        cluster.run(client, new KvCommand.Write("y", "3"));
        cluster.awaitApplied(3, ms(200));
        for (NodeId id : cluster.servers) {
            assertThat(value(cluster.node(id), "x")).as("x on %s", id).isEqualTo("2");
            assertThat(value(cluster.node(id), "y")).as("y on %s", id).isEqualTo("3");
        }
    }

    @Test
    @DisplayName("nothing is applied before it is committed: with the followers' answers held, the leader's state stays as it was")
    void notBeforeCommitted() {
        ReplicaNode leader = cluster.awaitLeader(Duration.ofSeconds(2));
        Hold answers = cluster.sim.network().hold(MessageMatch.of(Appended.class));
        Probe client = cluster.probe("c1");
        client.send(leader.id(), cluster.write(client, "x", "1"));
        cluster.sim.runFor(ms(100));
        assertThat(leader.lastIndex()).as("the leader's log").isEqualTo(1);
        assertThat(value(leader, "x")).as("x in the leader's state machine while entry 1 is not committed").isNull();
        assertThat(client.received(KvReply.class)).as("answers to the client").isEmpty();
        answers.release();
        cluster.sim.runUntil(() -> "1".equals(value(leader, "x")), ms(100), "the leader applies entry 1 once committed");
        cluster.sim.runUntil(() -> client.received(KvReply.class).size() == 1, ms(50), "the client gets its answer");
    }

    @Test
    @DisplayName("a request sent again (a retry, or a copy) is applied once, and answered with the first answer")
    void retryAppliedOnce() {
        ReplicaNode leader = cluster.awaitLeader(Duration.ofSeconds(2));
        Probe client = cluster.probe("c9");
        KvRequest cas = new KvRequest("c9", 1, Operation.COMPARE_AND_SET, "x", "1", null);
        client.send(leader.id(), cas);
        cluster.sim.runUntil(() -> client.received(KvReply.class).size() == 1, ms(200), "the CAS is answered");
        client.send(leader.id(), cas); // the same request again
        cluster.sim.runUntil(() -> client.received(KvReply.class).size() == 2, ms(200), "the copy is answered");
        assertThat(client.received(KvReply.class)).extracting(KvReply::result).as("both answers: applied twice, the "
                + "CAS would answer false the second time").containsExactly("true", "true");
    }

    @Test
    @DisplayName("a retry through a new leader gets the first answer: the table of answers is replicated state")
    void retryThroughANewLeader() {
        ReplicaNode first = cluster.awaitLeader(Duration.ofSeconds(2));
        Probe client = cluster.probe("c9");
        KvRequest cas = new KvRequest("c9", 1, Operation.COMPARE_AND_SET, "x", "1", null);
        client.send(first.id(), cas);
        cluster.sim.runUntil(() -> client.received(KvReply.class).size() == 1, ms(200), "the CAS is answered");
        cluster.awaitApplied(1, ms(200));
        cluster.sim.crash(first.id());
        ReplicaNode second = cluster.awaitLeader(Duration.ofSeconds(5));
        client.send(second.id(), cas);
        cluster.sim.runUntil(() -> client.received(KvReply.class).size() == 2, ms(500), "the retry through "
                + second.id() + " is answered");
        assertThat(client.received(KvReply.class)).extracting(KvReply::result).as("both answers")
                .containsExactly("true", "true");
        assertThat(value(second, "x")).as("x on the new leader").isEqualTo("1");
    }

    @Test
    @DisplayName("a restarted replica replays its log into a new state machine, up to its high-water mark")
    void replaysAfterRestart() {
        cluster.awaitLeader(Duration.ofSeconds(2));
        SimClient<KvCommand, String> client = cluster.client("c1", cluster.id(1));
        cluster.run(client, new KvCommand.Write("x", "1"));
        cluster.run(client, new KvCommand.Write("x", "2"));
        cluster.awaitApplied(2, ms(200));
        NodeId n3 = cluster.id(3);
        cluster.sim.crash(n3);
        cluster.sim.restart(n3);
        cluster.sim.runFor(ms(1));
        assertThat(value(cluster.node(n3), "x")).as("x on n3 right after its restart (high-water mark %d)",
                cluster.node(n3).highWaterMark()).isEqualTo("2");
    }

    @Test
    @DisplayName("message budget: with a stable leader, a write costs one round trip to the followers (3 and 5 servers)")
    void budget() {
        for (int size : new int[] {3, 5}) {
            LogCluster sized = LogCluster.of(size).servers(size).favourite("n1").build();
            sized.awaitLeader(Duration.ofSeconds(2));
            SimClient<KvCommand, String> client = sized.client("c1", sized.id(1));
            long op = client.submit(new KvCommand.Write("x", "1"));
            sized.sim.runUntil(() -> !client.busy(), Duration.ofSeconds(1), "the write is answered");
            sized.sim.runFor(ms(20)); // the late answers count too
            assertThat(sized.sim.costOf(op).messages()).as("messages of one write on %d servers: the request, an "
                    + "Append to and an Appended from each of the %d followers, the answer (the followers learn the "
                    + "commit from the next heartbeat, which the write does not pay for)", size, size - 1)
                    .isEqualTo(1 + 2L * (size - 1) + 1);
        }
    }
}
