package dev.kata.runtime.checker;

/**
 * One client operation of a history: invoked at {@code invokedAt}, completed at {@code completedAt}
 * (times in nanoseconds of virtual or real time; {@code Long.MAX_VALUE} while, or if, no answer came).
 *
 * <p>Times are the simulation's true time (or one real clock), never a node's own clock: a node's
 * clock may be offset or drift, and the checker compares intervals of different clients.
 *
 * @param id          unique within its history, in order of invocation
 * @param client      who invoked it; a client has at most one operation in flight
 * @param command     what was asked
 * @param outcome     how it ended ({@link Outcome#UNKNOWN} for a timeout: never treat that as failed)
 * @param result      the answer for {@link Outcome#OK} (for a key-value store: a read's value, null for
 *                    none, "true"/"false" for a CAS); null otherwise
 * @param <C> the commands of the history
 * @param <R> their results
 */
public record Operation<C, R>(long id, String client, C command, long invokedAt, long completedAt,
                              Outcome outcome, R result) {

    public Operation {
        if (completedAt < invokedAt) {
            throw new IllegalArgumentException("operation " + id + " completes at " + completedAt
                    + ", before its invocation at " + invokedAt);
        }
    }

    /** The same operation with another outcome and result (a test planting a wrong answer, say). */
    public Operation<C, R> withOutcome(Outcome newOutcome, R newResult, long newCompletedAt) {
        return new Operation<>(id, client, command, invokedAt, newCompletedAt, newOutcome, newResult);
    }

    /** Whether the operation is still waiting for its answer. */
    public boolean pending() {
        return completedAt == Long.MAX_VALUE && outcome == Outcome.UNKNOWN;
    }
}
