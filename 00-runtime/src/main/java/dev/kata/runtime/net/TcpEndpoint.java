package dev.kata.runtime.net;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.WARNING;

import dev.kata.runtime.net.Connection.Role;
import dev.kata.runtime.net.Frames.BadFrameException;
import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.wire.MessageCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The network half of a {@link TcpNode} or {@link TcpClient}: it listens (servers only), dials,
 * keeps the connections and routes each outgoing message to one of them.
 *
 * <p>Routing is two rules. A message to a node in the address book goes over the connection this
 * endpoint dialed to that node's address, dialed lazily on the first send and again after it fails.
 * A message to anyone else (a client) goes back over the connection that client opened to us, the
 * newest if there are several; if it has opened none and it is a listener
 * ({@link TcpNodeConfig#listeners()}), over one this endpoint dials to its address. With neither, the message is dropped: the
 * protocols above tolerate loss, and blocking or buffering without bound would be worse.
 *
 * <p>A client id belongs to the client that holds it: while a connection with one token is open
 * under an id, a hello with the same id and another token is refused, so a second client (or an
 * attacker) claiming a live client's id never takes that client's route away.
 */
final class TcpEndpoint {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    /** After a failed dial, sends to that node are dropped for this long before dialing again. */
    static final Duration REDIAL_DELAY = Duration.ofMillis(100);
    /** How long close() waits for the endpoint's threads to end. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(3);
    /** Refusals (of connections over a cap) are logged at most this often, with a count. */
    static final Duration REFUSAL_LOG_INTERVAL = Duration.ofSeconds(5);
    /** When a decoded message's size cannot be measured, it is charged this many times its bytes. */
    static final int DECODED_BYTES_PER_WIRE_BYTE = 8;

    private static final System.Logger LOG = System.getLogger("dev.kata.runtime.net");
    private static final com.sun.management.ThreadMXBean ALLOCATIONS = allocationCounter();

    /** Where received messages go; called on a connection's reader thread. The receiver must release the charge. */
    interface Receiver {
        void receive(NodeId from, Message message, Charge charge);
    }

    private final TcpNodeConfig config;
    private final TcpLimits limits;
    private final Receiver receiver;
    private final Consumer<Throwable> fatal;
    private final ServerSocket server; // null for a client
    private final Thread acceptor;
    private final Thread watchdog;
    private final ByteBudget inbound;
    private final byte[] token = Handshake.randomBytes(Handshake.TOKEN_BYTES);
    private final Object decoding = new Object();
    /** Peers whose frames are refused both ways: a partition, for tests ({@link TcpCluster#isolate}). */
    private volatile Predicate<NodeId> cutOff = peer -> false;

    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final List<Consumer<RefusedByPeerException>> refusalListeners = new ArrayList<>(); // guarded by itself
    private RefusedByPeerException latestRefusal; // guarded by refusalListeners
    private final AtomicInteger acceptedCount = new AtomicInteger();
    private final AtomicInteger handshakeCount = new AtomicInteger();
    private final AtomicLong refusals = new AtomicLong();
    private volatile long lastRefusalLogNanos = System.nanoTime() - REFUSAL_LOG_INTERVAL.toNanos();
    // Guarded by this:
    private final Map<NodeId, Connection> dialed = new HashMap<>();
    private final Map<NodeId, Long> redialNotBefore = new HashMap<>();
    /** Per client id, its live connections, newest last; they all carry one token. */
    private final Map<NodeId, Deque<Connection>> clients = new HashMap<>();
    private boolean closed;

    /**
     * @param fatal told when the endpoint cannot go on (out of memory): the node must stop and say so
     */
    TcpEndpoint(TcpNodeConfig config, Receiver receiver, Consumer<Throwable> fatal, ServerSocket server) {
        this.config = config;
        this.limits = config.limits();
        this.receiver = receiver;
        this.fatal = fatal;
        this.server = server;
        this.inbound = new ByteBudget("the node's inbound budget", limits.nodeInboundBytes());
        this.acceptor = server == null ? null : newThread(this::acceptLoop, "kata-" + self() + "-acceptor");
        this.watchdog = newThread(this::watch, "kata-" + self() + "-watchdog");
    }

    /**
     * Opens a listening socket; SO_REUSEADDR lets a restarted node take its port back at once. It is a
     * channel's, so that the sockets it accepts have channels too (see {@link SocketIo}).
     */
    static ServerSocket listen(NodeId self, InetSocketAddress address, int backlog) {
        ServerSocket server = null;
        try {
            server = ServerSocketChannel.open().socket();
            server.setReuseAddress(true);
            server.bind(address, backlog);
            return server;
        } catch (IOException e) {
            if (server != null) {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // it never listened
                }
            }
            throw new UncheckedIOException(self + " cannot listen on " + address + ": " + e.getMessage(), e);
        }
    }

    void start() {
        watchdog.start();
        if (acceptor != null) {
            acceptor.start();
        }
    }

    NodeId self() {
        return config.self();
    }

    TcpLimits limits() {
        return limits;
    }

    ClusterSecret secret() {
        return config.secret();
    }

    javax.net.ssl.SSLContext tls() {
        return config.tls();
    }

    byte[] token() {
        return token.clone();
    }

    int maxFrameSize() {
        return config.maxFrameSize();
    }

    ByteBudget inbound() {
        return inbound;
    }

    boolean isServer(NodeId id) {
        return config.addressBook().containsKey(id);
    }

    /** The address this endpoint listens on, or null for a client. */
    InetSocketAddress listenAddress() {
        return server == null ? null : (InetSocketAddress) server.getLocalSocketAddress();
    }

    Thread newThread(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true); // a forgotten node must not keep the JVM alive
        thread.setUncaughtExceptionHandler((t, e) -> LOG.log(ERROR, self() + ": thread " + t.getName() + " died", e));
        return thread;
    }

    void log(System.Logger.Level level, String text) {
        LOG.log(level, "{0}: {1}", self(), text);
    }

    void fatal(Throwable cause) {
        fatal.accept(cause);
    }

    /** Sends encoded message bytes to a node; never blocks, and drops the message when there is no way. */
    void send(NodeId to, byte[] payload) {
        if (cutOff.test(to)) {
            return; // partitioned: lost, as a cut network loses it
        }
        Connection connection = isServer(to) ? dialedConnection(to) : clientRoute(to);
        if (connection == null && config.listeners().containsKey(to)) {
            connection = dialedConnection(to); // a listener that has not connected to us: dial its address
        }
        if (connection == null) {
            log(DEBUG, "dropped a message to " + to + ": no connection");
        } else if (!connection.offer(payload)) {
            log(DEBUG, "dropped a message to " + to + ": connection closed or its outbox is full");
        }
    }

    private synchronized Connection clientRoute(NodeId client) {
        Deque<Connection> live = clients.get(client);
        return live == null ? null : live.peekLast();
    }

    private synchronized Connection dialedConnection(NodeId to) {
        if (closed) {
            return null;
        }
        Connection current = dialed.get(to);
        if (current != null && !current.isClosed()) {
            return current;
        }
        Long notBefore = redialNotBefore.get(to);
        if (notBefore != null && System.nanoTime() - notBefore < 0) {
            return null; // the last dial failed moments ago; do not hammer a node that is down
        }
        Connection fresh = Connection.dial(this, to, config.addressOf(to));
        dialed.put(to, fresh);
        connections.add(fresh);
        fresh.start();
        return fresh;
    }

    synchronized void dialFailed(NodeId peer) {
        redialNotBefore.put(peer, System.nanoTime() + REDIAL_DELAY.toNanos());
    }

    /**
     * An accepted connection finished its handshake: a server is in; a client is in unless its id
     * is held by a live connection with another token (then the newcomer is refused, never the
     * client already there).
     *
     * @throws BadFrameException if the newcomer is refused: the connection tells it why and closes
     */
    void admit(Connection connection) throws BadFrameException {
        NodeId peer = connection.peer();
        if (connection.role() == Role.CLIENT) {
            synchronized (this) {
                Deque<Connection> live = clients.computeIfAbsent(peer, id -> new ArrayDeque<>());
                live.removeIf(Connection::isClosed);
                Connection holder = live.peekLast();
                if (holder != null && !Arrays.equals(holder.token(), connection.token())) {
                    log(DEBUG, "client id " + peer + " is held by " + holder.describe());
                    // Said to the newcomer too: the holder's address stays out of it.
                    throw new BadFrameException("client id " + peer + " is in use by another client;"
                            + " the id is free again once that client's connections close");
                }
                live.addLast(connection);
            }
        }
        log(DEBUG, "accepted " + connection.role().name().toLowerCase() + " " + connection.describe());
    }

    /**
     * Calls {@code listener}, on a network thread, each time a peer closes a connection with an error
     * frame; at once with the latest refusal if one came before (a node's first sends race its owner's
     * call to this method).
     */
    void onRefused(Consumer<RefusedByPeerException> listener) {
        java.util.Objects.requireNonNull(listener, "listener");
        RefusedByPeerException earlier;
        synchronized (refusalListeners) {
            refusalListeners.add(listener);
            earlier = latestRefusal;
        }
        if (earlier != null) {
            tell(listener, earlier);
        }
    }

    /** A peer closed a connection with an error frame: what this endpoint sent on it was refused. */
    void refusedBy(NodeId peer, String reason) {
        RefusedByPeerException refusal = new RefusedByPeerException(peer, reason);
        List<Consumer<RefusedByPeerException>> listeners;
        synchronized (refusalListeners) {
            latestRefusal = refusal;
            listeners = List.copyOf(refusalListeners);
        }
        for (Consumer<RefusedByPeerException> listener : listeners) {
            tell(listener, refusal);
        }
    }

    private void tell(Consumer<RefusedByPeerException> listener, RefusedByPeerException refusal) {
        try {
            listener.accept(refusal);
        } catch (RuntimeException e) {
            log(WARNING, "a listener of refusals threw " + e);
        }
    }

    /**
     * A frame arrived: decode it (one decode at a time per node, so the memory a decode allocates
     * before it can be measured is one frame's worth), charge the message what it really takes, check
     * that its sender's role may send it, and hand it on.
     */
    void received(Connection connection, byte[] payload) throws BadFrameException {
        Message message;
        long decodedBytes;
        try {
            synchronized (decoding) {
                long before = allocatedBytes();
                message = config.codec().decode(payload);
                long allocated = allocatedBytes() - before;
                decodedBytes = before >= 0 && allocated > 0 ? allocated : (long) payload.length * DECODED_BYTES_PER_WIRE_BYTE;
            }
        } finally {
            connection.inbound().release(payload.length);
            inbound.release(payload.length);
        }
        // Known only now: may go over the budget once; the connection's next frame then waits.
        connection.inbound().force(decodedBytes);
        inbound.force(decodedBytes);
        Charge charge = new Charge(connection.inbound(), inbound, decodedBytes);
        if (connection.role() == Role.CLIENT && !config.clientMessages().allows(message)) {
            charge.release();
            throw new BadFrameException(connection.peer() + " is a client, and clients may not send "
                    + message.getClass().getSimpleName() + " (they may send " + config.clientMessages() + ")");
        }
        if (cutOff.test(connection.peer())) {
            charge.release();
            return;
        }
        receiver.receive(connection.peer(), message, charge);
    }

    void cutOff(Predicate<NodeId> peers) {
        cutOff = peers;
    }

    void handshakeEnded() {
        handshakeCount.decrementAndGet();
    }

    /** Called by a connection once it has closed. */
    void closed(Connection connection) {
        connections.remove(connection);
        if (connection.isAccepted()) {
            acceptedCount.decrementAndGet();
        }
        NodeId peer = connection.peer();
        if (peer != null) {
            synchronized (this) {
                dialed.remove(peer, connection);
                Deque<Connection> live = clients.get(peer);
                if (live != null) {
                    live.remove(connection);
                    if (live.isEmpty()) {
                        clients.remove(peer);
                    }
                }
            }
        }
    }

    /**
     * Accepts until the endpoint closes. A failed accept (too many open files) is waited out and
     * retried, never the end of accepting; running out of memory stops the node, loudly, so it is
     * restarted rather than left running deaf.
     */
    private void acceptLoop() {
        long backoffMillis = 10;
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
                backoffMillis = 10;
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
                log(WARNING, "cannot accept a connection (" + e.getMessage() + "); trying again in "
                        + backoffMillis + " ms");
                if (!pause(backoffMillis)) {
                    return;
                }
                backoffMillis = Math.min(1_000, backoffMillis * 2);
                continue;
            } catch (RuntimeException e) {
                log(WARNING, "unexpected failure in accept: " + e + "; trying again");
                if (!pause(backoffMillis)) {
                    return;
                }
                continue;
            } catch (Error e) {
                log(ERROR, "the acceptor failed with " + e + "; the node stops");
                fatal(e);
                return;
            }
            try {
                admitSocket(socket);
            } catch (Error e) {
                Connection.refuse(socket);
                log(ERROR, "the acceptor failed with " + e + "; the node stops");
                fatal(e);
                return;
            } catch (RuntimeException e) {
                Connection.refuse(socket);
                log(WARNING, "could not take a connection: " + e);
            }
        }
    }

    private boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private void admitSocket(Socket socket) {
        synchronized (this) {
            if (closed) {
                Connection.refuse(socket);
                return;
            }
        }
        if (acceptedCount.get() >= limits.maxConnections() || handshakeCount.get() >= limits.maxHandshakes()) {
            Connection.refuse(socket);
            refused(socket);
            return;
        }
        acceptedCount.incrementAndGet();
        handshakeCount.incrementAndGet();
        Connection connection = Connection.accepted(this, socket);
        connections.add(connection);
        try {
            connection.start();
        } catch (Error | RuntimeException e) {
            connection.close();
            if (connection.endHandshake()) {
                handshakeEnded();
            }
            throw e;
        }
    }

    private void refused(Socket socket) {
        long count = refusals.incrementAndGet();
        long now = System.nanoTime();
        if (now - lastRefusalLogNanos >= REFUSAL_LOG_INTERVAL.toNanos()) {
            lastRefusalLogNanos = now;
            log(WARNING, "refused connection from " + socket.getRemoteSocketAddress() + ": " + acceptedCount.get()
                    + " connections open (at most " + limits.maxConnections() + "), " + handshakeCount.get()
                    + " in their hello (at most " + limits.maxHandshakes() + "); " + count + " refused so far");
        }
    }

    /** Closes connections whose writer is stuck on a peer that stopped reading. */
    private void watch() {
        long period = Math.max(10, Math.min(1_000,
                Math.min(limits.helloTimeout().toMillis(), limits.frameTimeout().toMillis()) / 4));
        while (true) {
            synchronized (this) {
                if (closed) {
                    return;
                }
            }
            long now = System.nanoTime();
            for (Connection connection : connections) {
                if (connection.helloOverdue(now)) {
                    log(WARNING, "closing connection " + connection.describe() + ": the hello did not arrive in time"
                            + " (" + limits.helloTimeout() + ")");
                    connection.close();
                } else if (connection.writeStalled(now)) {
                    log(WARNING, "closing connection " + connection.describe() + ": a write has not completed in "
                            + limits.frameTimeout() + " (the peer stopped reading)");
                    connection.close();
                }
            }
            if (!pause(period)) {
                return;
            }
        }
    }

    /** Bytes held now by frames arriving and messages waiting (for tests and the docs' table). */
    long inboundBytesHeld() {
        return inbound.used();
    }

    /** Releases the port, closes every connection and waits (briefly) for every thread to end. */
    void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
        try {
            if (server != null) {
                server.close();
            }
        } catch (IOException e) {
            log(WARNING, "cannot close the listening socket: " + e);
        }
        List<Connection> all = new ArrayList<>(connections);
        all.forEach(Connection::close);
        try {
            watchdog.interrupt();
            for (Thread thread : new Thread[] {acceptor, watchdog}) {
                if (thread != null && thread != Thread.currentThread() && thread.getState() != Thread.State.NEW) {
                    thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                }
            }
            for (Connection connection : all) {
                connection.awaitThreads(deadline);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long allocatedBytes() {
        return ALLOCATIONS == null ? -1 : ALLOCATIONS.getCurrentThreadAllocatedBytes();
    }

    private static com.sun.management.ThreadMXBean allocationCounter() {
        try {
            if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean
                    && bean.isThreadAllocatedMemorySupported()) {
                bean.setThreadAllocatedMemoryEnabled(true);
                return bean;
            }
        } catch (RuntimeException | LinkageError unavailable) {
            // Not HotSpot, or no java.management: decoded messages are charged by estimate.
        }
        return null;
    }
}
