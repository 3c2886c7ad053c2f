package dev.kata.log;

import static dev.kata.log.LogCluster.ms;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.runtime.checker.KvCommand;
import dev.kata.runtime.checker.Outcome;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.sim.MessageMatch;
import dev.kata.runtime.sim.SimClient;
import dev.kata.runtime.sim.Workload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Step 8: the leader gathers the client commands that come within a short window, appends them all,
 * forces its log once and sends them in one append to each follower, without waiting for the answers
 * to the batch before (pipelining). The message budget: a write alone still costs one round trip to
 * the followers; eight writes at once share one.
 */
@Tag("step-8")
@DisplayName("Step 8: batching and pipelining")
class Step8BatchingTest {

    private static final Duration WINDOW = ms(5);

    private static LogCluster cluster(Duration batch) {
        return LogCluster.of(1).favourite("n1").config(ReplicaConfig.DEFAULT.withBatch(batch)).build();
    }

    /** Eight clients each write once, at the same moment; returns the messages the eight writes cost in all. */
    private static long eightWritesAtOnce(LogCluster cluster) {
        cluster.awaitLeader(Duration.ofSeconds(2));
        cluster.sim.runFor(ms(60)); // past the new leader's first rounds
        List<SimClient<KvCommand, String>> clients = new ArrayList<>();
        List<Long> ops = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            SimClient<KvCommand, String> client = cluster.client("c" + i, cluster.id(1));
            clients.add(client);
            ops.add(client.submit(new KvCommand.Write("k" + i, "v" + i)));
        }
        cluster.sim.runUntil(() -> clients.stream().noneMatch(SimClient::busy), ms(500), "the eight writes end");
        cluster.sim.runFor(ms(20)); // the late answers count too
        for (SimClient<KvCommand, String> client : clients) {
            assertThat(client.lastOperation().outcome()).as("%s's write", client.id()).isEqualTo(Outcome.OK);
        }
        cluster.assertLinearizable();
        return ops.stream().mapToLong(op -> cluster.sim.costOf(op).messages()).sum();
    }

    @Test
    @DisplayName("message budget: a write alone still costs one round trip to the followers, window or not")
    void oneWrite() {
        LogCluster cluster = cluster(WINDOW);
        cluster.awaitLeader(Duration.ofSeconds(2));
        SimClient<KvCommand, String> client = cluster.client("c1", cluster.id(1));
        long op = client.submit(new KvCommand.Write("x", "1"));
        cluster.sim.runUntil(() -> !client.busy(), Duration.ofSeconds(1), "the write is answered");
        cluster.sim.runFor(ms(20));
        assertThat(client.lastOperation().outcome()).as("the write").isEqualTo(Outcome.OK);
        assertThat(cluster.sim.costOf(op).messages()).as("messages of one write: the request, an Append to and an "
                + "Appended from each of the 2 followers, the answer").isEqualTo(6);
    }

    @Test
    @DisplayName("message budget: eight writes at once share one append to each follower, and its answer")
    void eightWritesShareOneRoundTrip() {
        long batched = eightWritesAtOnce(cluster(WINDOW));
        // Each write's request and answer (16), and one round trip to the 2 followers for all (4); the
        // requests arrive within 1 to 5 ms of each other, so at most a second batch (4 more).
        assertThat(batched).as("messages of eight writes at once, with a window of %s (one at a time: 8 × 6 = 48)",
                WINDOW).isLessThanOrEqualTo(16 + 2 * 4);
    }

    @Test
    @DisplayName("group commit: eight writes at once cost the leader's log one force, not eight")
    void oneForceForABatch() {
        LogCluster cluster = cluster(WINDOW);
        cluster.awaitLeader(Duration.ofSeconds(2));
        cluster.sim.runFor(ms(60));
        long before = cluster.sim.disk(cluster.id(1)).forceCount();
        eightWritesAtOnce(cluster);
        long forces = cluster.sim.disk(cluster.id(1)).forceCount() - before;
        // The log's forces (one a batch, at most two batches), and the High-Water Mark's saves (at most one
        // a batch and a follower's answer: 2 × 2).
        assertThat(forces).as("forces of the leader's disk for eight writes at once (one at a time: 8 for the "
                + "log alone)").isLessThanOrEqualTo(2 + 4);
    }

    @Test
    @DisplayName("pipelining: while a batch's answers are on their way, the next batch's append carries only its own entries")
    void nextBatchDoesNotResendTheLast() {
        LogCluster cluster = cluster(WINDOW);
        cluster.awaitLeader(Duration.ofSeconds(2));
        cluster.sim.runFor(ms(60)); // past the new leader's first rounds
        NodeId n2 = cluster.id(2);
        var answers = cluster.sim.network().hold(MessageMatch.of(LogMessage.Appended.class).from(n2));
        var appends = cluster.sim.network().hold(MessageMatch.of(LogMessage.Append.class).to(n2));
        cluster.client("c1", cluster.id(1)).submit(new KvCommand.Write("x", "1"));
        cluster.sim.runFor(ms(20)); // the first batch is sent; n2's answer is slow
        cluster.client("c2", cluster.id(1)).submit(new KvCommand.Write("y", "2"));
        cluster.sim.runFor(ms(20)); // the second batch is sent
        Map<Long, Integer> sent = new TreeMap<>();
        for (var message : appends.messages()) {
            LogMessage.Append append = (LogMessage.Append) message;
            for (int i = 0; i < append.entries().size(); i++) {
                sent.merge(append.prevIndex() + 1 + i, 1, Integer::sum);
            }
        }
        appends.release();
        answers.release();
        assertThat(sent).as("the entries sent to n2 while its answers were slow: the two writes'").hasSize(2);
        assertThat(sent.values()).as("how many times each entry was sent to n2 while its answers were slow (index=times:"
                + " %s): the append of the second batch must start after the first batch, which is already on its way",
                sent).containsOnly(1);
    }

    /**
     * The leader counts its own copy toward the majority: a batch it answers for must be on its disk. A
     * cluster of one shows it plainly, as the leader's copy is the only one: a crash after the answer must
     * not take the write back.
     */
    @Test
    @DisplayName("durability: a batch is forced before it counts; a leader alone that answered a write still holds it after a crash")
    void batchForcedBeforeItCounts() {
        LogCluster cluster = LogCluster.of(1).servers(1).favourite("n1")
                .config(ReplicaConfig.DEFAULT.withBatch(WINDOW)).build();
        cluster.awaitLeader(Duration.ofSeconds(3));
        SimClient<KvCommand, String> writer = cluster.client("c1", cluster.id(1));
        assertThat(cluster.write(writer, "x", "1").outcome()).as("the batched write of x=1").isEqualTo(Outcome.OK);
        cluster.sim.crashCleanly(cluster.id(1)); // loses exactly what was not forced
        cluster.sim.restart(cluster.id(1));
        cluster.awaitLeader(Duration.ofSeconds(3));
        assertThat(cluster.node(1).lastIndex()).as("n1's log after a crash right after it answered the write of x=1"
                + " (a batch appended but never forced is lost with the crash: force it, then count it)")
                .isGreaterThanOrEqualTo(1);
        SimClient<KvCommand, String> reader = cluster.client("c2", cluster.id(1));
        assertThat(cluster.read(reader, "x").result()).as("x read after the restart").isEqualTo("1");
    }

    @Test
    @DisplayName("throughput grows with clients: eight clients complete many times what one does, at fewer messages a write")
    void throughputGrowsWithClients() {
        double[] perOperation = new double[2];
        long[] completed = new long[2];
        int[] clientCounts = {1, 8};
        for (int run = 0; run < 2; run++) {
            LogCluster cluster = cluster(WINDOW);
            cluster.awaitLeader(Duration.ofSeconds(2));
            for (int i = 1; i <= clientCounts[run]; i++) {
                cluster.client("c" + i, cluster.id(1)).runWorkload(10_000, Workload.readsWritesAndCas("x", "y"));
            }
            cluster.sim.runFor(Duration.ofSeconds(2));
            completed[run] = cluster.completed();
            perOperation[run] = cluster.sim.counts().messagesPerOperation();
            cluster.assertLinearizable();
        }
        assertThat(completed[1]).as("operations completed in 2 s by 8 clients (1 client: %d)", completed[0])
                .isGreaterThanOrEqualTo(4 * completed[0]);
        assertThat(perOperation[1]).as("messages per operation with 8 clients (1 client: %.1f)", perOperation[0])
                .isLessThan(perOperation[0]);
    }
}
