package dev.kata.quorum;

import static dev.kata.quorum.Cluster.N1;
import static dev.kata.quorum.Cluster.N2;
import static dev.kata.quorum.Cluster.N3;
import static dev.kata.quorum.Cluster.ms;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.quorum.QuorumMessage.ClientRead;
import dev.kata.quorum.QuorumMessage.ClientWrite;
import dev.kata.quorum.QuorumMessage.QuorumError;
import dev.kata.quorum.QuorumMessage.ReadOk;
import dev.kata.quorum.QuorumMessage.WriteOk;
import dev.kata.runtime.checker.KvCommand;
import dev.kata.runtime.checker.Operation;
import dev.kata.runtime.checker.Outcome;
import dev.kata.runtime.disk.FileDisk;
import dev.kata.runtime.net.Envelope;
import dev.kata.runtime.net.TcpClient;
import dev.kata.runtime.net.TcpCluster;
import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.sim.FaultSchedule;
import dev.kata.runtime.sim.Nemesis;
import dev.kata.runtime.sim.NetworkConfig;
import dev.kata.runtime.sim.Probe;
import dev.kata.runtime.sim.SimClient;
import dev.kata.runtime.sim.SimulationConfig;
import dev.kata.runtime.testing.RandomizedTest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Tag("step-3")
@DisplayName("Step 3: a read asks all N replicas and answers with the newest of the first R answers")
class Step3QuorumReadTest {

    @Test
    @DisplayName("with a replica down, a read gets exactly one answer: its value, and no error at the timeout after it")
    void oneAnswerPerRead() {
        Cluster cluster = Cluster.of(24, QuorumConfig.of(3, 2, 2).withTimeout(ms(300)));
        assertThat(cluster.write(cluster.client("c1", N1), "x", "a").outcome()).isEqualTo(Outcome.OK);
        cluster.sim.crash(N3);
        Probe probe = Probe.add(cluster.sim, "probe");
        probe.send(N1, new ClientRead("p", 1, "x"));
        cluster.sim.runFor(Duration.ofSeconds(2));
        assertThat(probe.received()).as("n1's answers to one read, with n2 up and n3 down (R = 2)")
                .hasSize(1);
        assertThat(probe.received(ReadOk.class)).as("of which successes").hasSize(1);
    }

    @Test
    @DisplayName("a read returns what the last write wrote")
    void readsTheWrite() {
        Cluster cluster = Cluster.of(1, QuorumConfig.of(3, 2, 2));
        SimClient<KvCommand, String> client = cluster.client("c1", N1);
        cluster.write(client, "x", "a");
        cluster.write(client, "x", "b");
        Operation<KvCommand, String> read = cluster.read(client, "x");
        assertThat(read.outcome()).as("the read's outcome").isEqualTo(Outcome.OK);
        assertThat(read.result()).as("what the read returned").isEqualTo("b");
    }

    @Test
    @DisplayName("a key never written reads as null, and so does a deleted one")
    void absentAndDeleted() {
        Cluster cluster = Cluster.of(2, QuorumConfig.of(3, 2, 2));
        SimClient<KvCommand, String> client = cluster.client("c1", N2);
        assertThat(cluster.read(client, "x").result()).as("a key never written").isNull();
        cluster.write(client, "x", "a");
        cluster.write(client, "x", null);
        Operation<KvCommand, String> read = cluster.read(client, "x");
        assertThat(read.outcome()).as("the outcome of reading a deleted key").isEqualTo(Outcome.OK);
        assertThat(read.result()).as("a deleted key").isNull();
    }

    @Test
    @DisplayName("the answer comes with the R-th answer: a slow replica does not slow the read down")
    void answersAtTheRthAnswer() {
        Cluster cluster = Cluster.of(6, QuorumConfig.of(3, 2, 2));
        SimClient<KvCommand, String> client = cluster.client("c1", N1);
        cluster.write(client, "x", "a");
        cluster.sim.network().slowLink(N3, N1, ms(200)); // n3's answer takes 200 ms
        Operation<KvCommand, String> read = cluster.read(client, "x");
        assertThat(read.result()).as("what the read returned").isEqualTo("a");
        assertThat((read.completedAt() - read.invokedAt()) / 1_000_000)
                .as("milliseconds the read took, with R = 2 and only n3 slow").isLessThan(50);
    }

