package dev.kata.runtime.net;

import dev.kata.runtime.node.NodeId;
import java.util.Objects;

/**
 * A peer closed a connection of ours because of what we sent it, and said why in an error frame
 * ({@code Frames}): a frame longer than its limit, a message it could not decode, a message a client
 * may not send, a hello it refused. What we had sent on that connection and was not answered is lost;
 * sending the same again will be refused again, so the reason is for a person to act on (a codec or
 * version that differs between client and cell, a limit set lower on the servers, a client id in use).
 * {@link TcpNode#onRefused} and {@link TcpClient#onRefused} hand it to whoever sent.
 */
public final class RefusedByPeerException extends RuntimeException {

    private final NodeId peer;
    private final String reason;

    public RefusedByPeerException(NodeId peer, String reason) {
        super(peer + " closed the connection, refusing what was sent on it: " + reason);
        this.peer = Objects.requireNonNull(peer, "peer");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** The node (or client) that refused. */
    public NodeId peer() {
        return peer;
    }

    /** What it said was wrong, as it said it. */
    public String reason() {
        return reason;
    }
}
