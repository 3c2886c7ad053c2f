// Generated from solutions/02-quorum/src/main/java/dev/kata/quorum/QuorumMessage.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint 3588ddd148fb
package dev.kata.quorum;

import dev.kata.runtime.node.Message;
import dev.kata.runtime.wire.RecordCodec;
import java.util.Optional;

/**
 * Everything the nodes of a quorum store say to each other and to clients. Two conversations:
 * a client and the coordinator it asked (any server), and a coordinator and the replicas (every
 * server, itself included).
 */
public sealed interface QuorumMessage extends Message {

    /** The wire encoding of every message below, as "quorum.ClientRead", "quorum.ReplicaWrite", .... */
    RecordCodec CODEC = RecordCodec.builder().registerSealed("quorum", QuorumMessage.class).build();

    // ------------------------------------------------------------------ client and coordinator

    /**
     * A client's request. The client id and sequence number let a coordinator recognise a duplicate
     * or a retry and answer it without doing it twice (Idempotent Receiver).
     */
    sealed interface ClientRequest extends QuorumMessage {
        String client();

        long sequence();

        String key();
    }

    /** Read {@code key}. */
    record ClientRead(String client, long sequence, String key) implements ClientRequest {
    }

    /** Set {@code key} to {@code value}; a null value deletes the key. */
    record ClientWrite(String client, long sequence, String key, String value) implements ClientRequest {
    }

    /** The answer to a read: the newest value a read quorum held (null: none, or deleted) and its version. */
    record ReadOk(long sequence, String value, Version version) implements QuorumMessage {
    }

    /** The answer to a write: W replicas hold it, with this version. */
    record WriteOk(long sequence, Version version) implements QuorumMessage {
    }

    /**
     * The coordinator could not reach a quorum in time. For a read that means no answer; for a write
     * it means "unknown": some replicas may hold it, and it may yet be read.
     */
    record QuorumError(long sequence, String reason) implements QuorumMessage {
    }

    // ------------------------------------------------------------------ coordinator and replica

    /** A coordinator asks a replica for its versioned value of {@code key}. */
    record ReplicaRead(long requestId, String key) implements QuorumMessage {
    }

    /** A replica's answer: what it holds for the key (a tombstone if deleted), or empty if nothing. */
    record ReplicaReadReply(long requestId, Optional<VersionedValue> value) implements QuorumMessage {
    }

    /** A coordinator asks a replica to store {@code value} under {@code key} if it is newer than what it holds. */
    record ReplicaWrite(long requestId, String key, VersionedValue value) implements QuorumMessage {
    }

    /**
     * A replica holds the write's version or a newer one, durably. {@code applied} says whether this
     * write replaced what it held (false: it already had this version or a newer one).
     */
    record ReplicaWriteAck(long requestId, boolean applied) implements QuorumMessage {
    }
}
