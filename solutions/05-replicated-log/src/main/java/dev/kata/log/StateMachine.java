package dev.kata.log;

/**
 * What the replicated log drives: every replica applies the committed entries' commands in log order,
 * each once, and so every replica goes through the same states. Deterministic: the same commands give
 * the same results everywhere (no clock, no randomness).
 *
 * <p>Anything that must survive a change of leader is part of this state, and only then is it the same
 * on every replica: the Idempotent Receiver's table of each client's latest request and answer belongs
 * here, not in one node's memory or disk. {@link KeyValueStateMachine} is this module's; a later module
 * supplies its own ({@link ReplicaConfig#withStateMachine}).
 */
public interface StateMachine {

    /**
     * Applies the command of the next committed entry.
     *
     * @return the answer for the client who asked, if the command came from one (null: no answer)
     */
    String apply(Command command);

    /**
     * Whether {@code command} only reads: then the leader may answer it with {@link #read} at a read
     * index or under its lease, without the log (step 6). A state machine that says no to everything
     * (the default) has every command go through the log.
     */
    default boolean readOnly(Command command) {
        return false;
    }

    /**
     * A copy of the whole state (step 7), to be saved, sent to a follower far behind, and {@link #restore}d;
     * it must not change when this state machine does.
     */
    default Snapshot.State snapshot() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot be snapshotted: keep "
                + "ReplicaConfig.snapshotEvery at 0");
    }

    /** Replaces this (new, empty) state machine's state with {@code state}, as {@link #snapshot} took it. */
    default void restore(Snapshot.State state) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot restore a snapshot");
    }

    /** The answer to a {@link #readOnly} command on the state as it is now, which it leaves unchanged. */
    default String read(Command command) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " has no read-only commands: "
                + "readOnly(" + command + ") must say false, and the command go through the log");
    }
}
