package dev.kata.runtime.checker;

/**
 * Hand-written operations for checker tests, with times in whole or fractional milliseconds (the
 * checker works in nanoseconds, like the simulation).
 */
final class Ops {

    private Ops() {
    }

    static long ms(double millis) {
        return Math.round(millis * 1_000_000);
    }

    static Operation<KvCommand, String> write(long id, String client, String key, String value, double from, double to) {
        return new Operation<>(id, client, new KvCommand.Write(key, value), ms(from), ms(to), Outcome.OK, null);
    }

    static Operation<KvCommand, String> read(long id, String client, String key, String result, double from, double to) {
        return new Operation<>(id, client, new KvCommand.Read(key), ms(from), ms(to), Outcome.OK, result);
    }

    static Operation<KvCommand, String> cas(long id, String client, String key, String expected, String value, boolean result,
                         double from, double to) {
        return new Operation<>(id, client, new KvCommand.CompareAndSet(key, expected, value), ms(from), ms(to),
                Outcome.OK, Boolean.toString(result));
    }

    /** An operation whose client never got an answer: open-ended, as the History records it. */
    static Operation<KvCommand, String> unknown(long id, String client, KvCommand command, double from) {
        return new Operation<>(id, client, command, ms(from), Long.MAX_VALUE, Outcome.UNKNOWN, null);
    }

    static Operation<KvCommand, String> failed(long id, String client, KvCommand command, double from, double to) {
        return new Operation<>(id, client, command, ms(from), ms(to), Outcome.FAIL, null);
    }
}
