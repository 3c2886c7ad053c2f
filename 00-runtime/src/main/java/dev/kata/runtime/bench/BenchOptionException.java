package dev.kata.runtime.bench;

/** A benchmark's option is wrong: unknown, without its value, or a value of the wrong kind. The message says which. */
public final class BenchOptionException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public BenchOptionException(String message) {
        super(message);
    }
}
