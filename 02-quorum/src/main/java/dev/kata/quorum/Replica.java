// Generated from solutions/02-quorum/src/main/java/dev/kata/quorum/Replica.java by ./kata sync: maintainers edit there.
// Yours to write: replace each TODO stub (02-quorum/README.md says how).
// kata:fingerprint 6839e477bb63
package dev.kata.quorum;

import dev.kata.quorum.QuorumMessage.ReplicaRead;
import dev.kata.quorum.QuorumMessage.ReplicaReadReply;
import dev.kata.quorum.QuorumMessage.ReplicaWrite;
import dev.kata.quorum.QuorumMessage.ReplicaWriteAck;
import dev.kata.runtime.node.NodeContext;
import dev.kata.runtime.node.NodeId;

/**
 * The replica role of a server: it keeps its share of the data in a {@link ReplicaStore} and
 * answers coordinators. It knows nothing of quorums; it only ever keeps the newest version.
 */
final class Replica {

    private final NodeContext ctx;
    private final ReplicaStore store;

    Replica(NodeContext ctx, ReplicaStore store) {
        this.ctx = ctx;
        this.store = store;
    }

    /** A coordinator asks what this replica holds for a key. */
    void onRead(NodeId coordinator, ReplicaRead read) {
        // TODO step-1: Answer a coordinator's read with the versioned value held
        throw new UnsupportedOperationException("TODO step-1 (02-quorum): answer a coordinator's read with the versioned value held; see 02-quorum/README.md#step-1");
    }

    /** A coordinator asks this replica to store a write. */
    void onWrite(NodeId coordinator, ReplicaWrite write) {
        // TODO step-1: Store a write if it is newer, then acknowledge it (also when it is not newer)
        throw new UnsupportedOperationException("TODO step-1 (02-quorum): store a write if it is newer, then acknowledge it (also when it is not newer); see 02-quorum/README.md#step-1");
    }

    ReplicaStore store() {
        return store;
    }
}
