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
