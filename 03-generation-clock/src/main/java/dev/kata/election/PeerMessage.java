// Generated from solutions/03-generation-clock/src/main/java/dev/kata/election/PeerMessage.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint 853a7bed50d2
package dev.kata.election;

import dev.kata.quorum.VersionedValue;
import dev.kata.runtime.node.Message;
import dev.kata.runtime.wire.RecordCodec;
import java.util.Optional;

/**
 * The messages between servers. Every one carries its sender's generation: that is what lets a node
 * fence off a sender from an older generation (step 4), and learn of a newer one from anyone.
 */
public sealed interface PeerMessage extends Message permits PeerMessage.Request, PeerMessage.Reply {

    /**
     * The wire encoding of this module's messages, between servers ("election.RequestVote", ...) and
     * with clients ("kv.KvRequest", ...).
     */
    RecordCodec CODEC = RecordCodec.builder().registerSealed("election", PeerMessage.class)
            .registerSealed("kv", ClientMessage.class).build();

    /** The sender's generation when it sent this. */
    long generation();

    /** A message that asks something of its receiver. One from an older generation is {@link Rejected}. */
    sealed interface Request extends PeerMessage permits RequestVote, Heartbeat, Store, Fetch {
    }

    /** An answer. One from an older generation is stale, and dropped. */
    sealed interface Reply extends PeerMessage permits VoteReply, HeartbeatReply, Rejected, Stored, Fetched {
    }

    /** A candidate asks for the receiver's vote in {@code generation}. */
    record RequestVote(long generation) implements Request {
    }

    /** The answer to a vote request; {@code generation} is the voter's, after it handled the request. */
    record VoteReply(long generation, boolean granted) implements Reply {
    }

    /** The leader of {@code generation} is alive. */
    record Heartbeat(long generation) implements Request {
    }

    /** A follower of {@code generation} heard the leader's heartbeat. */
    record HeartbeatReply(long generation) implements Reply {
    }

    /**
     * A request from generation {@code yours} was refused, because the receiver is already in the newer
     * {@code generation}: the sender is stale, and learns so from this.
     */
    record Rejected(long generation, long yours) implements Reply {
    }

    // ------------------------------------------------------------------ step 5: the leader and the replicas

    /** The leader of {@code generation} asks a replica to keep {@code value} under {@code key}, if it is newer. */
    record Store(long generation, long requestId, String key, VersionedValue value) implements Request {
    }

    /** The replica holds the stored version, or a newer one, durably. */
    record Stored(long generation, long requestId) implements Reply {
    }

    /** The leader of {@code generation} asks a replica what it holds for {@code key}. */
    record Fetch(long generation, long requestId, String key) implements Request {
    }

    /** What the replica holds for the key (a tombstone if deleted), or empty if nothing. */
    record Fetched(long generation, long requestId, Optional<VersionedValue> value) implements Reply {
    }
}
