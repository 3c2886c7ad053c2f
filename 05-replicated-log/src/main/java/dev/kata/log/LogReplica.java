// Generated from solutions/05-replicated-log/src/main/java/dev/kata/log/LogReplica.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint 2cbb82494162
package dev.kata.log;

import dev.kata.runtime.node.NodeId;

/**
 * What a replica of a replicated log shows the safety suite (an abstract contract test): enough to
 * check, after every event, that replicas agree on every committed index, that a committed entry is
 * never lost, that the High-Water Mark never goes down and that nothing is applied before it is
 * committed. {@link ReplicaNode} (Multi-Paxos) is one implementation; a Raft log can be another.
 */
public interface LogReplica {

    NodeId id();

    /** The replica's current generation (Raft: term). */
    long generation();

    /** Whether it leads its generation now. */
    boolean isLeader();

    /** The index of its last entry (0: empty). */
    long lastIndex();

    /**
     * The first index it holds an entry for: 1, or above a snapshot (the Low-Water Mark). The entries
     * below it are committed, and in the snapshot.
     */
    default long firstIndex() {
        return 1;
    }

    /** Its entry at {@code index}, from {@link #firstIndex()} to {@link #lastIndex()}. */
    Entry entry(long index);

    /** The High-Water Mark: every entry up to it is committed. */
    long highWaterMark();

    /** How many entries its state machine has applied, in log order. */
    long lastApplied();
}
