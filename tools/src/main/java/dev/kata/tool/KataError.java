package dev.kata.tool;

/** A user-facing error: printed without a stack trace. */
final class KataError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    KataError(String message) {
        super(message);
    }
}
