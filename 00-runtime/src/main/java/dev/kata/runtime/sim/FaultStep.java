package dev.kata.runtime.sim;

import java.time.Duration;
import java.util.Objects;

/** A fault and when it happens, in virtual time since the schedule was applied. */
public record FaultStep(Duration at, Fault fault) implements Comparable<FaultStep> {

    public FaultStep {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(fault, "fault");
        if (at.isNegative()) {
            throw new IllegalArgumentException("a fault step cannot happen before the start, but is at " + at);
        }
    }

    public static FaultStep at(Duration at, Fault fault) {
        return new FaultStep(at, fault);
    }

    @Override
    public int compareTo(FaultStep other) {
        return at.compareTo(other.at);
    }

    @Override
    public String toString() {
        return "at " + VirtualTime.format(at.toNanos()) + ": " + fault;
    }
}
