package dev.kata.runtime.cell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kata.runtime.checker.History;
import dev.kata.runtime.checker.KvCommand;
import dev.kata.runtime.checker.LinearizabilityChecker;
import dev.kata.runtime.checker.Operation;
import dev.kata.runtime.checker.Outcome;
import dev.kata.runtime.example.RegisterClient;
import dev.kata.runtime.example.RegisterMessage.Response;
import dev.kata.runtime.example.RegisterProgram;
import dev.kata.runtime.net.Envelope;
import dev.kata.runtime.net.TcpClient;
import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.NodeId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Five processes of the runtime's example register, each its own JVM, each the home of one key
 * ({@code k1} lives on n1, ...). Five clients read, write and compare-and-set random keys at the
 * key's home while a test kills n1 with kill -9 and freezes n2 with SIGSTOP:
 * <pre>
 *   n1  ──●──────────╳ kill -9 ············ restart ──●──●──   (recovers k1 from its disk)
 *   n2  ──●──────────‖ SIGSTOP ··· SIGCONT ──●──●──●──●──
 *   n3..n5 ──●──●──●──●──●──●──●──●──●──●──●──●──●──●──   (clients keep working)
 * </pre>
 * What the clients saw is then checked linearizable: an answered write to k1 survives the kill.
 */
@Tag("real-time")
@DisplayName("A cell of five register processes, one killed with -9 and one frozen")
class RegisterCellTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** A client asks again this often, and gives up (the operation is unknown) after {@link #GIVE_UP}. */
    private static final Duration RETRY = Duration.ofMillis(200);
    private static final Duration GIVE_UP = Duration.ofMillis(1500);
    private static final List<NodeId> SERVERS = IntStream.rangeClosed(1, 5).mapToObj(i -> NodeId.of("n" + i)).toList();

    @TempDir
    Path directory;

    private final History<KvCommand, String> history = new History<>();
    private final AtomicBoolean running = new AtomicBoolean(true);

    /** The key whose home is {@code server}: k1 on n1, and so on. */
    private static String keyOf(NodeId server) {
        return "k" + server.name().substring(1);
    }

    private static NodeId homeOf(String key) {
        return NodeId.of("n" + key.substring(1));
    }

    /** One client: random operations on random keys, each sent to the key's home until answered or given up. */
    private void runClient(TcpClient client, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        String name = client.id().name();
        long sequence = 0;
        while (running.get()) {
            String key = keyOf(SERVERS.get(random.nextInt(SERVERS.size())));
            sequence++;
            KvCommand command = switch (random.nextInt(3)) {
                case 0 -> new KvCommand.Read(key);
                case 1 -> new KvCommand.Write(key, name + "-" + sequence);
                default -> new KvCommand.CompareAndSet(key, null, name + "-" + sequence);
            };
            Message request = new RegisterClient(homeOf(key)).request(client.id(), sequence, command);
            long id = history.invoke(name, command, System.nanoTime());
            Optional<Response> answer = ask(client, homeOf(key), request, sequence);
            if (answer.isPresent()) {
                history.ok(id, answer.get().result(), System.nanoTime());
            } else {
                history.unknown(id, System.nanoTime()); // it may have happened, or may yet
            }
        }
    }

    private static Optional<Response> ask(TcpClient client, NodeId server, Message request, long sequence) {
        long giveUp = System.nanoTime() + GIVE_UP.toNanos();
        try {
            while (System.nanoTime() < giveUp) {
                client.send(server, request); // the same request again: the register answers a retry without redoing it
                long retry = Math.min(giveUp, System.nanoTime() + RETRY.toNanos());
                while (System.nanoTime() < retry) {
                    Optional<Envelope> reply = client.receive(Duration.ofNanos(retry - System.nanoTime()));
                    if (reply.isPresent() && reply.get().message() instanceof Response response
                            && response.sequence() == sequence) {
                        return Optional.of(response);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.empty();
    }

    private long answered(String key, long after) {
        return history.operations().stream()
                .filter(op -> op.outcome() == Outcome.OK && op.command().key().equals(key) && op.invokedAt() > after)
                .count();
    }

    @Test
    @DisplayName("clients keep working against the rest while n1 is killed and n2 frozen; the history is linearizable")
    void killOneFreezeAnother() throws Exception {
        NodeId n1 = SERVERS.get(0);
        NodeId n2 = SERVERS.get(1);
        ExecutorService clients = Executors.newFixedThreadPool(5);
        List<TcpClient> endpoints = new ArrayList<>();
        List<ProcessHandle> started = new ArrayList<>();
        try (ProcessCell cell = ProcessCell.start(directory, SERVERS, RegisterProgram.class)) {
            SERVERS.forEach(n -> started.add(cell.process(n).toHandle()));
            for (int i = 1; i <= 5; i++) {
                TcpClient client = cell.newClient(NodeId.of("c" + i));
                endpoints.add(client);
                long seed = i;
                clients.execute(() -> runClient(client, seed));
            }
            await().atMost(WAIT).until(() -> SERVERS.stream().allMatch(n -> answered(keyOf(n), 0) >= 3));

            assertThat(cell.crash(n1)).as("the exit status of a process killed with SIGKILL").isEqualTo(137);
            cell.pause(n2);
            long faults = System.nanoTime();
            for (NodeId other : SERVERS.subList(2, 5)) {
                await().atMost(WAIT).until(() -> answered(keyOf(other), faults) >= 5);
            }
            assertThat(answered("k2", faults)).as("answers from the frozen n2").isZero();

            cell.resume(n2);
            cell.restart(n1);
            started.add(cell.process(n1).toHandle());
            long back = System.nanoTime();
            await().atMost(WAIT).until(() -> answered("k1", back) >= 3 && answered("k2", back) >= 3);
        } finally {
            running.set(false);
            clients.shutdown();
            assertThat(clients.awaitTermination(10, TimeUnit.SECONDS)).as("the clients stopped").isTrue();
            endpoints.forEach(TcpClient::close);
        }
        assertThat(started).as("the cell's processes, after it closed").noneMatch(ProcessHandle::isAlive);
        List<Operation<KvCommand, String>> operations = history.operations();
        assertThat(operations).hasSizeGreaterThan(50);
        LinearizabilityChecker.keyValue().check(operations).assertLinearizable();
    }
}
