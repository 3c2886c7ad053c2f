package dev.kata.log;

import java.util.Objects;

/**
 * A snapshot of the replicated state (step 7): the state machine's {@link State} after it applied the
 * entries up to {@code index}, the last of which is of {@code generation}. With it, the log below
 * {@code index + 1} can go (the Low-Water Mark), and a follower too far behind for the leader's log gets
 * it instead of the entries. Saved with the runtime's {@code SavedState} in the log's codec.
 */
public record Snapshot(long index, long generation, State state) {

    /**
     * What a state machine's snapshot holds: a record registered in the log's codec (this module's
     * {@link KeyValueStateMachine.KvState}), with everything the state machine needs to go on, the
     * Idempotent Receiver's table included.
     */
    public interface State {
    }

    public Snapshot {
        if (index < 1) {
            throw new IllegalArgumentException("a snapshot holds at least entry 1, not up to " + index);
        }
        if (generation < 1) {
            throw new IllegalArgumentException("an entry's generation is at least 1, not " + generation);
        }
        Objects.requireNonNull(state, "state");
    }
}
