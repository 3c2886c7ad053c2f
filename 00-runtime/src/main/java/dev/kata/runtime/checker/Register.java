package dev.kata.runtime.checker;

import java.util.Objects;
import java.util.Optional;

/**
 * The sequential specification of one key: a register holding a value, or nothing (null).
 *
 * <p>This is the whole meaning of "correct" for the checker: a history is linearizable if its
 * operations can be put in one order, respecting real time, in which replaying them on this tiny
 * single-threaded register gives every answer the clients saw. The search never needs to know
 * anything else about a key-value store.
 *
 * @param value the key's value, null when the key is absent (the state before any write)
 */
record Register(String value) {

    static final Register ABSENT = new Register(null);

    /**
     * The register after {@code op} takes effect here, or empty when {@code op} could not have
     * answered what it did from this state. An operation without an answer ({@link Outcome#UNKNOWN})
     * constrains nothing: only its effect counts.
     */
    Optional<Register> apply(Operation op) {
        boolean answered = op.outcome() == Outcome.OK;
        KvCommand command = op.command();
        if (command instanceof KvCommand.Read) {
            return answered && !Objects.equals(op.result(), value) ? Optional.empty() : Optional.of(this);
        }
        if (command instanceof KvCommand.Write write) {
            return Optional.of(new Register(write.value()));
        }
        if (command instanceof KvCommand.CompareAndSet cas) {
            boolean matches = Objects.equals(value, cas.expected());
            if (answered && matches != Boolean.parseBoolean(op.result())) {
                return Optional.empty();
            }
            return Optional.of(matches ? new Register(cas.value()) : this);
        }
        throw new IllegalStateException("unexpected command " + command);
    }
}
