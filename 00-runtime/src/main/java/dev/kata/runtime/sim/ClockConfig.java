package dev.kata.runtime.sim;

import dev.kata.runtime.node.DriftBound;
import java.time.Duration;
import java.util.Objects;

/**
 * How far the nodes' clocks disagree. Each node has two clocks (see
 * {@link dev.kata.runtime.node.NodeContext}): a monotonic one, for timers, timeouts and leases, and a
 * wall clock, which is the monotonic one plus the steps the test made ({@link Simulation#shiftClock}).
 * Each node gets, from the seed, clocks that start {@code 0..maxOffset} ahead of virtual time and run
 * at a rate in {@code [1 - maxDrift, 1 + maxDrift]}.
 *
 * <p>{@code maxDrift} is also a promise: no clock of the simulation ever runs outside it, whatever the
 * test or a {@link Nemesis} asks ({@link Simulation#setClockRate} refuses a rate beyond it). A protocol
 * that measures time on two nodes, such as a lease, takes {@link #driftBound()} into its configuration
 * and must stay safe within it (a lease holder whose clock runs slow believes its lease longer than
 * the grantor does).
 *
 * @param maxOffset how far ahead of virtual time a node's clocks may start
 * @param maxDrift  the largest rate error, as a fraction: 0.01 means a clock gains or loses up to 1%
 */
public record ClockConfig(Duration maxOffset, double maxDrift) {

    public ClockConfig {
        Objects.requireNonNull(maxOffset, "maxOffset");
        if (maxOffset.isNegative()) {
            throw new IllegalArgumentException("maxOffset must not be negative, but is " + maxOffset);
        }
        if (!(maxDrift >= 0.0 && maxDrift < 0.5)) {
            throw new IllegalArgumentException("maxDrift must be at least 0 and less than 0.5 (50%), but is "
                    + maxDrift);
        }
    }

    /** Every node's clock reads virtual time exactly, and no clock may drift. */
    public static ClockConfig perfect() {
        return new ClockConfig(Duration.ZERO, 0.0);
    }

    /** Clocks that start up to {@code maxOffset} apart and drift by up to {@code maxDrift} (a fraction). */
    public static ClockConfig drifting(Duration maxOffset, double maxDrift) {
        return new ClockConfig(maxOffset, maxDrift);
    }

    /** The bound on every clock's rate error that the simulation keeps to: what a protocol may assume. */
    public DriftBound driftBound() {
        return new DriftBound(maxDrift);
    }
}
