// Generated from solutions/05-replicated-log/src/test/java/dev/kata/log/LogCellTest.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint 9e34fbc88f4d
package dev.kata.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kata.election.KvClient;
import dev.kata.runtime.cell.ProcessCell;
import dev.kata.runtime.checker.KvCommand;
import dev.kata.runtime.checker.LinearizabilityChecker;
import dev.kata.runtime.checker.Operation;
import dev.kata.runtime.checker.Outcome;
import dev.kata.runtime.client.ClientConfig;
import dev.kata.runtime.cluster.ClusterClient;
import dev.kata.runtime.cluster.ProcessCellCluster;
import dev.kata.runtime.node.NodeId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log for real: three {@link LogProgram} processes on loopback, each on its own data directory,
 * three clients writing through the leader. The leader's process is killed with -9 mid-stream; the
 * other two elect a leader that must hold every write the old one answered.
 */
@Tag("step-5")
@Tag("real-time")
@DisplayName("A cell of three log processes, its leader killed with -9")
class LogCellTest {

    private static final List<NodeId> SERVERS = List.of(NodeId.of("n1"), NodeId.of("n2"), NodeId.of("n3"));
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Retry soon after a dead leader; give up (unknown) well within the test. */
    private static final ClientConfig CLIENTS = new ClientConfig(Duration.ofSeconds(3), Duration.ofMillis(300),
            Duration.ZERO);

    @TempDir
    Path directory;

    private final AtomicBoolean writing = new AtomicBoolean(true);

    private static long answered(List<Operation<KvCommand, String>> history, long after) {
        return history.stream().filter(op -> op.outcome() == Outcome.OK && op.invokedAt() > after).count();
    }

    /** The n of a value "c1-n": each client numbers its writes. */
    private static long number(String value) {
        return Long.parseLong(value.substring(value.indexOf('-') + 1));
    }

    @Test
    @DisplayName("writes answered before the leader's kill -9 are read afterwards, and the history is linearizable")
    void answeredWritesSurviveTheLeadersKill() throws Exception {
        ExecutorService writers = Executors.newFixedThreadPool(3);
        List<ProcessHandle> started = new ArrayList<>();
        List<Operation<KvCommand, String>> history;
        try (ProcessCellCluster<KvCommand, String> cluster = new ProcessCellCluster<>(
                ProcessCell.start(directory, SERVERS, LogProgram.class), CLIENTS)) {
            SERVERS.forEach(n -> started.add(cluster.cell().process(n).toHandle()));
            List<KvClient> protocols = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                KvClient protocol = new KvClient(SERVERS, i);
                protocols.add(protocol);
                ClusterClient<KvCommand, String> client = cluster.addClient("c" + i, protocol);
                String key = "k" + i;
                writers.execute(() -> {
                    for (int n = 1; writing.get(); n++) {
                        cluster.perform(client, new KvCommand.Write(key, client.id() + "-" + n), WAIT);
                    }
                });
            }
            await().atMost(WAIT).until(() -> answered(cluster.history().operations(), 0) >= 20);

            NodeId leader = protocols.stream().map(KvClient::leader).filter(Objects::nonNull).findFirst()
                    .orElseThrow(); // the server that answered a client's last write
            assertThat(cluster.cell().crash(leader)).as("the exit status of the leader killed with -9").isEqualTo(137);
            long killed = System.nanoTime();
            await().atMost(WAIT).until(() -> answered(cluster.history().operations(), killed) >= 20);
            writing.set(false);
            writers.shutdown();
            assertThat(writers.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the writers stopped").isTrue();

            ClusterClient<KvCommand, String> reader = cluster.addClient("reader", new KvClient(SERVERS, 0));
            for (int i = 1; i <= 3; i++) {
                String key = "k" + i;
                await().atMost(WAIT).until(() -> cluster.perform(reader, new KvCommand.Read(key), WAIT).outcome() == Outcome.OK);
                String read = reader.lastOperation().result();
                Operation<KvCommand, String> lastAnswered = cluster.history().operations().stream()
                        .filter(op -> op.outcome() == Outcome.OK && op.command() instanceof KvCommand.Write w
                                && w.key().equals(key))
                        .reduce((first, second) -> second).orElseThrow();
                assertThat(read).as("%s read after the kill (its last answered write was %s)", key, lastAnswered)
                        .isNotNull();
                assertThat(number(read)).as("the write %s read back, against the last answered one %s", read, lastAnswered)
                        .isGreaterThanOrEqualTo(number(((KvCommand.Write) lastAnswered.command()).value()));
            }
            history = cluster.history().operations();
        } finally {
            writing.set(false);
            writers.shutdownNow();
        }
        assertThat(started).as("the cell's processes, after it closed").noneMatch(ProcessHandle::isAlive);
        LinearizabilityChecker.keyValue().check(history).assertLinearizable();
    }
}
