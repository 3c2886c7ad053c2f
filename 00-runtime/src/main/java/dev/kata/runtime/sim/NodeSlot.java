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

    // The node's clock: local = clockBaseLocal + (virtual - clockBaseVirtual) * clockRate.
    private long clockBaseVirtual;
    private long clockBaseLocal;
    private double clockRate = 1.0;

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

    /** This node's clock reading, in nanoseconds, at virtual time {@code virtual}. */
    long localNanos(long virtual) {
        long elapsed = virtual - clockBaseVirtual;
        return clockRate == 1.0 ? clockBaseLocal + elapsed : clockBaseLocal + Math.round(elapsed * clockRate);
    }

    /** How much virtual time passes while this node's clock advances by {@code localDelay}. */
    long virtualDelay(long localDelay) {
        return clockRate == 1.0 ? localDelay : (long) Math.ceil(localDelay / clockRate);
    }

    double clockRate() {
        return clockRate;
    }

    /** Changes the rate from {@code virtualNow} on; the clock's reading does not jump. */
    void setClockRate(long virtualNow, double rate) {
        clockBaseLocal = localNanos(virtualNow);
        clockBaseVirtual = virtualNow;
        clockRate = rate;
    }

    /** Steps the clock by {@code delta} (an NTP correction, an operator's mistake). */
    void shiftClock(long virtualNow, long delta) {
        clockBaseLocal = localNanos(virtualNow) + delta;
        clockBaseVirtual = virtualNow;
    }

    String state() {
        return !up ? "down" : paused ? "paused" : "up";
    }
}
