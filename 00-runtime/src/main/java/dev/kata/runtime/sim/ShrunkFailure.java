package dev.kata.runtime.sim;

/**
 * A scenario failed, and the {@link Shrinker} found a smaller fault schedule with which it still
 * fails: the message tells that short story, and the cause is the failure of its run.
 */
public final class ShrunkFailure extends AssertionError {

    private final FaultSchedule original;
    private final FaultSchedule smallest;

    ShrunkFailure(FaultSchedule original, FaultSchedule smallest, int runs, Throwable failure) {
        super(message(original, smallest, runs, failure), failure);
        this.original = original;
        this.smallest = smallest;
    }

    /** The schedule the test started with. */
    public FaultSchedule original() {
        return original;
    }

    /** The smallest schedule found with which the scenario still fails. */
    public FaultSchedule smallest() {
        return smallest;
    }

    private static String message(FaultSchedule original, FaultSchedule smallest, int runs, Throwable failure) {
        String header = smallest.equals(original)
                ? "no smaller fault schedule fails (" + runs + " runs); the failing schedule: "
                : "shrunk from " + original.size() + " fault steps over " + VirtualTime.format(original.duration())
                        + " to the smallest failing schedule found (" + runs + " runs): ";
        return InvariantViolation.explanation(failure) + "\n\n" + header + smallest;
    }
}
