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

    /**
     * The wall clock: the date and time this node believes it is. Other nodes' clocks disagree with it,
     * and it can jump, back or forward, when someone sets it (NTP, an operator). Good for stamping a
     * record for a person to read; never use it to measure how long something took: use
     * {@link #nanoTime()}.
     */
    Instant now();

    /**
     * The monotonic clock, in nanoseconds from an origin of its own, like {@link System#nanoTime()}
     * (which it is on a real machine): it never goes back and is never stepped, but it may run a
     * little fast or slow, within a {@link DriftBound}. Only the difference between two readings on
     * this node means anything: measure leases, silences and timeouts with it, compare readings by
     * subtracting ({@code now - then > limit}, which overflows gracefully), and never persist a reading
     * or send one to another node: another process, or this one after a restart, may count from
     * anywhere.
     */
    long nanoTime();

    /** Runs {@code action} on this node's event loop once {@code delay} has passed on its monotonic clock. */
    Timer schedule(Duration delay, Runnable action);

    /** This node's durable storage; it survives crashes as described by {@link Disk}. */
    Disk disk();

    /** A random source; seeded in the simulation, so that every choice replays. */
    RandomGenerator random();

    /** Records a line of text in the trace (the simulation's event log, or the real driver's log). */
    void note(String text);
}
