package dev.kata.runtime.net;

/**
 * Why a {@link TcpNode} stopped on its own: its code threw while handling an event (the cause), and
 * the node stopped rather than go on from a state that handler may have left half-changed.
 */
public final class NodeFailedException extends RuntimeException {

    public NodeFailedException(String message, Throwable cause) {
        super(message + "; the node stopped (restart it to recover from its disk): " + cause, cause);
    }
}
