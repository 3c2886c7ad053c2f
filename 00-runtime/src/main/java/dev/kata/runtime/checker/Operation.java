package dev.kata.runtime.checker;

/**
 * One client operation of a history: invoked at {@code invokedAt}, completed at {@code completedAt}
 * (times in nanoseconds of virtual or real time; {@code Long.MAX_VALUE} while, or if, no answer came).
 *
 * @param id          unique within its history, in order of invocation
 * @param client      who invoked it; a client has at most one operation in flight
 * @param command     what was asked
 * @param outcome     how it ended ({@link Outcome#UNKNOWN} for a timeout: never treat that as failed)
 * @param result      the answer for {@link Outcome#OK}: a read's value (null for none), "true"/"false" for a CAS
 */
public record Operation(long id, String client, KvCommand command, long invokedAt, long completedAt,
                        Outcome outcome, String result) {

    public Operation {
        if (completedAt < invokedAt) {
            throw new IllegalArgumentException("operation " + id + " completes at " + completedAt
                    + ", before its invocation at " + invokedAt);
        }
    }

    /** Whether the operation is still waiting for its answer. */
    public boolean pending() {
        return completedAt == Long.MAX_VALUE && outcome == Outcome.UNKNOWN;
    }
}