    /**
     * The read quorum is made to hear from the stale replicas first, so it can only find the write
     * by waiting for R answers and picking the newest. Every message is also delivered twice, so
     * that R answers are counted per replica. With N = 3, W = 2, R = 2:
     * <pre>
     *   write "new" via n1:  n1 ✔  n2 ✔  n3 ✘ (cut off)        acknowledged by W = 2
     *   read via n3:         n3 "old" (at once, twice), n1 and n2 "new" (100 ms late)
     *                        R = 2 replicas must answer: the second is n1 or n2 → "new"
     * </pre>
     */
    @ParameterizedTest(name = "N = {0}, W = {1}, R = {2}")
    @CsvSource({"3, 2, 2", "3, 3, 1", "3, 1, 3", "5, 3, 3", "5, 4, 2", "5, 2, 4"})
    @DisplayName("with W + R > N a read sees the last acknowledged write, even when the stale replicas answer first")
    void overlappingQuorums(int n, int w, int r) {
        String result = readAfterAPartialWrite(n, w, r, false);
        assertThat(result).as("what a read returned after the write of \"new\" reached only W = %d of N = %d"
                + " replicas, with R = %d and the stale replicas answering first", w, n, r).isEqualTo("new");
    }

    /**
     * The same read with the roles of the ids swapped: the replicas that hold "new" have the highest
     * ids, so a read that takes the first answer in id order (the answers come in a map sorted by
     * replica), instead of the one with the newest version, returns "old".
     */
    @ParameterizedTest(name = "N = {0}, W = {1}, R = {2}")
    @CsvSource({"3, 2, 2", "5, 3, 3", "5, 2, 4"})
    @DisplayName("with W + R > N a read picks the newest version, also when the up-to-date replicas have the highest ids")
    void newestNotFirst(int n, int w, int r) {
        String result = readAfterAPartialWrite(n, w, r, true);
        assertThat(result).as("what a read returned after the write of \"new\" reached only the W = %d replicas with"
                + " the highest ids of N = %d, with R = %d: pick the answer with the newest version, not the first"
                + " one (in arrival or in id order)", w, n, r).isEqualTo("new");
    }

    @ParameterizedTest(name = "N = {0}, W = {1}, R = {2}")
    @CsvSource({"3, 1, 1", "3, 1, 2", "5, 2, 2", "5, 3, 2"})
    @DisplayName("with W + R <= N the same read misses it: the quorums need not overlap (why the sum matters)")
    void disjointQuorums(int n, int w, int r) {
        String result = readAfterAPartialWrite(n, w, r, false);
        assertThat(result).as("what a read returned with W + R <= N").isEqualTo("old");
    }

    /**
     * Writes "old" everywhere, then "new" to W replicas only (the lowest ids, or the highest with
     * {@code freshHighest}), then reads through a stale replica to which the fresh ones answer slowly.
     */
    private static String readAfterAPartialWrite(int n, int w, int r, boolean freshHighest) {
        Cluster cluster = Cluster.of(SimulationConfig.of(3, QuorumMessage.CODEC)
                        .withNetwork(NetworkConfig.fixedLatency(ms(1)).withDuplicateProbability(1.0)),
                QuorumConfig.of(n, w, r));
        List<NodeId> fresh = freshHighest ? cluster.servers.subList(n - w, n) : cluster.servers.subList(0, w);
        List<NodeId> stale = freshHighest ? cluster.servers.subList(0, n - w) : cluster.servers.subList(w, n);
        NodeId coordinator = fresh.get(0);
        SimClient<KvCommand, String> writer = cluster.client("writer", coordinator);
        assertThat(cluster.write(writer, "x", "old").outcome()).as("the first write").isEqualTo(Outcome.OK);
        cluster.sim.runUntilIdle();

        cluster.sim.network().block(Set.of(coordinator), Set.copyOf(stale)); // "new" reaches only the W fresh replicas
        assertThat(cluster.write(writer, "x", "new").outcome()).as("the write that reaches only W replicas")
                .isEqualTo(Outcome.OK);
        cluster.sim.runUntilIdle();
        cluster.sim.network().heal();

        NodeId reader = stale.isEmpty() ? coordinator : freshHighest ? stale.get(0) : stale.get(stale.size() - 1);
        for (NodeId replica : fresh) {
            if (!replica.equals(reader)) {
                cluster.sim.network().slowLink(replica, reader, ms(100));
            }
        }
        SimClient<KvCommand, String> client = cluster.client("reader", reader);
        Operation<KvCommand, String> read = cluster.read(client, "x");
        assertThat(read.outcome()).as("the read's outcome").isEqualTo(Outcome.OK);
        return read.result();
    }

