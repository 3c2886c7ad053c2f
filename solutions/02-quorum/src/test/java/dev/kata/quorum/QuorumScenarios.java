package dev.kata.quorum;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.runtime.checker.KvCommand;
import dev.kata.runtime.checker.LinearizabilityChecker;
import dev.kata.runtime.checker.Operation;
import dev.kata.runtime.checker.Outcome;
import dev.kata.runtime.client.ClientConfig;
import dev.kata.runtime.cluster.Cluster;
import dev.kata.runtime.cluster.ClusterClient;
import dev.kata.runtime.cluster.ClusterScenarios;
import dev.kata.runtime.node.NodeId;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The quorum store's scenarios that make sense in real time, written once against the runtime's
 * {@link Cluster} seam; each driver's subclass only starts the three servers of
 * {@link QuorumProgram} (the simulation, TCP in one JVM, a cell of processes), as Apache Ratis runs
 * one suite per transport. Every scenario ends with the history checked linearizable.
 */
@Tag("step-5")
abstract class QuorumScenarios extends ClusterScenarios<KvCommand, String> {

    static final NodeId N1 = NodeId.of("n1");
    static final NodeId N2 = NodeId.of("n2");
    static final NodeId N3 = NodeId.of("n3");
    static final List<NodeId> SERVERS = List.of(N1, N2, N3);
    /**
     * Generous for real time (a JVM's first answers are slow), and a retry is safe: a coordinator
     * recognises a client's retry and answers it without writing twice.
     */
    static final ClientConfig CLIENTS = ClientConfig.defaults()
            .withOperationTimeout(Duration.ofSeconds(4)).withRetryInterval(Duration.ofSeconds(1));
    static final Duration WAIT = Duration.ofSeconds(30);

    /** Performs {@code command} until it is answered: the first requests may meet servers still starting. */
    Operation<KvCommand, String> performUntilAnswered(ClusterClient<KvCommand, String> client, KvCommand command) {
        Operation<KvCommand, String> operation = cluster.perform(client, command, WAIT);
        for (int attempt = 1; operation.outcome() != Outcome.OK && attempt < 5; attempt++) {
            operation = cluster.perform(client, command, WAIT);
        }
        return operation;
    }

    @Test
    @DisplayName("an acknowledged write survives the crash of two of its three replicas, its coordinator among them")
    void acknowledgedWriteSurvivesReplicaCrashes() {
        ClusterClient<KvCommand, String> writer = cluster.addClient("c1", QuorumClient.pinned(N1));
        assertThat(performUntilAnswered(writer, new KvCommand.Write("x", "1")).outcome())
                .as("a write through n1").isEqualTo(Outcome.OK);

        cluster.crash(N1); // kill -9 on a cell: only what the replicas forced is left
        cluster.crash(N2);
        cluster.restart(N1);
        cluster.restart(N2);

        ClusterClient<KvCommand, String> reader = cluster.addClient("c2", QuorumClient.pinned(N3));
        Operation<KvCommand, String> read = performUntilAnswered(reader, new KvCommand.Read("x"));
        assertThat(read.outcome()).as("a read through n3 after n1 and n2 crashed and restarted").isEqualTo(Outcome.OK);
        assertThat(read.result()).as("what a read quorum holds for x").isEqualTo("1");
        LinearizabilityChecker.keyValue().check(cluster.history()).assertLinearizable();
    }

    @Test
    @DisplayName("with one replica paused, writes and reads go on through the other two; once resumed it serves again")
    void pausedReplica() {
        ClusterClient<KvCommand, String> client = cluster.addClient("c1", QuorumClient.pinned(N1));
        assertThat(performUntilAnswered(client, new KvCommand.Write("x", "1")).outcome()).isEqualTo(Outcome.OK);

        cluster.pause(N3);
        assertThat(performUntilAnswered(client, new KvCommand.Write("x", "2")).outcome())
                .as("a write while n3 is paused").isEqualTo(Outcome.OK);
        cluster.resume(N3);

        ClusterClient<KvCommand, String> reader = cluster.addClient("c2", QuorumClient.pinned(N3));
        Operation<KvCommand, String> read = performUntilAnswered(reader, new KvCommand.Read("x"));
        assertThat(read.outcome()).as("a read through n3 once resumed").isEqualTo(Outcome.OK);
        assertThat(read.result()).isEqualTo("2");
        LinearizabilityChecker.keyValue().check(cluster.history()).assertLinearizable();
    }
}
