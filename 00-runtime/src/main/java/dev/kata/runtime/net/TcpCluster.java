package dev.kata.runtime.net;

import dev.kata.runtime.disk.Disk;
import dev.kata.runtime.node.NodeFactory;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.wire.MessageCodec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A whole cluster of {@link TcpNode}s in one JVM, on loopback: for integration tests and demos
 * that want real sockets without separate processes. Each node gets a free port, chosen by the
 * operating system when the cluster starts, so parallel test runs never collide; a node can be
 * stopped and restarted on the same port.
 *
 * <pre>{@code
 * try (TcpCluster cluster = TcpCluster.startOnLoopback(List.of(n1, n2, n3), codec,
 *         id -> new FileDisk(root.resolve(id.name())), context -> new KvServer(context))) {
 *     TcpClient client = cluster.newClient(NodeId.of("client-1"));
 *     cluster.stop(n3);
 *     cluster.restart(n3);
 * }
 * }</pre>
 */
public final class TcpCluster implements AutoCloseable {

    private final Map<NodeId, InetSocketAddress> addressBook;
    private final MessageCodec codec;
    private final Function<NodeId, Disk> disks;
    private final NodeFactory factory;
    private final UnaryOperator<TcpNodeConfig> configure;
    private final ClusterSecret secret = ClusterSecret.random();
    /** Nodes cut off from everyone, by refusing their frames: see {@link #isolate}. */
    private final Set<NodeId> isolated = ConcurrentHashMap.newKeySet();
    private final Map<NodeId, TcpNode> nodes = new LinkedHashMap<>();
    /** Nodes that listen without being members: where they listen, the ports kept for them, those started. */
    private final Map<NodeId, InetSocketAddress> listeners;
    private final Map<NodeId, ServerSocket> reservedListeners = new TreeMap<>();
    private final Map<NodeId, TcpNode> listenerNodes = new TreeMap<>();
    private final List<TcpClient> clients = new ArrayList<>();

    private TcpCluster(Map<NodeId, InetSocketAddress> addressBook, Map<NodeId, InetSocketAddress> listeners,
                       Map<NodeId, ServerSocket> reservedListeners, MessageCodec codec,
                       Function<NodeId, Disk> disks, NodeFactory factory, UnaryOperator<TcpNodeConfig> configure) {
        this.addressBook = Collections.unmodifiableMap(new TreeMap<>(addressBook));
        this.listeners = Collections.unmodifiableMap(new TreeMap<>(listeners));
        this.reservedListeners.putAll(reservedListeners);
        this.codec = codec;
        this.disks = disks;
        this.factory = factory;
        this.configure = configure;
    }

    /**
     * Starts one node per id on 127.0.0.1, each on a port the operating system picks.
     *
     * @param disks   gives a node its disk, at first start and at every restart: return the same
     *                storage for the same id (a {@code FileDisk} over the same directory), or a
     *                restart loses what the node wrote
     * @param factory creates the node (each node can tell which it is from {@code context.self()})
     */
    public static TcpCluster startOnLoopback(List<NodeId> servers, MessageCodec codec,
                                             Function<NodeId, Disk> disks, NodeFactory factory) {
        return startOnLoopback(servers, codec, disks, factory, UnaryOperator.identity());
    }

    /**
     * As {@link #startOnLoopback(List, MessageCodec, Function, NodeFactory)}, with each node's
     * configuration changed by {@code configure} (its limits, its client messages, what a handler's
     * exception does). The cluster's secret, fresh for every cluster, is already set.
     */
    public static TcpCluster startOnLoopback(List<NodeId> servers, MessageCodec codec, Function<NodeId, Disk> disks,
                                             NodeFactory factory, UnaryOperator<TcpNodeConfig> configure) {
        return startOnLoopback(servers, List.of(), codec, disks, factory, configure);
    }

    /**
     * As {@link #startOnLoopback(List, MessageCodec, Function, NodeFactory, UnaryOperator)}, with a port
     * kept for each of {@code listeners}: nodes that are not members of the cluster but listen, so that
     * servers can send to them by id ({@link TcpNodeConfig#withListeners}); start each with
     * {@link #startListener}.
     */
    public static TcpCluster startOnLoopback(List<NodeId> servers, List<NodeId> listeners, MessageCodec codec,
                                             Function<NodeId, Disk> disks, NodeFactory factory,
                                             UnaryOperator<TcpNodeConfig> configure) {
        int backlog = TcpLimits.defaults().backlog();
        // Bind every port first, so the address book is complete before any node starts, and no
        // other process can take a port between choosing it and using it.
        Map<NodeId, ServerSocket> sockets = new LinkedHashMap<>();
        Map<NodeId, InetSocketAddress> addressBook = new TreeMap<>();
        Map<NodeId, ServerSocket> reservedListeners = new TreeMap<>();
        Map<NodeId, InetSocketAddress> listenerBook = new TreeMap<>();
        try {
            for (NodeId id : servers) {
                if (sockets.containsKey(id)) {
                    throw new IllegalArgumentException("node " + id + " is listed twice");
                }
                ServerSocket socket = TcpEndpoint.listen(id, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                        backlog);
                sockets.put(id, socket);
                addressBook.put(id, (InetSocketAddress) socket.getLocalSocketAddress());
            }
            for (NodeId id : listeners) {
                if (sockets.containsKey(id) || reservedListeners.containsKey(id)) {
                    throw new IllegalArgumentException("node " + id + " is listed twice");
                }
                ServerSocket socket = TcpEndpoint.listen(id, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                        backlog);
                reservedListeners.put(id, socket);
                listenerBook.put(id, (InetSocketAddress) socket.getLocalSocketAddress());
            }
        } catch (RuntimeException e) {
            sockets.values().forEach(TcpCluster::closeQuietly);
            reservedListeners.values().forEach(TcpCluster::closeQuietly);
            throw e;
        }
        TcpCluster cluster = new TcpCluster(addressBook, listenerBook, reservedListeners, codec, disks, factory, configure);
        synchronized (cluster) {
            try {
                sockets.forEach((id, socket) -> cluster.nodes.put(id, cluster.partitioned(TcpNode.start(cluster.config(id), factory, socket))));
            } catch (RuntimeException e) {
                cluster.close();
                sockets.values().forEach(TcpCluster::closeQuietly);
                throw e;
            }
        }
        return cluster;
    }

