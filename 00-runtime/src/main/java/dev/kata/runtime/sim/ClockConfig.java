package dev.kata.runtime.sim;

import java.time.Duration;
import java.util.Objects;

/**
 * How far the nodes' clocks disagree. Each node gets, from the seed, a clock that starts
 * {@code 0..maxOffset} ahead of virtual time and runs at a rate in {@code [1 - maxDrift, 1 + maxDrift]}:
 * its {@code now()} and its timers follow that clock. Lease protocols must stay safe within these
 * bounds (a lease holder whose clock runs slow believes its lease longer than the grantor does).
 *
 * @param maxOffset how far ahead of virtual time a node's clock may start
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

    /** Every node's clock reads virtual time exactly. */
    public static ClockConfig perfect() {
        return new ClockConfig(Duration.ZERO, 0.0);
    }

    /** Clocks that start up to {@code maxOffset} apart and drift by up to {@code maxDrift} (a fraction). */
    public static ClockConfig drifting(Duration maxOffset, double maxDrift) {
        return new ClockConfig(maxOffset, maxDrift);
    }
}
