package dev.kata.runtime.sim;

/**
 * A registered {@link Invariant} failed: the run stopped right after the event that broke it, and the
 * trace ends with an {@code InvariantViolated} event. The cause is what the invariant threw.
 */
public final class InvariantViolation extends AssertionError {

    private final String invariant;
    private final long time;
    private final String event;

    InvariantViolation(String invariant, long time, String event, Throwable cause) {
        super("invariant violated: " + invariant + "\n  at " + VirtualTime.format(time) + ", after " + event
                + "\n  " + explanation(cause), cause);
        this.invariant = invariant;
        this.time = time;
        this.event = event;
    }

    /** The invariant's name, as registered. */
    public String invariant() {
        return invariant;
    }

    /** The virtual time of the violation, in nanoseconds since the run began. */
    public long time() {
        return time;
    }

    /** The event after which the invariant first failed. */
    public String event() {
        return event;
    }

    static String explanation(Throwable cause) {
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.toString() : message.strip();
    }
}