    private TcpNodeConfig config(NodeId id) {
        return configure.apply(TcpNodeConfig.of(id, addressBook, codec, disks.apply(id)).withSecret(secret)
                .withListeners(listeners));
    }

    /** The nodes that listen without being members (given when the cluster started), and where. */
    public Map<NodeId, InetSocketAddress> listeners() {
        return listeners;
    }

    /**
     * Starts a listener on the port kept for it: a node that is not a member of the cluster (it is
     * not in {@code cluster()}), that servers can nevertheless send to by its id, whether or not it
     * connected to them. It has no disk and no secret (so it takes every peer for a client), accepts
     * any message, and stops with the cluster.
     */
    public synchronized TcpNode startListener(NodeId id, NodeFactory factory) {
        ServerSocket socket = reservedListeners.remove(id);
        if (socket == null) {
            throw new IllegalArgumentException(listenerNodes.containsKey(id) ? id + " is already started"
                    : id + " is not a listener of this cluster, whose listeners are " + listeners.keySet()
                    + "; name it when the cluster starts: startOnLoopback(servers, listeners, ...)");
        }
        TcpNode node = partitioned(TcpNode.start(TcpNodeConfig.of(id, addressBook, codec, null).withListeners(listeners),
                factory, socket));
        listenerNodes.put(id, node);
        return node;
    }

    /** The cluster's secret, for a node started beside it (a client node that wants to check the servers). */
    public ClusterSecret secret() {
        return secret;
    }

    /** Every server and the loopback address it listens on. */
    public Map<NodeId, InetSocketAddress> addressBook() {
        return addressBook;
    }

    public List<NodeId> servers() {
        return List.copyOf(addressBook.keySet());
    }

    /** The node currently running (or last stopped) under this id. */
    public synchronized TcpNode node(NodeId id) {
        TcpNode node = nodes.get(id);
        if (node == null) {
            throw new IllegalArgumentException("no node " + id + " in this cluster; it has " + servers());
        }
        return node;
    }

    public synchronized boolean isRunning(NodeId id) {
        return node(id).isRunning();
    }

    /** Stops a node as a crash would; its port is free until {@link #restart}. */
    public synchronized void stop(NodeId id) {
        node(id).stop();
    }

    /** Starts a node again on its port, as a new node object that recovers from its disk; stops it first if it runs. */
    public synchronized void restart(NodeId id) {
        node(id).stop();
        nodes.put(id, partitioned(TcpNode.start(config(id), factory)));
    }

    /**
     * Cuts a node off from every other node and every client, both ways, until {@link #heal()}: the
     * node and its peers drop the frames they would send each other, and those that arrive. Its
     * connections stay open, as they would behind a firewall that drops packets, so what crosses
     * the cut is lost, not refused.
     */
    public void isolate(NodeId id) {
        node(id);
        isolated.add(id);
    }

    /** Freezes a node's event loop until {@link #resume}: it handles no message and no timer meanwhile. */
    public synchronized void pause(NodeId id) {
        node(id).pause();
    }

    public synchronized void resume(NodeId id) {
        node(id).resume();
    }

    /** Ends every {@link #isolate}. */
    public void heal() {
        isolated.clear();
    }

    private TcpNode partitioned(TcpNode node) {
        NodeId self = node.id();
        node.cutOff(peer -> !peer.equals(self) && (isolated.contains(self) || isolated.contains(peer)));
        return node;
    }

    /** A client of this cluster; it is closed with the cluster. */
    public synchronized TcpClient newClient(NodeId clientId) {
        TcpClient client = new TcpClient(clientId, addressBook, codec);
        clients.add(client);
        return client;
    }

    /** Stops every node and closes every client. */
    @Override
    public synchronized void close() {
        clients.forEach(TcpClient::close);
        listenerNodes.values().forEach(TcpNode::stop);
        reservedListeners.values().forEach(TcpCluster::closeQuietly);
        nodes.values().forEach(TcpNode::stop);
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Already failing for another reason, which is the one to report.
        }
    }
}