    @Test
    @DisplayName("a read that cannot reach R replicas fails within its timeout (a read changes nothing: failed is honest)")
    void readFailsInTime() {
        Cluster cluster = Cluster.of(4, QuorumConfig.of(3, 2, 2).withTimeout(ms(300)));
        SimClient<KvCommand, String> client = cluster.client("c1", N1);
        cluster.write(client, "x", "a");
        cluster.sim.network().partition(Set.of(N1, client.id()), Set.of(N2, N3));
        Operation<KvCommand, String> read = cluster.read(client, "x");
        assertThat(read.outcome()).as("the outcome of a read that reached 1 of R = 2 replicas").isEqualTo(Outcome.FAIL);
        assertThat((read.completedAt() - read.invokedAt()) / 1_000_000).as("milliseconds until it failed")
                .isBetween(300L, 310L);
    }

    /**
     * A write that only n1 and n3 hold, n1 gone for good, n3 restarted: the read quorum {n2, n3}
     * finds the write only in n3's log.
     * <pre>
     *   write "a" via n1:  n1 ✔  n2 ✘ (cut off)  n3 ✔      acknowledged by W = 2
     *   n1 crashes; n3 crashes and restarts
     *   read via n2:       n2 nothing, n3 "a" (recovered from its own log)  → "a"
     * </pre>
     */
    @Test
    @DisplayName("a restarted replica answers from its own log: a write it acknowledged is still seen")
    void restartedReplica() {
        Cluster cluster = Cluster.of(5, QuorumConfig.of(3, 2, 2));
        SimClient<KvCommand, String> writer = cluster.client("writer", N1);
        cluster.sim.network().block(N1, N2);
        assertThat(cluster.write(writer, "x", "a").outcome()).as("the write n2 never sees").isEqualTo(Outcome.OK);
        cluster.sim.runUntilIdle();
        cluster.sim.network().heal();
        cluster.sim.crash(N1);
        cluster.sim.crash(N3);
        cluster.sim.restart(N3);
        SimClient<KvCommand, String> reader = cluster.client("reader", N2);
        Operation<KvCommand, String> read = cluster.read(reader, "x");
        assertThat(read.outcome()).as("the read's outcome").isEqualTo(Outcome.OK);
        assertThat(read.result()).as("what the read via n2 returned, with n1 down and n3 restarted").isEqualTo("a");
    }

    /**
     * One client writes and reads through every coordinator in turn, while the network drops,
     * duplicates, delays and reorders messages and a random minority crashes and restarts. Writes
     * that could not be acknowledged are unknown; each read must return the last acknowledged
     * write, or one of the unknown writes made after it, never anything older.
     */
    @RandomizedTest(seeds = 10)
    @DisplayName("with W + R > N, under drops, delays, crashes and restarts, a read never misses an acknowledged write")
    void underFaults(long seed) {
        FaultSchedule faults = Nemesis.standard().withFaults(Nemesis.FaultKind.CRASH, Nemesis.FaultKind.SLOW,
                Nemesis.FaultKind.LOSSY).schedule(seed, List.of(N1, N2, N3), Duration.ofSeconds(10));
        Cluster cluster = Cluster.of(Cluster.simulation(seed, NetworkConfig.reliable().withLatency(ms(1), ms(20))
                .withDropProbability(0.05).withDuplicateProbability(0.05).withReordering(0.05, ms(30))),
                QuorumConfig.of(3, 2, 2).withTimeout(ms(200)));
        SimClient<KvCommand, String> client = cluster.rotatingClient("c1", (int) (seed % 3));
        client.runWorkload(80, Cluster.readsAndWrites("x"));
        faults.applyTo(cluster.sim);
        cluster.sim.runUntil(client::finished, Duration.ofMinutes(2), "c1 finishes its 80 operations");

        String lastAcknowledged = null;
        List<String> unknownSince = new ArrayList<>();
        for (Operation<KvCommand, String> op : cluster.history().operations()) {
            if (op.command() instanceof KvCommand.Write write) {
                if (op.outcome() == Outcome.OK) {
                    lastAcknowledged = write.value();
                    unknownSince.clear();
                } else {
                    unknownSince.add(write.value());
                }
            } else if (op.outcome() == Outcome.OK) {
                List<String> allowed = new ArrayList<>(unknownSince);
                allowed.add(lastAcknowledged);
                assertThat(allowed).as("seed %d: operation %d, %s returned %s; the last acknowledged write wrote %s"
                                + " and the unknown writes after it %s", seed, op.id(), op.command(), op.result(),
                        lastAcknowledged, unknownSince).contains(op.result());
            }
        }
        assertThat(cluster.history().operations()).filteredOn(op -> op.outcome() == Outcome.OK)
                .as("seed %d: operations that succeeded despite the faults", seed).hasSizeGreaterThan(20);
    }

