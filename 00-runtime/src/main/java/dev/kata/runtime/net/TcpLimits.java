package dev.kata.runtime.net;

import java.time.Duration;
import java.util.Objects;

/**
 * The budgets, deadlines and caps that keep a {@link TcpNode} alive against peers that are slow,
 * broken or hostile. Memory follows the bytes that have arrived: a frame's header claiming 16 MiB
 * allocates nothing until the bytes come, and they come only as far as the budgets allow.
 *
 * @param connectionInboundBytes  bytes one connection may hold: its frame in progress and its decoded
 *                                messages not yet handled. At least the largest frame. Past it, the
 *                                connection's reader waits (TCP pushes back on the sender)
 * @param nodeInboundBytes        the same, for all connections of the node together (at least
 *                                {@code connectionInboundBytes})
 * @param outboxBytes             bytes of encoded messages waiting to be written on one connection;
 *                                past it, further sends to that peer are dropped
 * @param helloTimeout            the whole hello (hello, challenge, proof) must be done within this
 * @param frameTimeout            a frame once begun must arrive in full within this; a write must
 *                                complete within this too
 * @param idleTimeout             a connection with no bytes either way for this long is closed (the
 *                                next send dials again)
 * @param keepAlive               TCP keepalive probes after this much silence, to find peers that
 *                                vanished without a FIN (a host powered off); zero turns them off
 * @param maxConnections          accepted connections at most; more are refused at once
 * @param maxHandshakes           accepted connections still in their hello at most (a part of
 *                                {@code maxConnections}); more are refused at once
 * @param backlog                 the listen backlog: connections the kernel queues before accept
 */
public record TcpLimits(long connectionInboundBytes, long nodeInboundBytes, long outboxBytes,
                        Duration helloTimeout, Duration frameTimeout, Duration idleTimeout, Duration keepAlive,
                        int maxConnections, int maxHandshakes, int backlog) {

    private static final long MIB = 1024 * 1024;

    public TcpLimits {
        Objects.requireNonNull(helloTimeout, "helloTimeout");
        Objects.requireNonNull(frameTimeout, "frameTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(keepAlive, "keepAlive");
        positive("connectionInboundBytes", connectionInboundBytes);
        positive("outboxBytes", outboxBytes);
        if (nodeInboundBytes < connectionInboundBytes) {
            throw new IllegalArgumentException("nodeInboundBytes (" + nodeInboundBytes
                    + ") must be at least connectionInboundBytes (" + connectionInboundBytes + ")");
        }
        for (Duration timeout : new Duration[] {helloTimeout, frameTimeout, idleTimeout}) {
            if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("timeouts must be positive and under 24 days, not " + timeout);
            }
        }
        if (keepAlive.isNegative()) {
            throw new IllegalArgumentException("keepAlive must not be negative, not " + keepAlive);
        }
        positive("maxConnections", maxConnections);
        positive("maxHandshakes", maxHandshakes);
        positive("backlog", backlog);
        if (maxHandshakes > maxConnections) {
            throw new IllegalArgumentException("maxHandshakes (" + maxHandshakes
                    + ") must not exceed maxConnections (" + maxConnections + ")");
        }
    }

    /** The defaults: see the table in 00-runtime/docs/wire-and-tcp.md. */
    public static TcpLimits defaults() {
        return new TcpLimits(32 * MIB, 64 * MIB, 32 * MIB,
                Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofSeconds(30),
                256, 64, 128);
    }

    /** Checks that a frame of {@code maxFrameSize} bytes can ever be received and sent. */
    void checkFits(int maxFrameSize) {
        if (connectionInboundBytes < maxFrameSize || outboxBytes < maxFrameSize) {
            throw new IllegalArgumentException("connectionInboundBytes (" + connectionInboundBytes
                    + ") and outboxBytes (" + outboxBytes + ") must each hold the largest frame (" + maxFrameSize
                    + " bytes); raise them or lower maxFrameSize");
        }
    }

    public TcpLimits withInboundBytes(long perConnection, long perNode) {
        return new TcpLimits(perConnection, perNode, outboxBytes, helloTimeout, frameTimeout, idleTimeout, keepAlive,
                maxConnections, maxHandshakes, backlog);
    }

    public TcpLimits withOutboxBytes(long bytes) {
        return new TcpLimits(connectionInboundBytes, nodeInboundBytes, bytes, helloTimeout, frameTimeout, idleTimeout,
                keepAlive, maxConnections, maxHandshakes, backlog);
    }

    public TcpLimits withTimeouts(Duration hello, Duration frame, Duration idle) {
        return new TcpLimits(connectionInboundBytes, nodeInboundBytes, outboxBytes, hello, frame, idle, keepAlive,
                maxConnections, maxHandshakes, backlog);
    }

    public TcpLimits withKeepAlive(Duration keepAlive) {
        return new TcpLimits(connectionInboundBytes, nodeInboundBytes, outboxBytes, helloTimeout, frameTimeout,
                idleTimeout, keepAlive, maxConnections, maxHandshakes, backlog);
    }

    public TcpLimits withConnectionCaps(int maxConnections, int maxHandshakes, int backlog) {
        return new TcpLimits(connectionInboundBytes, nodeInboundBytes, outboxBytes, helloTimeout, frameTimeout,
                idleTimeout, keepAlive, maxConnections, maxHandshakes, backlog);
    }

    private static void positive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, not " + value);
        }
    }
}
