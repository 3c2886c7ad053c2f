// Generated from solutions/06-lock-service/src/main/java/dev/kata/lock/LockReply.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint f94c68bd14dc
package dev.kata.lock;

import java.util.Objects;

/** The cell's answer to a {@link LockOp}. */
public sealed interface LockReply {

    /** The node is open: use {@code handle} for the calls on it. */
    record Opened(long handle, Metadata metadata) implements LockReply {
    }

    /** The file's whole contents and its metadata. */
    record Contents(String contents, Metadata metadata) implements LockReply {
    }

    /** Done (a Close, a SetContents, a Delete, a Release). */
    record Done() implements LockReply {
    }

    /** The lock is this session's, with the grant's lock generation. */
    record Granted(long generation) implements LockReply {
    }

    /** A TryAcquire found the lock not free for it (taken, or in its lock-delay). */
    record NotGranted() implements LockReply {
    }

    /** The sequencer of the session's lock. */
    record SequencerIs(Sequencer sequencer) implements LockReply {
    }

    /** Whether a sequencer is valid. */
    record Valid(boolean valid) implements LockReply {
    }

    /** Refused: nothing changed. */
    record Refused(ErrorCode code, String message) implements LockReply {
        public Refused {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }

        public LockServiceException exception() {
            return new LockServiceException(code, message);
        }
    }
}
