package dev.kata.runtime.node;

/**
 * A node of a distributed system: a single-threaded state machine that reacts to one event at a
 * time (the Singular Update Queue pattern).
 *
 * <p>A node is created by a {@link NodeFactory} with its {@link NodeContext}, on first start and
 * again after every restart: a crash loses the whole object, and the new one rebuilds its state
 * from {@link NodeContext#disk()}. Node code never blocks, sleeps, reads the wall clock or starts a
 * thread; time, randomness, the network and the disk all come through its context, which is what
 * lets the same code run in the deterministic simulation and on real TCP.
 */
public interface Node {

    /** Called once, after creation and before any message or timer: recover from disk, set timers. */
    default void onStart() {
    }

    /** Handles one message delivered from {@code from}. */
    void onMessage(NodeId from, Message message);
}
