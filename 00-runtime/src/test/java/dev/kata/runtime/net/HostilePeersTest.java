package dev.kata.runtime.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.Node;
import dev.kata.runtime.node.NodeContext;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.wire.RecordCodec;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The real driver against bad peers, each attack from raw sockets on loopback, each bounded in time.
 * Every one of them hurt the driver before it had budgets, deadlines, caps and a challenge in the
 * hello: a header claiming 16 MiB allocated 16 MiB at once, a hello could trickle for ever, anyone
 * could speak as a server or take a live client's id, and the acceptor died on the first OOM.
 */
@Tag("real-time")
@DisplayName("The real driver against bad peers")
class HostilePeersTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final NodeId N1 = NodeId.of("n1");
    private static final NodeId N2 = NodeId.of("n2");

    sealed interface Attack extends Message {
    }

    /** Client to server: asks for a Pong, padded with {@code padding} bytes. */
    record Ping(long seq, int padding) implements Attack {
    }

    record Pong(long seq, long handled, byte[] padding) implements Attack {
    }

    /** Client to server: many small items, which decode to several times their wire size. */
    record Many(List<Integer> items) implements Attack {
    }

    /** Client to server: the handler waits for the test's latch, so messages queue up behind it. */
    record Hold() implements Attack {
    }

    /** Server to server only. */
    record Gossip(int rumour) implements Attack {
    }

    static final ClientMessages CLIENT_MESSAGES = ClientMessages.only(Ping.class, Many.class, Hold.class);

    private final RecordCodec codec = RecordCodec.builder().registerSealed("attack", Attack.class).build();
    /** What n1's node handled: "Gossip from n2", ... */
    private final ConcurrentLinkedQueue<String> handled = new ConcurrentLinkedQueue<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<AutoCloseable> resources = new ArrayList<>();
    private NetLog log;
    private TcpCluster cluster;

    /** Answers pings, counts what it handles, and holds its event loop when asked. */
    final class TargetNode implements Node {
        private final NodeContext context;
        private long count;

        TargetNode(NodeContext context) {
            this.context = context;
        }

        @Override
        public void onMessage(NodeId from, Message message) {
            count++;
            if (context.self().equals(N1)) {
                handled.add(message.getClass().getSimpleName() + " from " + from);
            }
            if (message instanceof Ping ping) {
                context.send(from, new Pong(ping.seq(), count, new byte[ping.padding()]));
            } else if (message instanceof Hold) {
                try {
                    release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @BeforeEach
    void captureLog() {
        log = new NetLog();
    }

    @AfterEach
    void stopEverything() throws Exception {
        release.countDown();
        for (AutoCloseable resource : resources) {
            resource.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        log.close();
    }

    private void start(UnaryOperator<TcpNodeConfig> configure) {
        cluster = TcpCluster.startOnLoopback(List.of(N1, N2), codec, id -> new InMemoryDisk(), TargetNode::new,
                config -> configure.apply(config.withClientMessages(CLIENT_MESSAGES)));
    }

    private InetSocketAddress n1() {
        return cluster.addressBook().get(N1);
    }

    private <T extends AutoCloseable> T closeLater(T resource) {
        resources.add(resource);
        return resource;
    }

    private RawPeer rawClient(String name) throws IOException {
        return closeLater(RawPeer.client(n1(), name, N1));
    }

    /** Pings n1 from a client until it answers (a node that has just started may miss the first). */
    private static Pong ping(TcpClient client, NodeId server) {
        AtomicLong seq = new AtomicLong();
        AtomicInteger attempts = new AtomicInteger();
        return await().atMost(WAIT).until(() -> {
            long mine = seq.incrementAndGet() + 1000L * attempts.incrementAndGet();
            client.send(server, new Ping(mine, 0));
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
            while (System.nanoTime() < deadline) {
                Optional<Envelope> reply = client.receive(Duration.ofNanos(deadline - System.nanoTime()));
                if (reply.isPresent() && reply.get().message() instanceof Pong pong && pong.seq() == mine) {
                    return Optional.of(pong);
                }
            }
            return Optional.<Pong>empty();
        }, Optional::isPresent).orElseThrow();
    }

    private static long allocatedByThreadsOf(NodeId node, String kind) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] ids = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("kata-" + node + "-" + kind))
                .mapToLong(Thread::getId).toArray();
        return Math.max(0, threads.getThreadAllocatedBytes(ids).length == 0 ? 0
                : java.util.Arrays.stream(threads.getThreadAllocatedBytes(ids)).filter(b -> b > 0).sum());
    }

    private static byte[] frameHeader(int length) {
        return ByteBuffer.allocate(4).putInt(length).array();
    }

    @Test
    @DisplayName("forty headers that each claim 16 MiB allocate next to nothing: memory follows the bytes that arrived")
    void hugeHeaders() throws Exception {
        start(UnaryOperator.identity());
        long before = allocatedByThreadsOf(N1, "from-");
        for (int i = 0; i < 40; i++) {
            RawPeer peer = rawClient("liar-" + i);
            peer.out.write(frameHeader(codec.maxMessageSize()));
            peer.out.write(new byte[1000]);
            peer.out.flush();
        }
        await().atMost(WAIT).until(() -> cluster.node(N1).inboundBytesHeld() >= 40L * Connection.FIRST_CHUNK);

        assertThat(allocatedByThreadsOf(N1, "from-") - before)
                .as("bytes n1's connection threads allocated for 40 headers of 16 MiB (before: 640 MiB)")
                .isLessThan(16L * 1024 * 1024);
        try (TcpClient client = new TcpClient(NodeId.of("c1"), cluster.addressBook(), codec)) {
            assertThat(ping(client, N1).seq()).isPositive();
        }
    }

    @Test
    @DisplayName("frames arriving on many connections never hold more than the node's budget, and one that cannot finish in time is closed")
    void nodeBudget() throws Exception {
        int frame = 200 * 1024;
        start(config -> config.withMaxFrameSize(frame).withLimits(TcpLimits.defaults()
                .withInboundBytes(256 * 1024, 512 * 1024)
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofMinutes(1))));
        List<RawPeer> peers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            RawPeer peer = rawClient("filler-" + i);
            peer.out.write(frameHeader(frame));
            peer.out.write(new byte[frame - 1000]); // all but the last bytes: the frame never completes
            peer.out.flush();
            peers.add(peer);
        }
        AtomicLong most = new AtomicLong();
        await().atMost(WAIT).until(() -> {
            most.accumulateAndGet(cluster.node(N1).inboundBytesHeld(), Math::max);
            return log.warnings().size() >= 8;
        });
        assertThat(most.get()).as("most bytes n1 held").isPositive().isLessThanOrEqualTo(512 * 1024);
        for (RawPeer peer : peers) {
            assertThat(peer.closedByPeer()).isTrue();
        }
        assertThat(log.text()).contains("a frame from filler-0 did not arrive in time");
        await().atMost(WAIT).until(() -> cluster.node(N1).inboundBytesHeld() == 0);
    }

    @Test
    @DisplayName("decoded messages waiting for a busy node count what they take in memory, so its queue is bounded in bytes")
    void queueBoundedInBytes() throws Exception {
        long nodeBudget = 4L * 1024 * 1024;
        start(config -> config.withMaxFrameSize(1024 * 1024)
                .withLimits(TcpLimits.defaults().withInboundBytes(2L * 1024 * 1024, nodeBudget)));
        TcpClient holder = closeLater(new TcpClient(NodeId.of("holder"), cluster.addressBook(), codec));
        ping(holder, N1);
        holder.send(N1, new Hold());
        await().atMost(WAIT).until(() -> handled.contains("Hold from holder"));

        byte[] many = codec.encode(new Many(IntStream.range(0, 100_000).boxed().toList()));
        RawPeer flooder = rawClient("flooder");
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
        closeLater(writer::shutdownNow);
        writer.execute(() -> {
            try {
                for (int i = 0; i < 20; i++) {
                    flooder.frame(many);
                }
            } catch (IOException e) {
                handled.add("flooder failed: " + e);
            }
        });
        AtomicLong most = new AtomicLong();
        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> {
            most.accumulateAndGet(cluster.node(N1).inboundBytesHeld(), Math::max);
            return true;
        });
        assertThat(most.get()).as("most bytes held while the node was busy (%d wire bytes a message)", many.length)
                .isGreaterThan(2L * many.length) // decoded messages are charged more than their wire size
                .isLessThan(nodeBudget + 16L * many.length); // the budget, and at most one decode over it

        release.countDown();
        await().atMost(WAIT).until(() -> Collections.frequency(List.copyOf(handled), "Many from flooder") == 20);
        await().atMost(WAIT).until(() -> cluster.node(N1).inboundBytesHeld() == 0);
    }

    @Test
    @DisplayName("the whole hello has a deadline, however slowly its bytes trickle in")
    void trickledHello() throws Exception {
        start(config -> config.withLimits(TcpLimits.defaults()
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(1))));
        RawPeer slow = closeLater(new RawPeer(n1()));
        byte[] hello = Handshake.encodeHello(new Handshake.Hello(NodeId.of("slow"), N1, new byte[16], new byte[16]));
        byte[] framed = ByteBuffer.allocate(4 + hello.length).putInt(hello.length).put(hello).array();
        ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
        closeLater(trickle::shutdownNow);
        AtomicInteger next = new AtomicInteger();
        trickle.scheduleAtFixedRate(() -> {
            int i = next.getAndIncrement();
            if (i < framed.length) {
                try {
                    slow.out.write(framed[i]); // one byte every 100 ms: each read is quick, the whole is not
                } catch (IOException closed) {
                    next.set(framed.length);
                }
            }
        }, 0, 100, TimeUnit.MILLISECONDS);
        long started = System.nanoTime();
        assertThat(slow.closedByPeer()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
        assertThat(log.text()).contains("the hello did not arrive in time");
    }

    @Test
    @DisplayName("a frame begun but never finished, and a connection that says nothing, are both closed")
    void frameAndIdleDeadlines() throws Exception {
        start(config -> config.withLimits(TcpLimits.defaults()
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(1))));
        RawPeer halfSent = rawClient("half");
        halfSent.out.write(frameHeader(100));
        halfSent.out.write(new byte[10]);
        halfSent.out.flush();
        RawPeer silent = rawClient("silent");
        long started = System.nanoTime();
        assertThat(halfSent.closedByPeer()).isTrue();
        assertThat(silent.closedByPeer()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(4));
        assertThat(log.text()).contains("a frame from half did not arrive in time");
    }

    @Test
    @DisplayName("every connection asks TCP for keepalive probes, so a peer that vanished is found")
    void keepAlive() throws IOException {
        try (Socket socket = new Socket()) {
            Connection.configure(socket, TcpLimits.defaults());
            assertThat(socket.getKeepAlive()).isTrue();
            assertThat(socket.getTcpNoDelay()).isTrue();
            if (socket.supportedOptions().contains(ExtendedSocketOptions.TCP_KEEPIDLE)) {
                assertThat(socket.getOption(ExtendedSocketOptions.TCP_KEEPIDLE)).isEqualTo(30);
            }
        }
    }

    @Test
    @DisplayName("connections past the caps are refused at once; the node serves again when they go")
    void connectionCaps() throws Exception {
        start(config -> config.withLimits(TcpLimits.defaults().withConnectionCaps(6, 4, 16)));
        List<RawPeer> silent = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            silent.add(closeLater(new RawPeer(n1()))); // connected, never says hello
        }
        long started = System.nanoTime();
        assertThat(refused()).as("the fifth handshake").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        for (RawPeer peer : silent) {
            peer.close();
        }
        List<RawPeer> clients = new ArrayList<>();
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            RawPeer peer = closeLater(RawPeer.client(n1(), "c" + clients.size(), N1));
            clients.add(peer);
            assertThat(clients).hasSize(6);
        });
        assertThat(refused()).as("the seventh connection").isTrue();
        assertThat(log.text()).contains("connections open (at most 6)");
    }

    /** Whether a new connection to n1 is closed by n1 (a reset may come as early as the connect). */
    private boolean refused() throws IOException {
        try {
            return closeLater(new RawPeer(n1())).closedByPeer();
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    /** A listening socket whose accept fails as the test says, a few times, before it works. */
    static final class FailingServerSocket extends ServerSocket {
        private final AtomicInteger failures;
        private final boolean outOfMemory;

        FailingServerSocket(int failures, boolean outOfMemory) throws IOException {
            super(0, 50, InetAddress.getLoopbackAddress());
            this.failures = new AtomicInteger(failures);
            this.outOfMemory = outOfMemory;
        }

        @Override
        public Socket accept() throws IOException {
            if (failures.getAndDecrement() > 0) {
                if (outOfMemory) {
                    throw new OutOfMemoryError("unable to create native thread (the test's)");
                }
                throw new IOException("Too many open files (the test's)");
            }
            return super.accept();
        }
    }

    private TcpNode nodeOn(ServerSocket socket) {
        Map<NodeId, InetSocketAddress> book = Map.of(N1, (InetSocketAddress) socket.getLocalSocketAddress());
        return TcpNode.start(TcpNodeConfig.of(N1, book, codec, new InMemoryDisk()).withSecret(ClusterSecret.random()),
                TargetNode::new, socket);
    }

    @Test
    @DisplayName("failed accepts (too many open files) are waited out: the acceptor keeps accepting")
    void acceptorSurvivesEmfile() throws Exception {
        FailingServerSocket socket = new FailingServerSocket(3, false);
        TcpNode node = closeLater(nodeOn(socket));
        try (TcpClient client = new TcpClient(NodeId.of("c1"),
                Map.of(N1, (InetSocketAddress) socket.getLocalSocketAddress()), codec)) {
            assertThat(ping(client, N1).seq()).isPositive();
        }
        assertThat(node.isRunning()).isTrue();
        assertThat(log.text()).contains("cannot accept a connection (Too many open files (the test's))");
    }

    @Test
    @DisplayName("an OutOfMemoryError in the acceptor stops the node, loudly, instead of leaving it running deaf")
    void acceptorOutOfMemoryStopsTheNode() throws Exception {
        TcpNode node = closeLater(nodeOn(new FailingServerSocket(1, true)));
        await().atMost(WAIT).until(() -> !node.isRunning());
        assertThat(node.failure()).hasValueSatisfying(e -> assertThat(e).isInstanceOf(OutOfMemoryError.class));
        assertThat(node.whenStopped()).succeedsWithin(WAIT);
    }

    @Test
    @DisplayName("a peer claiming a server's id without the cluster secret is turned away, and nothing it sends arrives")
    void forgedServer() throws Exception {
        start(UnaryOperator.identity());
        for (ClusterSecret wrong : new ClusterSecret[] {null, ClusterSecret.random()}) {
            RawPeer forger = closeLater(RawPeer.connect(n1(), N2, N1, wrong, new byte[16]));
            forger.frame(codec.encode(new Gossip(666)));
            assertThat(forger.errorBeforeClose()).as("what n1 told the forger")
                    .hasValueSatisfying(why -> assertThat(why).startsWith("n2 did not prove that it knows the cluster secret"));
            assertThat(forger.closedByPeer()).isTrue();
        }
        assertThat(log.text()).contains("n2 did not prove that it knows the cluster secret");
        RawPeer honest = closeLater(RawPeer.connect(n1(), N2, N1, cluster.secret(), new byte[16]));
        honest.frame(codec.encode(new Gossip(1)));
        await().atMost(WAIT).until(() -> handled.contains("Gossip from n2"));
        assertThat(handled).containsOnlyOnce("Gossip from n2");
    }

    @Test
    @DisplayName("a client connection may not send a server-to-server message, and is told so before the close")
    void clientSendsServerMessage() throws Exception {
        start(UnaryOperator.identity());
        RawPeer client = rawClient("sneaky");
        client.frame(codec.encode(new Ping(1, 0)));
        client.frame(codec.encode(new Gossip(666)));
        assertThat(client.errorBeforeClose()).as("what n1 told the client, after its Pong")
                .contains("sneaky is a client, and clients may not send Gossip (they may send Ping, Many, Hold)");
        assertThat(client.closedByPeer()).isTrue();
        assertThat(log.text()).contains("sneaky is a client, and clients may not send Gossip (they may send Ping, Many, Hold)");
        await().atMost(WAIT).until(() -> handled.contains("Ping from sneaky"));
        assertThat(handled).doesNotContain("Gossip from sneaky");
    }

    @Test
    @DisplayName("a second client claiming a live client's id is refused; the live client keeps its replies")
    void duplicateClientId() throws Exception {
        start(UnaryOperator.identity());
        TcpClient live = closeLater(new TcpClient(NodeId.of("c1"), cluster.addressBook(), codec));
        ping(live, N1);
        RawPeer impostor = rawClient("c1");
        assertThat(impostor.errorBeforeClose()).as("what n1 told the impostor")
                .contains("client id c1 is in use by another client; the id is free again once that client's connections close");
        assertThat(impostor.closedByPeer()).isTrue();
        assertThat(log.text()).contains("client id c1 is in use by another client");
        assertThat(ping(live, N1).seq()).isPositive();

        live.close(); // once its connection is gone, the id is free for a new client
        try (TcpClient next = new TcpClient(NodeId.of("c1"), cluster.addressBook(), codec)) {
            assertThat(ping(next, N1).seq()).isPositive();
        }
    }

    @Test
    @DisplayName("a client whose message is over the server's frame limit hears why through onRefused (a listener added late too); the server serves it again after")
    void refusedClientIsTold() throws Exception {
        int limit = 64 * 1024;
        start(config -> config.withMaxFrameSize(limit));
        TcpClient client = closeLater(new TcpClient(NodeId.of("big"), cluster.addressBook(), codec));
        ConcurrentLinkedQueue<RefusedByPeerException> refusals = new ConcurrentLinkedQueue<>();
        client.onRefused(refusals::add);
        ping(client, N1);
        byte[] tooBig = codec.encode(new Many(IntStream.range(0, 100_000).boxed().toList()));
        assertThat(tooBig.length).as("the test's message, encoded").isGreaterThan(limit);

        client.send(N1, new Many(IntStream.range(0, 100_000).boxed().toList()));
        await().atMost(WAIT).until(() -> !refusals.isEmpty());
        RefusedByPeerException refusal = refusals.peek();
        assertThat(refusal.peer()).isEqualTo(N1);
        assertThat(refusal.reason()).startsWith("frame of " + tooBig.length + " bytes claimed, the limit is " + limit);
        assertThat(refusal).hasMessageStartingWith("n1 closed the connection, refusing what was sent on it: frame of");
        List<RefusedByPeerException> late = new ArrayList<>();
        client.onRefused(late::add);
        assertThat(late).as("what a listener added after the refusal is handed at once").containsExactly(refusal);
        assertThat(handled).doesNotContain("Many from big");
        assertThat(ping(client, N1).seq()).as("a ping on a new connection").isPositive();
        assertThat(log.text()).contains("closing connection n1 <- big", "closed by the peer, which said: frame of");
    }

    @Test
    @DisplayName("a peer's error frame is never answered with one, and bytes after an error are not read as frames")
    void errorFramesEndTheConversation() throws Exception {
        start(UnaryOperator.identity());
        RawPeer client = rawClient("quitter");
        client.out.write(Frames.errorFrame("the test gives up"));
        client.out.write(frameHeader(Integer.MAX_VALUE)); // after its error a peer says nothing: not answered
        client.out.flush();
        assertThat(client.errorBeforeClose()).as("what n1 answers a peer's error frame").isEmpty();
        assertThat(log.text()).contains("closed by the peer, which said: the test gives up")
                .doesNotContain("frame of 2147483647");
    }

    @Test
    @DisplayName("a client that reads late gets every answer whole and in order: what the socket did not take at once, the writer thread finishes first")
    void lateReaderGetsEveryFrameInOrder() throws Exception {
        start(UnaryOperator.identity());
        // A small receive window: the node's sends fill loopback's buffers early, so its direct writes
        // are cut short mid-frame and later answers queue behind the rest.
        RawPeer late = closeLater(new RawPeer(n1(), 4 * 1024));
        late.handshake(NodeId.of("late"), N1, null, Handshake.randomBytes(Handshake.TOKEN_BYTES));
        int count = 300;
        for (int i = 0; i < count; i++) {
            late.frame(codec.encode(new Ping(i, padding(i))));
        }
        await().atMost(WAIT).until(() -> handled.size() >= count); // every answer sent or queued, none read
        for (int i = 0; i < count; i++) {
            int seq = i;
            assertThat(codec.decode(late.readFrame())).as("answer %d of %d", i, count)
                    .isInstanceOfSatisfying(Pong.class, pong -> {
                        assertThat(pong.seq()).isEqualTo(seq);
                        assertThat(pong.padding()).hasSize(padding(seq));
                    });
        }
    }

    /** Paddings of 0 to 64 KiB in no order, 9 MiB in all. */
    private static int padding(int i) {
        return i * 7919 % 65_536;
    }

    @Test
    @DisplayName("a client that stops reading fills only its own outbox, and is closed when a write stalls")
    void clientStopsReading() throws Exception {
        start(config -> config.withMaxFrameSize(128 * 1024).withLimits(TcpLimits.defaults()
                .withOutboxBytes(256 * 1024)
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofMinutes(1))));
        RawPeer deaf = rawClient("deaf");
        for (int i = 0; i < 400; i++) {
            deaf.frame(codec.encode(new Ping(i, 64 * 1024))); // 25 MiB of answers it never reads
        }
        // 25 MiB, because loopback's socket buffers grow to several MiB each way before a write stalls
        // (12.5 MiB sometimes all fitted). Bounded, but generous: the node must first answer megabytes of
        // pings, which on a 2-core machine at load 20 took more than 30 s once.
        await().atMost(Duration.ofSeconds(90)).until(() -> log.text().contains("a write has not completed"));
        assertThat(deaf.closedByPeer()).isTrue();
        try (TcpClient client = new TcpClient(NodeId.of("c2"), cluster.addressBook(), codec)) {
            assertThat(ping(client, N1).seq()).isPositive();
        }
    }
}
