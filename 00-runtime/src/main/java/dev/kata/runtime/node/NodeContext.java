package dev.kata.runtime.node;

import dev.kata.runtime.disk.Disk;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Everything a node may use of the outside world. The simulation and the real driver each
 * implement it; node code uses nothing else.
 */
public interface NodeContext {

    /** This node's id. */
    NodeId self();

    /** The server nodes of the cluster, sorted, this one included (clients are not listed). */
    List<NodeId> cluster();

    /**
     * Sends a message. Delivery is not guaranteed: the network may drop, delay, duplicate or
     * reorder it. Sending to oneself is allowed and goes through the network like any message.
     */
    void send(NodeId to, Message message);

    /** The current time on this node's clock (which may drift from other nodes' clocks). */
    Instant now();

    /** Runs {@code action} on this node's event loop after {@code delay} of this node's clock. */
    Timer schedule(Duration delay, Runnable action);

    /** This node's durable storage; it survives crashes as described by {@link Disk}. */
    Disk disk();

    /** A random source; seeded in the simulation, so that every choice replays. */
    RandomGenerator random();

    /** Records a line of text in the trace (the simulation's event log, or the real driver's log). */
    void note(String text);
}
