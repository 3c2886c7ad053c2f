// Generated from solutions/02-quorum/src/test/java/dev/kata/quorum/RealTcpQuorumTest.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint 1915ed57e317
package dev.kata.quorum;

import static dev.kata.quorum.Cluster.N1;
import static dev.kata.quorum.Cluster.N2;
import static dev.kata.quorum.Cluster.N3;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.quorum.QuorumMessage.ClientRead;
import dev.kata.quorum.QuorumMessage.ClientWrite;
import dev.kata.quorum.QuorumMessage.QuorumError;
import dev.kata.quorum.QuorumMessage.ReadOk;
import dev.kata.quorum.QuorumMessage.WriteOk;
import dev.kata.runtime.disk.FileDisk;
import dev.kata.runtime.net.Envelope;
import dev.kata.runtime.net.TcpClient;
import dev.kata.runtime.net.TcpCluster;
import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.NodeId;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same node code on the real driver: three servers on loopback TCP, each with its replica on
 * real files ({@link FileDisk}, forced with fsync), in this JVM. Real threads and the system clock,
 * so this test waits in real time (bounded), unlike every simulated one.
 */
@Tag("step-3")
@DisplayName("Step 3, on real TCP: three servers on loopback, replicas on real files")
class RealTcpQuorumTest {

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
