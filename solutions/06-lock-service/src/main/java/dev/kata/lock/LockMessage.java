package dev.kata.lock;

import dev.kata.log.LogMessage;
import dev.kata.runtime.node.Message;
import dev.kata.runtime.wire.RecordCodec;
import java.util.Objects;
import java.util.Optional;

/** What clients, the cell's servers and fenced resources say to each other (the replicas' own talk is 05's). */
public sealed interface LockMessage extends Message {

    /**
     * The cell's wire and log encoding: 05's (its messages and log entries) extended with this module's
     * messages, log commands, calls and answers.
     */
    RecordCodec CODEC = LogMessage.CODEC.extend().registerSealed("lock", LockMessage.class)
            .registerSealed("cell", CellCommand.class).registerSealed("op", LockOp.class)
            .registerSealed("reply", LockReply.class).register("lock.Sequencer", Sequencer.class)
            .register("lock.Metadata", Metadata.class).register("lock.CellEvent", CellEvent.class).build();

    /** A client asks the master to open {@code session}. */
    record OpenSessionRequest(String session) implements LockMessage {
    }

    /** The session is open. */
    record SessionOpened(String session) implements LockMessage {
    }

    /** Call number {@code sequence} of {@code session}; a retry sends it again, the same. */
    record CallRequest(String session, long sequence, LockOp op) implements LockMessage {
        public CallRequest {
            Objects.requireNonNull(op, "op");
        }
    }

    /** The answer to call {@code sequence} of {@code session}. */
    record CallReply(String session, long sequence, LockReply reply) implements LockMessage {
    }

    /**
     * "I am alive": the client's {@code round}-th KeepAlive. The master answers it just before the lease
     * would run out. {@code acknowledged}: the newest master generation whose fail-over event the client
     * has seen (0: none yet), which acknowledges that event. {@code taken}: the newest round whose answer
     * the client has handled, which acknowledges the invalidations that answer carried.
     */
    record KeepAlive(String session, long round, long acknowledged, long taken) implements LockMessage {
    }

    /**
     * The master of {@code masterGeneration} extends the session's lease: it lasts {@code leaseNanos} on
     * the master's clock from when it received KeepAlive {@code round} (it held it until shortly before
     * the old lease ran out). A generation newer than the one the client knew is the fail-over event.
     */
    record KeepAliveReply(String session, long round, long leaseNanos, long masterGeneration,
                          java.util.List<CellEvent> events, java.util.List<String> invalidated) implements LockMessage {
        public KeepAliveReply {
            events = java.util.List.copyOf(events);
            invalidated = java.util.List.copyOf(invalidated);
        }
    }

    /** The session has expired: the master will not extend it, and its locks are gone or going. */
    record SessionExpired(String session) implements LockMessage {
    }

    /** This server is not the master (now); {@code master} names the one it knows, if any. */
    record NotMaster(Optional<String> master) implements LockMessage {
    }

    /** A fenced resource asks the cell whether {@code sequencer} is valid; {@code id} is echoed. */
    record CheckSequencerRequest(long id, Sequencer sequencer) implements LockMessage {
    }

    /** The answer to {@link CheckSequencerRequest} {@code id}. */
    record SequencerChecked(long id, boolean valid) implements LockMessage {
    }

    /** A lock holder's write to a fenced resource, with its sequencer; {@code holder} is its session. */
    record ResourceWrite(long id, String holder, Sequencer sequencer, String data) implements LockMessage {
    }

    /** The resource's decision on {@link ResourceWrite} {@code id}. */
    record ResourceWriteResult(long id, boolean accepted) implements LockMessage {
    }
}
