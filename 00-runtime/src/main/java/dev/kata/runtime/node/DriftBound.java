package dev.kata.runtime.node;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * The most a node's monotonic clock may run fast or slow, as a fraction of true time: with
 * {@code maxDrift} 0.01, while a second passes, every node's {@link NodeContext#nanoTime()} advances
 * by something between 0.99 and 1.01 seconds. A protocol that measures time on two nodes (a lease: the
 * master counts it on its clock, the holder on its own) is only safe if it assumes such a bound, and
 * it takes the bound in its configuration: the simulation reports the bound it keeps to
 * ({@code ClockConfig.driftBound()}), and on real machines the operator chooses one (quartz clocks
 * drift by well under 0.0001; a bound of 0.001 leaves room).
 *
 * <p>How a lease uses it (Chubby's rule): the master holds a lease of {@code L} on its own clock,
 * counted from when it granted it. The holder counts from when it sent its request, which was before
 * the grant, and trusts the lease for only {@link #holderLease holderLease(L)} on its own clock. If the
 * holder's clock runs slow by the bound and the master's fast by it, the holder's lease still ends
 * first in true time. Wall clocks ({@link NodeContext#now()}) may also be stepped, so no bound
 * makes a duration measured on them safe.
 *
 * @param maxDrift the largest rate error of any node's clock, as a fraction, at least 0 and below 0.5
 */
public record DriftBound(double maxDrift) {

    /** Clocks that run exactly at true rate (the simulation's default). */
    public static final DriftBound NONE = new DriftBound(0.0);

    public DriftBound {
        if (!(maxDrift >= 0.0 && maxDrift < 0.5)) {
            throw new IllegalArgumentException("maxDrift must be at least 0 and less than 0.5 (50%), but is " + maxDrift);
        }
    }

    /** Whether a clock that runs at {@code rate} (1.0 is true time) keeps within this bound. */
    public boolean allows(double rate) {
        // A little slack for the rounding of rates drawn as 1 + x * maxDrift.
        return Math.abs(rate - 1.0) <= maxDrift + 1e-12;
    }

    /**
     * How long a holder may trust a lease that its master holds for {@code masterLease}: both counted
     * on their own monotonic clocks, the holder's from before it sent its request. It is
     * {@code masterLease * (1 - maxDrift) / (1 + maxDrift)}, rounded down: the shortest true time the
     * master's lease can last, as the slowest holder's clock counts it.
     */
    public Duration holderLease(Duration masterLease) {
        return scale(masterLease, 1.0 - maxDrift, 1.0 + maxDrift, RoundingMode.FLOOR);
    }

    /**
     * How long a master must count on its clock before it can be sure that a holder's lease of
     * {@code holderLease} on the holder's clock is over: the inverse of {@link #holderLease}, rounded up.
     * A new master that takes over waits this long before it grants what the old one granted.
     */
    public Duration masterLease(Duration holderLease) {
        return scale(holderLease, 1.0 + maxDrift, 1.0 - maxDrift, RoundingMode.CEILING);
    }

    private static Duration scale(Duration duration, double numerator, double denominator, RoundingMode rounding) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a lease must not be negative, but is " + duration);
        }
        BigDecimal nanos = new BigDecimal(duration.toNanos())
                .multiply(BigDecimal.valueOf(numerator))
                .divide(BigDecimal.valueOf(denominator), 0, rounding);
        return Duration.ofNanos(nanos.longValueExact());
    }
}
