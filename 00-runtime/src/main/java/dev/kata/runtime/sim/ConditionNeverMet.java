package dev.kata.runtime.sim;

/**
 * What a test waited for with {@link Simulation#runUntil} (or {@link Simulation#runUntilIdle}) did
 * not happen in the virtual time it allowed. The message says what never happened, until when, and
 * in what state the nodes were.
 */
public final class ConditionNeverMet extends AssertionError {

    private final String condition;
    private final long time;

    ConditionNeverMet(String condition, long time, String message) {
        super(message);
        this.condition = condition;
        this.time = time;
    }

    /** The description the test gave of what it waited for. */
    public String condition() {
        return condition;
    }

    /** The virtual time at which the simulation gave up, in nanoseconds. */
    public long time() {
        return time;
    }
}
