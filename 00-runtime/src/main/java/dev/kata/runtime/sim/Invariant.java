package dev.kata.runtime.sim;

/**
 * A property that must hold after every event of a run, such as "at most one leader per
 * generation". It looks at the nodes ({@link Simulation#node}, {@link Simulation#nodes}) and fails by
 * throwing, typically an AssertJ assertion or an {@link AssertionError} whose message explains what
 * it saw. Register it with {@link Simulation#invariant}; it must not change anything.
 */
@FunctionalInterface
public interface Invariant {

    void check();
}
