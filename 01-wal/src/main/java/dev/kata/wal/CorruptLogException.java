// Generated from solutions/01-wal/src/main/java/dev/kata/wal/CorruptLogException.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint ccd7204362b7
package dev.kata.wal;

/**
 * The log on disk is damaged where a crash cannot have damaged it: a bad record before the tail, a
 * missing segment, a file that is not a log. Recovery refuses to guess, because guessing would
 * silently drop entries that were acknowledged as durable. A person must look.
 */
public class CorruptLogException extends RuntimeException {

    public CorruptLogException(String message) {
        super(message);
    }
}
