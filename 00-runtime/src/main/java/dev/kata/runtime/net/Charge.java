package dev.kata.runtime.net;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The bytes a received message holds against its connection's and its node's budgets, given back
 * once, when the message has been handled (or dropped).
 */
final class Charge {

    /** For messages that hold nothing (a node's message to itself). */
    static final Charge NONE = new Charge(null, null, 0);

    private final ByteBudget connection;
    private final ByteBudget node;
    private final long bytes;
    private final AtomicBoolean released = new AtomicBoolean();

    Charge(ByteBudget connection, ByteBudget node, long bytes) {
        this.connection = connection;
        this.node = node;
        this.bytes = bytes;
    }

    long bytes() {
        return bytes;
    }

    void release() {
        if (bytes > 0 && released.compareAndSet(false, true)) {
            connection.release(bytes);
            node.release(bytes);
        }
    }
}
