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
        // kata:begin step-1 "Answer a coordinator's read with the versioned value held"
        ctx.send(coordinator, new ReplicaReadReply(read.requestId(), store.get(read.key())));
        // kata:end
    }

    /** A coordinator asks this replica to store a write. */
    void onWrite(NodeId coordinator, ReplicaWrite write) {
        // kata:begin step-1 "Store a write if it is newer, then acknowledge it (also when it is not newer)"
        // Acknowledge after the store is durable. A write that is not newer is acknowledged too: this
        // replica holds that version or a newer one, which is all a quorum needs to know.
        boolean applied = store.putIfNewer(write.key(), write.value());
        ctx.send(coordinator, new ReplicaWriteAck(write.requestId(), applied));
        // kata:end
    }

    ReplicaStore store() {
        return store;
    }
}
