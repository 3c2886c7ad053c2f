package dev.kata.quorum;

import static dev.kata.quorum.Cluster.N1;
import static dev.kata.quorum.Cluster.N2;
import static dev.kata.quorum.Cluster.N3;
import static dev.kata.quorum.Cluster.ms;
import static dev.kata.runtime.testing.MessageChecks.wholeNumber;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kata.runtime.checker.KvCommand;
import dev.kata.runtime.checker.Operation;
import dev.kata.runtime.checker.Outcome;
import dev.kata.runtime.sim.NetworkConfig;
import dev.kata.runtime.sim.Probe;
import dev.kata.runtime.sim.SimClient;
import dev.kata.runtime.sim.Simulation;
import dev.kata.runtime.sim.SimulationConfig;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("step-2")
@DisplayName("Step 2: a write goes to all N replicas and is answered after W acknowledgements, or with an error in time")
class Step2QuorumWriteTest {

    static long elapsedMillis(Operation<KvCommand, String> operation) {
        return (operation.completedAt() - operation.invokedAt()) / 1_000_000;
    }

    @Test
    @DisplayName("a write is answered, and reaches every one of the N replicas")
    void reachesAllReplicas() {
        Cluster cluster = Cluster.of(1, QuorumConfig.of(3, 2, 2));
        SimClient<KvCommand, String> client = cluster.client("c1", N1);
        Operation<KvCommand, String> write = cluster.write(client, "x", "a");
        assertThat(write.outcome()).as("the write's outcome").isEqualTo(Outcome.OK);
        cluster.sim.runUntilIdle();
        assertThat(cluster.values("x")).as("what n1, n2, n3 hold once the network is quiet: the coordinator sends"
                + " to all N, not only to W").containsExactly("a", "a", "a");
        assertThat(cluster.held(N2, "x")).as("n2's copy").hasValueSatisfying(v ->
                assertThat(v.version()).as("its version").isEqualTo(cluster.held(N1, "x").orElseThrow().version()));
    }

    @Test
    @DisplayName("with a replica down, a write gets exactly one answer: its success, and no error at the timeout after it")
    void oneAnswerPerWrite() {
        Cluster cluster = Cluster.of(24, QuorumConfig.of(3, 2, 2).withTimeout(ms(300)));
        cluster.sim.crash(N3);
        Probe probe = Probe.add(cluster.sim, "probe");
        probe.send(N1, new QuorumMessage.ClientWrite("p", 1, "x", "a"));
        cluster.sim.runFor(Duration.ofSeconds(2));
        assertThat(probe.received()).as("n1's answers to one write, with n2 up and n3 down (W = 2)")
                .hasSize(1);
        assertThat(probe.received(QuorumMessage.WriteOk.class)).as("of which successes").hasSize(1);
    }

    @Test
    @DisplayName("the answer comes with the W-th acknowledgement: it does not wait for a slow replica")
    void answersAtTheWthAck() {
        Cluster cluster = Cluster.of(2, QuorumConfig.of(3, 2, 2));
        cluster.sim.network().slowLink(N3, N1, ms(200)); // n3's acknowledgement takes 200 ms
        SimClient<KvCommand, String> client = cluster.client("c1", N1);
        Operation<KvCommand, String> write = cluster.write(client, "x", "a");
        assertThat(write.outcome()).as("the write's outcome").isEqualTo(Outcome.OK);
        assertThat(elapsedMillis(write)).as("milliseconds the write took, with W = 2 and only n3 slow")
                .isLessThan(50);
    }

    @Test
    @DisplayName("the answer waits for W acknowledgements: with W = 3 it waits for the slow replica")
    void waitsForW() {
        Cluster cluster = Cluster.of(3, QuorumConfig.of(3, 3, 1));
        cluster.sim.network().slowLink(N3, N1, ms(200));
        SimClient<KvCommand, String> client = cluster.client("c1", N1);
        Operation<KvCommand, String> write = cluster.write(client, "x", "a");
        assertThat(write.outcome()).as("the write's outcome").isEqualTo(Outcome.OK);
        assertThat(elapsedMillis(write)).as("milliseconds the write took, with W = 3 and n3's ack 200 ms late")
                .isGreaterThanOrEqualTo(200);
    }

    @Test
    @DisplayName("a crashed minority does not stop writes")
    void crashedMinority() {
        Cluster cluster = Cluster.of(4, QuorumConfig.of(3, 2, 2));
        cluster.sim.crash(N3);
        SimClient<KvCommand, String> client = cluster.client("c1", N1);
        assertThat(cluster.write(client, "x", "a").outcome()).as("a write with n3 down").isEqualTo(Outcome.OK);
        assertThat(cluster.held(N2, "x").map(VersionedValue::value)).as("n2's copy").contains("a");
    }

    @Test
    @DisplayName("writes from several clients at once through one coordinator are each answered")
    void concurrentWrites() {
        Cluster cluster = Cluster.of(5, QuorumConfig.of(3, 2, 2));
        SimClient<KvCommand, String> c1 = cluster.client("c1", N1);
        SimClient<KvCommand, String> c2 = cluster.client("c2", N1);
        SimClient<KvCommand, String> c3 = cluster.client("c3", N1);
        c1.submit(new KvCommand.Write("x", "a"));
        c2.submit(new KvCommand.Write("y", "b"));
        c3.submit(new KvCommand.Write("x", "c"));
        cluster.sim.runUntil(() -> !c1.busy() && !c2.busy() && !c3.busy(), Duration.ofSeconds(5),
                "three writes at once end");
        assertThat(cluster.history().operations()).extracting(Operation::outcome)
                .as("outcomes of three writes at once").containsOnly(Outcome.OK);
    }

