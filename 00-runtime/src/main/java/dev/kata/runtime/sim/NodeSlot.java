package dev.kata.runtime.sim;

import dev.kata.runtime.disk.SimulatedDisk;
import dev.kata.runtime.node.Node;
import dev.kata.runtime.node.NodeFactory;
import dev.kata.runtime.node.NodeId;
import java.util.ArrayDeque;
import java.util.SplittableRandom;

/**
 * Everything the simulation keeps about one node across its lives: the disk and the random streams
 * survive a crash; the {@link Node} object, its context and its timers do not.
 */
final class NodeSlot {

    enum Kind { SERVER, CLIENT_NODE, SIM_CLIENT }

    final int index;
    final NodeId id;
    final Kind kind;
    final NodeFactory factory;
    final SimulatedDisk disk = new SimulatedDisk();
    final SplittableRandom random;
    final SplittableRandom diskRandom;

    Node node;
    SimContext context;
    /** Incremented by every crash: timers of an earlier life carry an older number and never fire. */
    int incarnation;
    boolean up;
    boolean paused;
    /** How many times the node was paused: a timed resume ends only its own pause. */
    long pauses;
    /** Events that came due while the node was paused, in the order they came due. */
    final ArrayDeque<Event> held = new ArrayDeque<>();
    long changedAt;

    // The node's two clocks. The monotonic one: mono = monoBaseLocal + (virtual - monoBaseVirtual) * clockRate;
    // only a rate change moves its base, and never its reading. The wall clock is the monotonic one plus
    // wallOffset, which steps move: so drift changes both clocks' rates, a step only the wall clock.
    private long monoBaseVirtual;
    private long monoBaseLocal;
    private double clockRate = 1.0;
    private long wallOffset;

    NodeSlot(int index, NodeId id, Kind kind, NodeFactory factory, long seed) {
        this.index = index;
        this.id = id;
        this.kind = kind;
        this.factory = factory;
        this.random = Seeds.stream(seed, "node " + id.name());
        this.diskRandom = Seeds.stream(seed, "disk " + id.name());
    }

    boolean isServer() {
        return kind == Kind.SERVER;
    }

    /**
     * This node's monotonic clock, in nanoseconds, at virtual time {@code virtual}: it never goes back,
     * and it runs on across the node's crashes and restarts (the slot is the machine, a life the process).
     */
    long monotonicNanos(long virtual) {
        long elapsed = virtual - monoBaseVirtual;
        return clockRate == 1.0 ? monoBaseLocal + elapsed : monoBaseLocal + Math.round(elapsed * clockRate);
    }

    /** This node's wall clock, in nanoseconds since the epoch, at virtual time {@code virtual}. */
    long wallNanos(long virtual) {
        return monotonicNanos(virtual) + wallOffset;
    }

    /** How much virtual time passes while this node's monotonic clock advances by {@code localDelay}. */
    long virtualDelay(long localDelay) {
        return clockRate == 1.0 ? localDelay : (long) Math.ceil(localDelay / clockRate);
    }

    double clockRate() {
        return clockRate;
    }

    /** Changes the rate of both clocks from {@code virtualNow} on; neither reading jumps. */
    void setClockRate(long virtualNow, double rate) {
        monoBaseLocal = monotonicNanos(virtualNow);
        monoBaseVirtual = virtualNow;
        clockRate = rate;
    }

    /** Sets both clocks {@code offset} ahead of virtual time (before any rate change): nodes' clocks start apart. */
    void offsetClocks(long offset) {
        monoBaseLocal = offset; // the base is still virtual time 0
    }

    /** Steps the wall clock by {@code delta} (an NTP correction, an operator's mistake); the monotonic clock goes on. */
    void stepWallClock(long delta) {
        wallOffset += delta;
    }

    String state() {
        return !up ? "down" : paused ? "paused" : "up";
    }
}
