package dev.kata.runtime.checker;

import static dev.kata.runtime.checker.Ops.ms;

import dev.kata.runtime.checker.LockCommand.Mode;

/** Hand-written lock operations for checker tests, times in milliseconds. */
final class Locks {

    private Locks() {
    }

    static Operation<LockCommand, Long> acquire(long id, String client, String lock, long generation, double from,
                                                double to) {
        return new Operation<>(id, client, new LockCommand.Acquire(lock, Mode.EXCLUSIVE), ms(from), ms(to), Outcome.OK,
                generation);
    }

    static Operation<LockCommand, Long> acquireShared(long id, String client, String lock, long generation,
                                                      double from, double to) {
        return new Operation<>(id, client, new LockCommand.Acquire(lock, Mode.SHARED), ms(from), ms(to), Outcome.OK,
                generation);
    }

    /** A tryAcquire that answered: with a generation, or refused (null). */
    static Operation<LockCommand, Long> tryAcquire(long id, String client, String lock, Long generation, double from,
                                                   double to) {
        return new Operation<>(id, client, new LockCommand.TryAcquire(lock, Mode.EXCLUSIVE), ms(from), ms(to),
                Outcome.OK, generation);
    }

    static Operation<LockCommand, Long> release(long id, String client, String lock, double from, double to) {
        return new Operation<>(id, client, new LockCommand.Release(lock), ms(from), ms(to), Outcome.OK, null);
    }

    /** An operation without an answer: a grant nobody heard of, or a session that died (its release). */
    static Operation<LockCommand, Long> unknown(long id, String client, LockCommand command, double from) {
        return new Operation<>(id, client, command, ms(from), Long.MAX_VALUE, Outcome.UNKNOWN, null);
    }
}
