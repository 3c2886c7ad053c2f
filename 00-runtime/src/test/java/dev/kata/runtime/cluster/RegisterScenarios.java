package dev.kata.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kata.runtime.checker.KvCommand;
import dev.kata.runtime.checker.LinearizabilityChecker;
import dev.kata.runtime.checker.Operation;
import dev.kata.runtime.checker.Outcome;
import dev.kata.runtime.example.RegisterClient;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.client.ClientConfig;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The example register's scenarios, written once against the {@link Cluster} seam; each driver's
 * subclass says only how to start the cluster. Every scenario ends by checking what the clients
 * saw linearizable.
 */
abstract class RegisterScenarios extends ClusterScenarios<KvCommand, String> {

    static final NodeId N1 = NodeId.of("n1");
    static final List<NodeId> SERVERS = List.of(N1);
    /** Short enough that a cut-off client gives up within a real-time test, long enough for a JVM's first answer. */
    static final ClientConfig CLIENTS = ClientConfig.defaults()
            .withOperationTimeout(Duration.ofSeconds(2)).withRetryInterval(Duration.ofMillis(300));
    static final Duration WAIT = Duration.ofSeconds(20);

    ClusterClient<KvCommand, String> client;

    @BeforeEach
    void addClient() { // after the cluster started: JUnit runs the superclass's @BeforeEach first
        client = cluster.addClient("c1", new RegisterClient(N1));
    }

    Operation<KvCommand, String> perform(KvCommand command) {
        return cluster.perform(client, command, WAIT);
    }

    /** The first request may meet a server still starting; a write that came back unknown is simply written again. */
    Operation<KvCommand, String> write(String key, String value) {
        Operation<KvCommand, String> write = perform(new KvCommand.Write(key, value));
        return write.outcome() == Outcome.OK ? write : perform(new KvCommand.Write(key, value));
    }

    @Test
    @DisplayName("an answered write survives the crash of the server that answered it")
    void writeSurvivesCrash() {
        assertThat(write("x", "1").outcome()).isEqualTo(Outcome.OK);
        cluster.crash(N1);
        cluster.restart(N1);
        Operation<KvCommand, String> read = perform(new KvCommand.Read("x"));
        assertThat(read.outcome()).isEqualTo(Outcome.OK);
        assertThat(read.result()).isEqualTo("1");
        LinearizabilityChecker.keyValue().check(cluster.history()).assertLinearizable();
    }

    @Test
    @DisplayName("a paused server answers nothing; once resumed it serves again, and nothing it did is lost")
    void pausedServer() {
        assertThat(write("x", "1").outcome()).isEqualTo(Outcome.OK);
        cluster.pause(N1);
        assertThat(perform(new KvCommand.Write("x", "2")).outcome()).isEqualTo(Outcome.UNKNOWN);
        cluster.resume(N1);
        Operation<KvCommand, String> read = perform(new KvCommand.Read("x"));
        assertThat(read.outcome()).isEqualTo(Outcome.OK);
        assertThat(read.result()).isIn("1", "2"); // the unknown write may have happened after all
        LinearizabilityChecker.keyValue().check(cluster.history()).assertLinearizable();
    }

    @Test
    @DisplayName("a client cut off from its server gets no answer; after the cut heals it is served")
    void isolatedServer() {
        assumeTrue(cluster.canIsolate(), "this driver cannot isolate a node");
        assertThat(write("x", "1").outcome()).isEqualTo(Outcome.OK);
        cluster.isolate(N1);
        assertThat(perform(new KvCommand.Write("x", "2")).outcome()).isEqualTo(Outcome.UNKNOWN);
        cluster.heal();
        Operation<KvCommand, String> read = perform(new KvCommand.Read("x"));
        assertThat(read.outcome()).isEqualTo(Outcome.OK);
        LinearizabilityChecker.keyValue().check(cluster.history()).assertLinearizable();
    }
}