    /**
     * A partition leaves the coordinator with only its own replica:
     * <pre>
     *   { c1, n1 }  |  { n2, n3 }      W = 2: n1 collects 1 ack, then its timeout passes
     * </pre>
     */
    @Nested
    @DisplayName("When fewer than W replicas can be reached")
    class Unreachable {

        final Cluster cluster = Cluster.of(6, QuorumConfig.of(3, 2, 2).withTimeout(ms(300)));
        final SimClient<KvCommand, String> client = cluster.client("c1", N1);

        Unreachable() {
            cluster.sim.network().partition(Set.of(N1, client.id()), Set.of(N2, N3));
        }

        @Test
        @DisplayName("the coordinator answers with an error within its timeout: a minority never hangs")
        void errorInTime() {
            client.submit(new KvCommand.Write("x", "a"));
            cluster.sim.runUntil(() -> !cluster.protocol(client).errors().isEmpty(), ms(300 + 10),
                    "n1 answers c1's write with an error within its 300 ms timeout (plus the network's 1 ms)");
            // Its words are the learner's: what matters is how many acknowledgements arrived and how many it needs.
            assertThat(cluster.protocol(client).errors().get(0))
                    .as("the error's reason gives the acknowledgements that arrived (1) and the W it needs (2)")
                    .containsPattern(wholeNumber(1)).containsPattern(wholeNumber(2));
        }

        @Test
        @DisplayName("the client records the write as unknown, not failed: n1's own replica did store it")
        void unknownNotFailed() {
            Operation<KvCommand, String> write = cluster.write(client, "x", "a");
            assertThat(write.outcome()).as("the outcome of a write that got 1 of W = 2 acks").isEqualTo(Outcome.UNKNOWN);
            assertThat(cluster.held(N1, "x").map(VersionedValue::value))
                    .as("n1's copy: the write was not undone, a later read may find it").contains("a");
        }
    }

    /**
     * Every message is delivered twice, and n3 is cut off. With W = 3, the coordinator n1 has its own
     * acknowledgement and two copies of n2's: two replicas, not three. (A node's messages to itself
     * are never duplicated.)
     */
    @Test
    @DisplayName("counts replicas, not messages: duplicated acknowledgements of one replica count once")
    void duplicatesCountOnce() {
        Cluster cluster = Cluster.of(SimulationConfig.of(7, QuorumMessage.CODEC)
                        .withNetwork(NetworkConfig.fixedLatency(ms(1)).withDuplicateProbability(1.0)),
                QuorumConfig.of(3, 3, 1).withTimeout(ms(300)));
        SimClient<KvCommand, String> client = cluster.client("c1", N1);
        cluster.sim.network().partition(Set.of(N1, N2, client.id()), Set.of(N3));
        Operation<KvCommand, String> write = cluster.write(client, "x", "a");
        assertThat(write.outcome()).as("the outcome of a write acknowledged by n1 and (twice) by n2, with W = 3")
                .isEqualTo(Outcome.UNKNOWN);
    }

    @Nested
    @DisplayName("Configurations that cannot work are refused, saying why")
    class Configurations {

        @Test
        @DisplayName("N must be at least 1")
        void nAtLeastOne() {
            assertThatThrownBy(() -> QuorumConfig.of(0, 1, 1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("N must be at least 1");
        }

        @Test
        @DisplayName("W and R must be between 1 and N")
        void wAndRWithinN() {
            assertThatThrownBy(() -> QuorumConfig.of(3, 4, 2)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("W must be between 1 and N = 3, but is 4");
            assertThatThrownBy(() -> QuorumConfig.of(3, 2, 4)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("R must be between 1 and N = 3, but is 4");
            assertThatThrownBy(() -> QuorumConfig.of(3, 0, 3)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("W must be between 1 and N");
        }

        @Test
        @DisplayName("the timeout must be positive")
        void positiveTimeout() {
            assertThatThrownBy(() -> QuorumConfig.of(3, 2, 2).withTimeout(Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout must be positive");
        }

        @Test
        @DisplayName("N must be the number of servers: every server is a replica")
        void nIsTheClusterSize() {
            Simulation sim = new Simulation(SimulationConfig.of(8, QuorumMessage.CODEC));
            sim.addServers(3, QuorumNode.factory(QuorumConfig.majority(5)));
            assertThatThrownBy(sim::start).hasMessageContaining("N = 5").hasMessageContaining("3 servers");
        }
    }

    @Test
    @DisplayName("a deletion is a write too: every replica keeps a tombstone")
    void deletion() {
        Cluster cluster = Cluster.of(9, QuorumConfig.of(3, 2, 2));
        SimClient<KvCommand, String> client = cluster.client("c1", N1);
        cluster.write(client, "x", "a");
        assertThat(cluster.write(client, "x", null).outcome()).as("the deletion's outcome").isEqualTo(Outcome.OK);
        cluster.sim.runUntilIdle();
        assertThat(cluster.values("x")).containsExactly("<deleted>", "<deleted>", "<deleted>");
        assertThat(cluster.held(N3, "x").map(VersionedValue::isTombstone)).isEqualTo(Optional.of(true));
    }
}