    /**
     * The same node code on the real driver: three servers on loopback TCP, each with its replica on
     * real files ({@link FileDisk}, forced with fsync), in this JVM. Real threads and the system
     * clock, so this test waits in real time (bounded), unlike every simulated one.
     */
    @Nested
    @DisplayName("On real TCP: three servers on loopback, replicas on real files")
    class RealTcp {

        private static final Duration ANSWER = Duration.ofSeconds(2);

        @TempDir
        Path directory;

        private TcpCluster cluster;
        private TcpClient client;
        private long sequence;

        @AfterEach
        void stop() {
            if (cluster != null) {
                cluster.close();
            }
        }

        private void start() {
            cluster = TcpCluster.startOnLoopback(List.of(N1, N2, N3), QuorumMessage.CODEC,
                    id -> new FileDisk(directory.resolve(id.name())),
                    QuorumNode.factory(QuorumConfig.majority(3).withTimeout(Duration.ofMillis(300))));
            client = cluster.newClient(NodeId.of("tcp-client"));
        }

        /** Sends one request and returns the answer to it, or fails after two seconds without one. */
        private Message ask(NodeId server, Message request, long requestSequence) throws InterruptedException {
            client.send(server, request);
            Instant deadline = Instant.now().plus(ANSWER);
            while (Instant.now().isBefore(deadline)) {
                Optional<Envelope> reply = client.receive(Duration.between(Instant.now(), deadline));
                if (reply.isEmpty()) {
                    break;
                }
                Message message = reply.get().message();
                if (message instanceof WriteOk ok && ok.sequence() == requestSequence
                        || message instanceof ReadOk ok2 && ok2.sequence() == requestSequence
                        || message instanceof QuorumError error && error.sequence() == requestSequence) {
                    return message;
                }
            }
            throw new AssertionError(server + " did not answer " + request + " within " + ANSWER.toMillis() + " ms");
        }

        /**
         * A write, tried again (as a new write) after an error: on real TCP, a message sent on a
         * connection that broke when a node stopped is lost while the sender dials again, and this
         * store does not resend on its own. A client that got an error may retry; at most three times.
         */
        private Message write(NodeId server, String key, String value) throws InterruptedException {
            Message answer = null;
            for (int attempt = 0; attempt < 3 && !(answer instanceof WriteOk); attempt++) {
                long s = ++sequence;
                answer = ask(server, new ClientWrite(client.id().name(), s, key, value), s);
            }
            return answer;
        }

        private Message read(NodeId server, String key) throws InterruptedException {
            Message answer = null;
            for (int attempt = 0; attempt < 3 && !(answer instanceof ReadOk); attempt++) {
                long s = ++sequence;
                answer = ask(server, new ClientRead(client.id().name(), s, key), s);
            }
            return answer;
        }

        @Test
        @DisplayName("a write through n1 is read through n3; with n1 stopped, n2 and n3 go on; n1 restarts from its files")
        void writeReadStopRestart() throws InterruptedException {
            start();
            assertThat(write(N1, "colour", "blue")).as("n1's answer to a write").isInstanceOf(WriteOk.class);
            assertThat(read(N3, "colour")).as("n3's answer to a read").isInstanceOfSatisfying(ReadOk.class,
                    ok -> assertThat(ok.value()).isEqualTo("blue"));

            cluster.stop(N1);
            assertThat(write(N2, "colour", "green")).as("n2's answer to a write, n1 stopped").isInstanceOf(WriteOk.class);
            assertThat(read(N3, "colour")).as("n3's answer to a read, n1 stopped").isInstanceOfSatisfying(ReadOk.class,
                    ok -> assertThat(ok.value()).isEqualTo("green"));

            cluster.restart(N1);
            cluster.stop(N3);
            assertThat(read(N1, "colour")).as("restarted n1's answer to a read, n3 stopped")
                    .isInstanceOfSatisfying(ReadOk.class, ok -> assertThat(ok.value()).isEqualTo("green"));
            assertThat(write(N1, "shape", "round")).as("restarted n1's answer to a write").isInstanceOf(WriteOk.class);
        }
    }
}
