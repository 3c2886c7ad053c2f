package dev.kata.runtime.net;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.WARNING;

import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.wire.MessageCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The network half of a {@link TcpNode} or {@link TcpClient}: it listens (servers only), dials,
 * keeps the connections and routes each outgoing message to one of them.
 *
 * <p>Routing is two rules. A message to a node in the address book goes over the connection this
 * endpoint dialed to that node's address, dialed lazily on the first send and again after it fails.
 * A message to anyone else (a client, which has no address) goes back over the connection that node
 * opened to us, the newest if there are several. With neither, the message is dropped: the
 * protocols above tolerate loss, and blocking or buffering without bound would be worse.
 */
final class TcpEndpoint {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    /** After a failed dial, sends to that node are dropped for this long before dialing again. */
    static final Duration REDIAL_DELAY = Duration.ofMillis(100);
    static final Duration HELLO_TIMEOUT = Duration.ofSeconds(5);
    /** How long close() waits for the endpoint's threads to end. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(3);

    private static final System.Logger LOG = System.getLogger("dev.kata.runtime.net");

    /** Where received messages go; called on a connection's reader thread. */
    interface Receiver {
        void receive(NodeId from, Message message);
    }

    private final NodeId self;
    private final Map<NodeId, InetSocketAddress> addressBook;
    private final MessageCodec codec;
    private final int maxFrameSize;
    private final Receiver receiver;
    private final ServerSocket server; // null for a client
    private final Thread acceptor;

    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    /** Connections that nodes without an address (clients) opened to us, by their id. */
    private final Map<NodeId, Connection> accepted = new ConcurrentHashMap<>();
    // Guarded by this:
    private final Map<NodeId, Connection> dialed = new HashMap<>();
    private final Map<NodeId, Long> redialNotBefore = new HashMap<>();
    private boolean closed;

    TcpEndpoint(NodeId self, Map<NodeId, InetSocketAddress> addressBook, MessageCodec codec, int maxFrameSize,
                Receiver receiver, ServerSocket server) {
        this.self = self;
        this.addressBook = addressBook;
        this.codec = codec;
        this.maxFrameSize = maxFrameSize;
        this.receiver = receiver;
        this.server = server;
        this.acceptor = server == null ? null : newThread(this::acceptLoop, "kata-" + self + "-acceptor");
    }

    /** Opens a listening socket; SO_REUSEADDR lets a restarted node take its port back at once. */
    static ServerSocket listen(NodeId self, InetSocketAddress address) {
        try {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(address);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(self + " cannot listen on " + address + ": " + e.getMessage(), e);
        }
    }

    void start() {
        if (acceptor != null) {
            acceptor.start();
        }
    }

    NodeId self() {
        return self;
    }

    MessageCodec codec() {
        return codec;
    }

    int maxFrameSize() {
        return maxFrameSize;
    }

    /** The address this endpoint listens on, or null for a client. */
    InetSocketAddress listenAddress() {
        return server == null ? null : (InetSocketAddress) server.getLocalSocketAddress();
    }

    Thread newThread(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true); // a forgotten node must not keep the JVM alive
        return thread;
    }

    void log(System.Logger.Level level, String text) {
        LOG.log(level, "{0}: {1}", self, text);
    }

    /** Sends encoded message bytes to a node; never blocks, and drops the message when there is no way. */
    void send(NodeId to, byte[] payload) {
        Connection connection = addressBook.containsKey(to) ? dialedConnection(to) : accepted.get(to);
        if (connection == null) {
            log(DEBUG, "dropped a message to " + to + ": no connection");
        } else if (!connection.offer(payload)) {
            log(DEBUG, "dropped a message to " + to + ": connection closed or its outbox is full");
        }
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
        Connection fresh = Connection.dial(this, to, addressBook.get(to));
        dialed.put(to, fresh);
        connections.add(fresh);
        fresh.start();
        return fresh;
    }

    synchronized void dialFailed(NodeId peer) {
        redialNotBefore.put(peer, System.nanoTime() + REDIAL_DELAY.toNanos());
    }

    /** An accepted connection said who it is: replies to that node (if it has no address) go over it. */
    void helloReceived(NodeId peer, Connection connection) {
        log(DEBUG, "accepted a connection from " + peer);
        accepted.put(peer, connection);
    }

    void received(NodeId from, Message message) {
        receiver.receive(from, message);
    }

    /** Called by a connection once it has closed. */
    void closed(Connection connection) {
        connections.remove(connection);
        NodeId peer = connection.peer();
        if (peer != null) {
            accepted.remove(peer, connection);
            synchronized (this) {
                dialed.remove(peer, connection);
            }
        }
    }

    private void acceptLoop() {
        while (true) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    log(WARNING, "stopped accepting connections: " + e);
                }
                return;
            }
            Connection connection = Connection.accepted(this, socket);
            synchronized (this) {
                if (closed) {
                    connection.close();
                    return;
                }
                connections.add(connection);
            }
            try {
                socket.setTcpNoDelay(true);
            } catch (IOException e) {
                connection.close();
                continue;
            }
            connection.start();
        }
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
            if (acceptor != null) {
                acceptor.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
            for (Connection connection : all) {
                connection.awaitThreads(deadline);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
