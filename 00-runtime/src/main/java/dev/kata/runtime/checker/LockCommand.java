package dev.kata.runtime.checker;

import java.util.Objects;

/**
 * An operation a client (a session) asks of a lock service, as the {@link LockModel} models it. The
 * holder is the operation's client. An answered grant's result is the lock's generation (its
 * sequencer, the fencing token the holder passes to the resources it writes to).
 */
public sealed interface LockCommand {

    /** The lock's name: locks are independent of one another. */
    String lock();

    /** How a lock is held: by one exclusive holder, or by any number of shared holders. */
    enum Mode {
        EXCLUSIVE, SHARED
    }

    /** Waits until the lock is granted; the result is the grant's generation. */
    record Acquire(String lock, Mode mode) implements LockCommand {
        public Acquire {
            Objects.requireNonNull(lock, "lock");
            Objects.requireNonNull(mode, "mode");
        }

        @Override
        public String toString() {
            return "acquire(" + lock + (mode == Mode.SHARED ? ", shared" : "") + ")";
        }
    }

    /** Takes the lock if it is free for this mode; the result is the generation, or null when it was not free. */
    record TryAcquire(String lock, Mode mode) implements LockCommand {
        public TryAcquire {
            Objects.requireNonNull(lock, "lock");
            Objects.requireNonNull(mode, "mode");
        }

        @Override
        public String toString() {
            return "tryAcquire(" + lock + (mode == Mode.SHARED ? ", shared" : "") + ")";
        }
    }

    /**
     * Gives the lock up; the result is null. A session that died holds its locks until the service
     * notices: record that as a release without an answer (Outcome.UNKNOWN), invoked when the
     * session stopped, so that the checker may place it at any later instant.
     */
    record Release(String lock) implements LockCommand {
        public Release {
            Objects.requireNonNull(lock, "lock");
        }

        @Override
        public String toString() {
            return "release(" + lock + ")";
        }
    }
}
