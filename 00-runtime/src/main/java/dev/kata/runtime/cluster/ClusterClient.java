package dev.kata.runtime.cluster;

import dev.kata.runtime.checker.Operation;
import dev.kata.runtime.node.NodeId;

/** A client of a {@link Cluster}, on any driver: one operation in flight at a time. */
public interface ClusterClient<C, R> {

    NodeId id();

    /** Invokes the command now; returns the operation's id in the cluster's history. */
    long submit(C command);

    /** Whether an operation is in flight. */
    boolean busy();

    /** The last operation submitted, as recorded so far. */
    Operation<C, R> lastOperation();
}
