package dev.kata.runtime.net;

import dev.kata.runtime.disk.Disk;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.wire.MessageCodec;
import dev.kata.runtime.wire.RecordCodec;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.net.ssl.SSLContext;

/**
 * How to run one node on real TCP.
 *
 * @param self           the node's id
 * @param addressBook    every server of the cluster and where it listens. If {@code self} is in it,
 *                       the node is a server and listens on its address; if not, it is a client node,
 *                       which only dials and hears replies over the connections it opened
 * @param codec          the wire encoding; every node of a cluster must use the same registrations
 * @param disk           the node's durable storage (for example a {@code FileDisk} over the node's own
 *                       directory); null for a node that keeps nothing, whose {@code disk()} then fails
 * @param clock          the node's clock for {@code now()}; the system clock unless a test wants a drift
 * @param maxFrameSize   the largest frame accepted from a peer, in bytes; larger ones close the connection
 * @param secret         the cluster's shared secret: a server needs it (peers prove they know it in
 *                       their hello); a client node may leave it null
 * @param limits         budgets, deadlines and caps against slow or hostile peers
 * @param clientMessages the messages this node accepts from clients (ids not in the address book)
 * @param onHandlerFailure what the node does when its code throws
 * @param tls            mutual TLS for hosts on a real network, or null for plain TCP: every peer
 *                       shows a certificate the context trusts, whose subject's CN is its node id
 * @param listeners      nodes that are not members of the cluster but listen (a client that servers
 *                       push to, a resource server), and where: a node whose {@code self} is here
 *                       listens there without being a server, and any node dials these addresses to
 *                       reach them when they have not connected to it (see {@link #withListeners})
 */
public record TcpNodeConfig(NodeId self, Map<NodeId, InetSocketAddress> addressBook, MessageCodec codec,
                            Disk disk, Clock clock, int maxFrameSize, ClusterSecret secret, TcpLimits limits,
                            ClientMessages clientMessages, HandlerFailure onHandlerFailure, SSLContext tls,
                            Map<NodeId, InetSocketAddress> listeners) {

    public TcpNodeConfig {
        Objects.requireNonNull(self, "self");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(clientMessages, "clientMessages");
        Objects.requireNonNull(onHandlerFailure, "onHandlerFailure");
        // Sorted and unmodifiable: the cluster's order is the same on every node and every run.
        addressBook = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(addressBook, "addressBook")));
        listeners = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(listeners, "listeners")));
        for (NodeId id : listeners.keySet()) {
            if (addressBook.containsKey(id)) {
                throw new IllegalArgumentException(id + " is both a server and a listener; a listener is a node that"
                        + " listens without being a member of the cluster");
            }
        }
        if (maxFrameSize < 16) {
            throw new IllegalArgumentException("maxFrameSize must be at least 16 bytes, not " + maxFrameSize);
        }
        limits.checkFits(maxFrameSize);
    }

    /**
     * A configuration with the system clock, default limits, any client message allowed, the node
     * stopping if its code throws, no secret (add one with {@link #withSecret} for a server), and a
     * frame limit that matches the codec's message limit (for a {@link RecordCodec}) or
     * {@link RecordCodec#DEFAULT_MAX_MESSAGE_SIZE}.
     */
    public static TcpNodeConfig of(NodeId self, Map<NodeId, InetSocketAddress> addressBook, MessageCodec codec, Disk disk) {
        int maxFrameSize = codec instanceof RecordCodec recordCodec
                ? recordCodec.maxMessageSize()
                : RecordCodec.DEFAULT_MAX_MESSAGE_SIZE;
        return new TcpNodeConfig(self, addressBook, codec, disk, Clock.systemUTC(), maxFrameSize, null,
                TcpLimits.defaults(), ClientMessages.any(), HandlerFailure.STOP_NODE, null, Map.of());
    }

    public TcpNodeConfig withClock(Clock clock) {
        return new TcpNodeConfig(self, addressBook, codec, disk, clock, maxFrameSize, secret, limits, clientMessages,
                onHandlerFailure, tls, listeners);
    }

    public TcpNodeConfig withMaxFrameSize(int maxFrameSize) {
        return new TcpNodeConfig(self, addressBook, codec, disk, clock, maxFrameSize, secret, limits, clientMessages,
                onHandlerFailure, tls, listeners);
    }

    public TcpNodeConfig withSecret(ClusterSecret secret) {
        return new TcpNodeConfig(self, addressBook, codec, disk, clock, maxFrameSize, secret, limits, clientMessages,
                onHandlerFailure, tls, listeners);
    }

    public TcpNodeConfig withLimits(TcpLimits limits) {
        return new TcpNodeConfig(self, addressBook, codec, disk, clock, maxFrameSize, secret, limits, clientMessages,
                onHandlerFailure, tls, listeners);
    }

    public TcpNodeConfig withClientMessages(ClientMessages clientMessages) {
        return new TcpNodeConfig(self, addressBook, codec, disk, clock, maxFrameSize, secret, limits, clientMessages,
                onHandlerFailure, tls, listeners);
    }

    public TcpNodeConfig withHandlerFailure(HandlerFailure onHandlerFailure) {
        return new TcpNodeConfig(self, addressBook, codec, disk, clock, maxFrameSize, secret, limits, clientMessages,
                onHandlerFailure, tls, listeners);
    }

    /**
     * Speaks TLS, both ways authenticated, on every connection: for hosts on a real network, where
     * the cluster secret alone proves who speaks but hides nothing. The context's key manager gives
     * this node's certificate (its subject's CN must be the node's id), its trust manager the
     * certificates (or the CA) of the cluster's nodes and clients. The handshake on the cluster
     * secret still happens inside TLS.
     */
    public TcpNodeConfig withTls(SSLContext tls) {
        return new TcpNodeConfig(self, addressBook, codec, disk, clock, maxFrameSize, secret, limits, clientMessages,
                onHandlerFailure, tls, listeners);
    }

    /**
     * The nodes that listen without being members of the cluster, and where. A server sends to a
     * client over the connection that client opened to it, if there is one; otherwise, if the client
     * is a listener, it dials the client's address. So a server can push to a client that connected
     * only to another server, or to none: a lock-service client that hears of its session's end, a
     * resource server that is sent a sequencer to check. A listener that has the cluster secret
     * ({@link #withSecret}) checks that a peer claiming a server's id knows it; without the secret it
     * cannot, and takes every peer for a client (whose messages its {@link #clientMessages} govern).
     * Servers cannot check a listener either: it is reached by address, as a client is trusted by id.
     */
    public TcpNodeConfig withListeners(Map<NodeId, InetSocketAddress> listeners) {
        return new TcpNodeConfig(self, addressBook, codec, disk, clock, maxFrameSize, secret, limits, clientMessages,
                onHandlerFailure, tls, listeners);
    }

    /** Whether this node is a server of the cluster (it listens), rather than a client. */
    public boolean isServer() {
        return addressBook.containsKey(self);
    }

    /** Whether this node listens: a server, or a {@link #listeners() listener}. */
    public boolean listens() {
        return isServer() || listeners.containsKey(self);
    }

    /** Where {@code id} listens (a server or a listener), or null if it does not. */
    public InetSocketAddress addressOf(NodeId id) {
        InetSocketAddress server = addressBook.get(id);
        return server != null ? server : listeners.get(id);
    }
}
