// Generated from solutions/05-replicated-log/src/main/java/dev/kata/log/LogMessage.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint ebe4730d2cc5
package dev.kata.log;

import dev.kata.runtime.node.Message;
import dev.kata.runtime.wire.RecordCodec;
import java.util.List;
import java.util.Objects;

/**
 * What the replicas of the log say to each other. Every message carries its sender's generation: a
 * replica takes in a newer generation (and follows its leader), and refuses a request of an older one
 * with {@link Stale}, as 03's nodes do.
 */
public sealed interface LogMessage extends Message {

    /**
     * The wire encoding of this module: its messages ("log.Prepare", ...), the log's entries, the
     * key-value store's command and snapshots ("log.Entry", "log.ClientCommand", "log.Snapshot",
     * "log.KvState"), and 03's client messages
     * ("kv.KvRequest", ...). A later module adds its commands with {@code CODEC.extend()}.
     */
    RecordCodec CODEC = RecordCodec.builder().registerSealed("log", LogMessage.class)
            .register("log.Entry", Entry.class)
            .register("log.ClientCommand", ClientCommand.class)
            .register("log.Snapshot", Snapshot.class)
            .register("log.KvState", KeyValueStateMachine.KvState.class)
            .registerSealed("kv", dev.kata.election.ClientMessage.class).build();

    /** The sender's generation. */
    long generation();

    /**
     * Phase 1 of a new leader, for every index from {@code fromIndex} on at once: "promise me
     * {@code generation}, and tell me what your log holds from {@code fromIndex}". {@code round} is the
     * id of the candidate's round (02's QuorumRound): the answer echoes it.
     */
    record Prepare(long generation, long fromIndex, long round) implements LogMessage {
    }

    /**
     * The promise: this replica voted for the sender in {@code generation} (durably) and will take no
     * entry from an older leader; {@code entries} are its log's entries from {@code fromIndex} on.
     */
    record Promise(long generation, long fromIndex, List<Entry> entries, long round) implements LogMessage {
        public Promise {
            entries = List.copyOf(entries);
        }
    }

    /**
     * The leader's replication and heartbeat: "after the entry at {@code prevIndex} of
     * {@code prevGeneration}, my log holds {@code entries}; everything up to {@code highWaterMark} is
     * committed". Empty {@code entries}: a heartbeat. {@code sentAt} is the leader's monotonic clock when
     * it sent it: the follower only echoes it in its answer (on another node's clock it means nothing),
     * and so the leader knows which of its rounds a majority answered (step 6).
     */
    record Append(long generation, long prevIndex, long prevGeneration, List<Entry> entries, long highWaterMark,
                  long sentAt) implements LogMessage {
        public Append {
            entries = List.copyOf(Objects.requireNonNull(entries, "entries"));
        }
    }

    /**
     * A follower's answer to an {@link Append}. {@code success}: its log now holds the leader's entries
     * up to {@code matchIndex}, durably. Otherwise it did not hold the entry at {@code prevIndex}; its log
     * ends at {@code lastIndex}, which tells the leader how far to walk back at once. {@code sentAt} is the
     * append's, echoed: either way the follower was in the leader's generation after the leader sent it.
     */
    record Appended(long generation, boolean success, long matchIndex, long lastIndex, long sentAt)
            implements LogMessage {
    }

    /**
     * The leader's snapshot, for a follower that lacks entries the leader's log no longer holds (step 7):
     * "everything up to {@code snapshot.index()} is committed, and this is the state after it". The
     * follower answers with an {@link Appended}, matching up to the snapshot's index; {@code sentAt} as in
     * an {@link Append}.
     */
    record InstallSnapshot(long generation, Snapshot snapshot, long sentAt) implements LogMessage {
    }

    /** A request of an older generation refused: this replica is in {@code generation}. */
    record Stale(long generation, long round) implements LogMessage {
    }
}
