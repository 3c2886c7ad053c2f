package dev.kata.runtime.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.Node;
import dev.kata.runtime.node.NodeContext;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.wire.RecordCodec;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The real driver, on real TCP sockets on loopback, with three nodes in this JVM. Each node greets
 * the others every 50 ms and counts the greetings it hears; a client asks a node what it hears.
 * The node keeps a boot counter on its disk, so a restart is visible.
 */
@Tag("real-time")
@DisplayName("Three nodes on real TCP")
class RealTcpClusterTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final NodeId N1 = NodeId.of("n1");
    private static final NodeId N2 = NodeId.of("n2");
    private static final NodeId N3 = NodeId.of("n3");

    sealed interface Chat extends Message {
    }

    /** Node to node, every 50 ms. */
    record Hello(int boot) implements Chat {
    }

    /** Client to node. */
    record WhatDoYouHear(long seq) implements Chat {
    }

    /** Node to client: how many hellos it heard from each node, since it booted. */
    record Hearing(long seq, NodeId node, int boot, Map<NodeId, Long> heard) implements Chat {
    }

    /** Client to node: makes the node's handler throw. */
    record Boom() implements Chat {
    }

    /** A tiny node: greets, counts, answers, and remembers on disk how often it booted. */
    static final class GreeterNode implements Node {
        private final NodeContext context;
        private final Map<NodeId, Long> heard = new TreeMap<>();
        private int boot;

        GreeterNode(NodeContext context) {
            this.context = context;
        }

        @Override
        public void onStart() {
            if (context.disk().exists("boot")) {
                boot = ByteBuffer.wrap(context.disk().readAll("boot")).getInt();
            }
            boot++;
            context.disk().replace("boot", ByteBuffer.allocate(4).putInt(boot).array());
            tick();
        }

        private void tick() {
            for (NodeId other : context.cluster()) {
                if (!other.equals(context.self())) {
                    context.send(other, new Hello(boot));
                }
            }
            context.schedule(Duration.ofMillis(50), this::tick);
        }

        @Override
        public void onMessage(NodeId from, Message message) {
            if (message instanceof Hello) {
                heard.merge(from, 1L, Long::sum);
            } else if (message instanceof WhatDoYouHear ask) {
                context.send(from, new Hearing(ask.seq(), context.self(), boot, new TreeMap<>(heard)));
            } else if (message instanceof Boom) {
                throw new IllegalStateException("boom, as the test asked");
            }
        }
    }

    private final RecordCodec codec = RecordCodec.builder().registerSealed("chat", Chat.class).build();
    private final Map<NodeId, InMemoryDisk> disks = new ConcurrentHashMap<>();
    private NetLog log;
    private TcpCluster cluster;
    private TcpClient client;
    private long seq;

    @BeforeEach
    void startCluster() {
        log = new NetLog(); // the expected warnings below need not clutter the build output
        cluster = TcpCluster.startOnLoopback(List.of(N1, N2, N3), codec,
                id -> disks.computeIfAbsent(id, ignored -> new InMemoryDisk()), GreeterNode::new);
        client = cluster.newClient(NodeId.of("client-1"));
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
        log.close();
    }

    /** Asks a node what it hears; empty if no answer comes within half a second. */
    private Optional<Hearing> ask(TcpClient asker, NodeId node) throws InterruptedException {
        long mine = ++seq;
        asker.send(node, new WhatDoYouHear(mine));
        Instant deadline = Instant.now().plusMillis(500);
        while (Instant.now().isBefore(deadline)) {
            Optional<Envelope> reply = asker.receive(Duration.between(Instant.now(), deadline));
            if (reply.isPresent() && reply.get().message() instanceof Hearing hearing && hearing.seq() == mine) {
                return Optional.of(hearing);
            }
        }
        return Optional.empty();
    }

    private long heard(NodeId listener, NodeId speaker) throws InterruptedException {
        return ask(client, listener).map(h -> h.heard().getOrDefault(speaker, 0L)).orElse(-1L);
    }

    private void awaitAllHearEachOther() {
        for (NodeId listener : List.of(N1, N2, N3)) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(ask(client, listener))
                    .hasValueSatisfying(h -> assertThat(h.heard()).containsOnlyKeys(otherThan(listener))));
        }
    }

    private static List<NodeId> otherThan(NodeId node) {
        return List.of(N1, N2, N3).stream().filter(n -> !n.equals(node)).toList();
    }

    private static boolean threadsAlive(NodeId node) {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && t.getName().startsWith("kata-" + node + "-"));
    }

    @Test
    @DisplayName("nodes exchange messages over TCP, and a client gets its replies over the connection it opened")
    void exchange() {
        awaitAllHearEachOther();
        assertThat(cluster.addressBook().values()).allSatisfy(address ->
                assertThat(address.getAddress().isLoopbackAddress()).isTrue());
    }

    @Test
    @DisplayName("a stopped node releases its port and threads; restarted on the same port from its disk, messages flow again")
    void stopAndRestart() throws InterruptedException {
        awaitAllHearEachOther();
        InetSocketAddress n3Address = cluster.node(N3).listenAddress().orElseThrow();

        cluster.stop(N3);
        // stop() joins n3's threads; allow a connection that was already closing a moment to end.
        await().atMost(Duration.ofSeconds(2)).until(() -> !threadsAlive(N3));
        assertThat(ask(client, N3)).as("an answer from a stopped node").isEmpty();
        long n1HeardBefore = heard(N1, N3);
        long n2HeardBefore = heard(N2, N3);

        cluster.restart(N3);
        assertThat(cluster.node(N3).listenAddress()).contains(n3Address);
        await().atMost(WAIT).untilAsserted(() -> assertThat(ask(client, N3)).hasValueSatisfying(h -> {
            assertThat(h.boot()).as("n3's boot count, read from its disk").isEqualTo(2);
            assertThat(h.heard()).as("what the new n3 hears").containsOnlyKeys(N1, N2);
        }));
        await().atMost(WAIT).untilAsserted(() -> assertThat(heard(N1, N3)).isGreaterThan(n1HeardBefore));
        await().atMost(WAIT).untilAsserted(() -> assertThat(heard(N2, N3)).isGreaterThan(n2HeardBefore));
    }

    @Test
    @DisplayName("garbage, an oversized frame or a malformed message closes only that connection, telling that peer why, with one log line each")
    void badFrames() throws Exception {
        awaitAllHearEachOther();
        InetSocketAddress n1 = cluster.addressBook().get(N1);

        try (RawPeer http = new RawPeer(n1); RawPeer huge = RawPeer.client(n1, "liar", N1);
             RawPeer tooBig = RawPeer.client(n1, "big", N1); RawPeer malformed = RawPeer.client(n1, "garbler", N1)) {
            // Not a kata peer at all: "GET " read as a frame length is over a billion bytes.
            http.out.write("GET / HTTP/1.1\r\nHost: n1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            // A kata client whose first message claims 2 GB: rejected before anything is allocated.
            huge.out.writeInt(Integer.MAX_VALUE);
            // Just over the configured maximum.
            tooBig.out.writeInt(codec.maxMessageSize() + 1);
            // A well-framed message that does not decode.
            malformed.frame(new byte[] {1, 0, 0, 0, 3, 'x', 'y', 'z'});

            // Each hears why before the close, in an error frame.
            int max = codec.maxMessageSize();
            assertThat(http.errorBeforeClose()).as("what n1 told the HTTP client")
                    .hasValueSatisfying(why -> assertThat(why).startsWith("not a kata peer").contains("\"GET \""));
            assertThat(huge.errorBeforeClose()).as("what n1 told the client claiming 2 GiB")
                    .hasValueSatisfying(why -> assertThat(why).startsWith("frame of 2147483647 bytes claimed, the limit is " + max));
            assertThat(tooBig.errorBeforeClose()).as("what n1 told the client one byte over")
                    .hasValueSatisfying(why -> assertThat(why).startsWith("frame of " + (max + 1) + " bytes claimed, the limit is " + max));
            assertThat(malformed.errorBeforeClose()).as("what n1 told the client whose message does not decode")
                    .hasValueSatisfying(why -> assertThat(why).startsWith("undecodable message: ").contains("unknown type 'xyz'"));
            for (RawPeer peer : List.of(http, huge, tooBig, malformed)) {
                assertThat(peer.closedByPeer()).as("connection closed by n1").isTrue();
            }
        }

        // n1 still serves its client and its peers.
        assertThat(ask(client, N1)).isPresent();
        long heard = heard(N2, N1);
        await().atMost(WAIT).untilAsserted(() -> assertThat(heard(N2, N1)).isGreaterThan(heard));
        assertThat(log.warnings()).hasSize(4);
        assertThat(log.text()).contains("not a kata peer", "frame of 2147483647 bytes claimed",
                "frame of " + (codec.maxMessageSize() + 1) + " bytes claimed", "undecodable message: ", "unknown type 'xyz'");
    }

    @Test
    @DisplayName("an exception in a node's handler stops that node, loudly, as a crash would; the others carry on")
    void handlerException() throws InterruptedException {
        client.send(N1, new Boom());
        await().atMost(WAIT).until(() -> !cluster.isRunning(N1));
        assertThat(cluster.node(N1).failure()).hasValueSatisfying(failure -> assertThat(failure)
                .isInstanceOf(NodeFailedException.class)
                .hasMessageContaining("n1 threw while handling message from client-1")
                .hasRootCauseMessage("boom, as the test asked"));
        assertThat(cluster.node(N1).whenStopped()).isDone();
        assertThat(ask(client, N1)).as("an answer from the failed node").isEmpty();
        assertThat(ask(client, N2)).isPresent();
        cluster.restart(N1);
        await().atMost(WAIT).untilAsserted(() -> assertThat(ask(client, N1)).isPresent());
    }

    @Test
    @DisplayName("a node told to carry on after an exception logs it and answers the next message")
    void handlerExceptionCarryOn() throws InterruptedException {
        cluster.close();
        cluster = TcpCluster.startOnLoopback(List.of(N1, N2, N3), codec,
                id -> disks.computeIfAbsent(id, ignored -> new InMemoryDisk()), GreeterNode::new,
                config -> config.withHandlerFailure(HandlerFailure.LOG_AND_CONTINUE));
        client = cluster.newClient(NodeId.of("client-1"));
        client.send(N1, new Boom());
        await().atMost(WAIT).untilAsserted(() -> assertThat(log.warnings()).anyMatch(t -> t.contains("the node threw")));
        assertThat(ask(client, N1)).isPresent();
        assertThat(cluster.node(N1).failure()).isEmpty();
    }

    @Test
    @DisplayName("a client can itself be a node: it dials servers and hears replies on its own connections")
    void clientNode() {
        List<Hearing> answers = new ArrayList<>();
        NodeId self = NodeId.of("client-node");
        TcpNode clientNode = TcpNode.start(TcpNodeConfig.of(self, cluster.addressBook(), codec, null), context -> new Node() {
            @Override
            public void onStart() {
                context.send(N2, new WhatDoYouHear(7));
            }

            @Override
            public void onMessage(NodeId from, Message message) {
                synchronized (answers) {
                    answers.add((Hearing) message);
                }
            }
        });
        try {
            assertThat(clientNode.listenAddress()).isEmpty();
            await().atMost(WAIT).until(() -> {
                synchronized (answers) {
                    return answers.size() == 1 && answers.get(0).node().equals(N2);
                }
            });
        } finally {
            clientNode.stop();
        }
        await().atMost(Duration.ofSeconds(2)).until(() -> !threadsAlive(self));
    }
}
