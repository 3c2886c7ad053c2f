package dev.kata.runtime.sim;

/**
 * A node sent a message that announces something a crash at that instant would lose (found by a
 * {@link DurabilityWatch}). The message says who sent what to whom, what the disk holds, and what to
 * do: make it durable, then announce it.
 */
public final class DurabilityViolation extends AssertionError {

    DurabilityViolation(String message) {
        super(message);
    }
}
