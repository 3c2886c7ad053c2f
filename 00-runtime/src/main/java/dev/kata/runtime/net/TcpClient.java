package dev.kata.runtime.net;

import static java.lang.System.Logger.Level.DEBUG;

import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.wire.MessageCodec;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * A client endpoint for code that is not a node: a command-line tool, a demo, a test. It has a
 * {@link NodeId} like any node, connects to servers on first use, and receives their replies (sent
 * with {@code ctx.send(clientId, ...)}) over the same connections, into a queue read by
 * {@link #receive(Duration)}.
 *
 * <pre>{@code
 * try (TcpClient client = new TcpClient(NodeId.of("cli-1"), addressBook, codec)) {
 *     client.send(NodeId.of("n1"), new Get("cli-1", 1, "x"));
 *     Optional<Envelope> reply = client.receive(Duration.ofSeconds(2));
 * }
 * }</pre>
 *
 * <p>Like the network it stands on, a client promises nothing: a send to a server that is down is
 * dropped, and a reply may never come. Ask again after a timeout. A client is safe to use from
 * several threads.
 */
public final class TcpClient implements AutoCloseable {

    /** Replies received but not yet taken; beyond this, new ones are dropped. */
    static final int INBOX_CAPACITY = 10_000;

    private final NodeId self;
    private final Map<NodeId, InetSocketAddress> servers;
    private final MessageCodec codec;
    private final TcpEndpoint endpoint;
    private final BlockingQueue<Received> inbox = new LinkedBlockingQueue<>(INBOX_CAPACITY);

    /** A message waiting to be taken, and the bytes it holds against the client's budgets until then. */
    private record Received(Envelope envelope, Charge charge) {
    }

    /**
     * @param self    this client's id; it must not be one of the servers'
     * @param servers the servers' addresses (a cluster's address book)
     * @param codec   the cluster's wire encoding
     */
    public TcpClient(NodeId self, Map<NodeId, InetSocketAddress> servers, MessageCodec codec) {
        this(self, servers, codec, null);
    }

    /**
     * A client that speaks mutual TLS, for a cluster whose nodes were started with
     * {@link TcpNodeConfig#withTls}: {@code tls} gives this client's certificate (CN = its id) and
     * trusts the servers'.
     */
    public TcpClient(NodeId self, Map<NodeId, InetSocketAddress> servers, MessageCodec codec, SSLContext tls) {
        this.self = Objects.requireNonNull(self, "self");
        this.servers = new TreeMap<>(Objects.requireNonNull(servers, "servers"));
        this.codec = Objects.requireNonNull(codec, "codec");
        if (servers.containsKey(self)) {
            throw new IllegalArgumentException("a client's id must not be a server's: " + self);
        }
        // A client needs no secret: servers let it send only what their ClientMessages allow.
        TcpNodeConfig config = TcpNodeConfig.of(self, this.servers, codec, null).withTls(tls);
        this.endpoint = new TcpEndpoint(config, this::receiveFromNetwork, cause -> close(), null);
        endpoint.start();
    }

    public NodeId id() {
        return self;
    }

    /** The servers this client knows, sorted. */
    public List<NodeId> servers() {
        return List.copyOf(servers.keySet());
    }

    /**
     * Sends a message to a server without waiting: it is encoded here (so a message the codec
     * cannot carry fails here) and written here too if the socket takes it at once, else by a network
     * thread, or dropped if the server is unreachable.
     */
    public void send(NodeId server, Message message) {
        Objects.requireNonNull(message, "message");
        if (!servers.containsKey(server)) {
            throw new IllegalArgumentException(self + " knows no server named " + server + "; it knows " + servers());
        }
        endpoint.send(server, codec.encode(message));
    }

    /**
     * Calls {@code listener} each time a server closes a connection with an error frame, refusing what
     * this client sent on it (see {@link TcpNode#onRefused}); on a network thread. A refused message
     * gets no reply: without a listener, the client sees only silence (and a warning in the log).
     * A refusal that came before the listener was added (the first sends race this call) is handed to
     * it at once: the latest one.
     */
    public void onRefused(java.util.function.Consumer<RefusedByPeerException> listener) {
        endpoint.onRefused(listener);
    }

    /** Waits up to {@code timeout} for the next message from any server. */
    public Optional<Envelope> receive(Duration timeout) throws InterruptedException {
        Received received = inbox.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (received == null) {
            return Optional.empty();
        }
        received.charge().release();
        return Optional.of(received.envelope());
    }

    /** Closes every connection and stops the client's threads. */
    @Override
    public void close() {
        endpoint.close();
    }

    private void receiveFromNetwork(NodeId from, Message message, Charge charge) {
        if (!inbox.offer(new Received(new Envelope(from, message), charge))) {
            charge.release();
            endpoint.log(DEBUG, "dropped a message from " + from + ": " + INBOX_CAPACITY + " unread messages");
        }
    }
}
