package dev.kata.runtime.node;

/** A scheduled action of a node. */
public interface Timer {

    /** Cancels the action if it has not run yet; cancelling twice, or after it ran, does nothing. */
    void cancel();
}
