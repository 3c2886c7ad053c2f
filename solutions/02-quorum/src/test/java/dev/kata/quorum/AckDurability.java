package dev.kata.quorum;

import dev.kata.quorum.QuorumMessage.ReplicaWrite;
import dev.kata.quorum.QuorumMessage.ReplicaWriteAck;
import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.sim.DurabilityWatch;
import dev.kata.runtime.sim.DurabilityWatch.CrashImage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the {@link DurabilityWatch} checks in this module, at every send: a replica acknowledges a
 * write only once it is durable. When a replica sends a {@link ReplicaWriteAck}, a crash at that
 * instant must leave the write it answers (or a newer version of its key) in the replica's store: a
 * coordinator counts the ack towards W, and a write acknowledged by W replicas must survive W crashes.
 * A replica that acknowledges first and stores after, even within one event, is caught.
 *
 * <p>The watch sees every watched node's sends, so the check learns each write from the
 * {@link ReplicaWrite} a coordinator (or a watched probe) sent, by its request id.
 */
final class AckDurability implements DurabilityWatch.Check {

    /** The writes sent lately, by request id; the oldest are forgotten (their acks are long gone). */
    private final Map<Long, ReplicaWrite> writes = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, ReplicaWrite> eldest) {
            return size() > 100_000;
        }
    };

    @Override
    public Optional<String> check(NodeId from, NodeId to, Message message, CrashImage image) {
        if (message instanceof ReplicaWrite write) {
            writes.put(write.requestId(), write);
            return Optional.empty();
        }
        if (!(message instanceof ReplicaWriteAck ack) || !writes.containsKey(ack.requestId())) {
            return Optional.empty();
        }
        ReplicaWrite write = writes.get(ack.requestId());
        Optional<VersionedValue> held = image.read("the replica's value of " + write.key(), disk -> {
            try (ReplicaStore store = ReplicaStore.open(disk)) {
                return store.get(write.key());
            }
        });
        Version durable = held.map(VersionedValue::version).orElse(Version.ZERO);
        if (!write.value().version().isNewerThan(durable)) {
            return Optional.empty();
        }
        return Optional.of("its disk holds " + held.map(v -> "only " + v).orElse("nothing") + " for key '" + write.key()
                + "', not the write " + write.value() + " it acknowledges. A crash right now would lose a write the "
                + "coordinator counts towards W: store it durably (putIfNewer returns once it is forced), then acknowledge.");
    }
}
