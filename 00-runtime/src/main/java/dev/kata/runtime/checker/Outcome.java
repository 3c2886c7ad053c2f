package dev.kata.runtime.checker;

/** How a client operation ended, as far as its client knows. */
public enum Outcome {
    /** The system answered: it happened, with the recorded result. */
    OK,
    /** The system answered: it did not happen, and never will. */
    FAIL,
    /** No answer (a timeout, a lost connection): it may have happened, at any time after its invocation. */
    UNKNOWN
}
