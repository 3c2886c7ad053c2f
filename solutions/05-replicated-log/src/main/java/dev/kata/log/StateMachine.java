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
}
