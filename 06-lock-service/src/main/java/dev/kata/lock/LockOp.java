// Generated from solutions/06-lock-service/src/main/java/dev/kata/lock/LockOp.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint 6c90fb8ece7f
package dev.kata.lock;

import dev.kata.runtime.checker.LockCommand.Mode;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * A call a session makes on the cell. Every call goes through the log (reads too, so that every answer
 * is linearizable), with the session's sequence number, so a retry is answered without being applied twice.
 */
public sealed interface LockOp {

    /**
     * Opens the node at {@code path} (an absolute path under {@code /ls/}), creating it first if
     * {@code create} and it does not exist: a {@code directory} or a file, {@code ephemeral} if it must go
     * when the session ends. The handle is tied to the node's instance, and its session hears the node's
     * {@code events} of these kinds (Chubby's clients subscribe when they open a handle: an application
     * that only takes a lock asks for none, and no event costs it a message).
     */
    record Open(String path, boolean create, boolean directory, boolean ephemeral, Set<CellEvent.Kind> events)
            implements LockOp {
        public Open {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(events, "events");
            // In the kinds' order, whatever set came: the wire and the snapshots encode it the same every time.
            EnumSet<CellEvent.Kind> kinds = EnumSet.noneOf(CellEvent.Kind.class);
            kinds.addAll(events);
            events = Collections.unmodifiableSet(kinds);
        }

        /** Opens with every kind of event: what a handle hears unless it says otherwise. */
        public Open(String path, boolean create, boolean directory, boolean ephemeral) {
            this(path, create, directory, ephemeral, EnumSet.allOf(CellEvent.Kind.class));
        }
    }

    /** Closes the handle; it cannot be used again. A lock held through it stays held (Release it first). */
    record Close(long handle) implements LockOp {
    }

    /** Reads the whole file and its metadata. */
    record GetContents(long handle) implements LockOp {
    }

    /**
     * Writes the whole file. With {@code expectedGeneration} at least 0, only if the content generation
     * is still that (a compare-and-set); -1: unconditionally.
     */
    record SetContents(long handle, String contents, long expectedGeneration) implements LockOp {
        public SetContents {
            Objects.requireNonNull(contents, "contents");
        }
    }

    /** Deletes the handle's node (a directory only when it has no children). */
    record Delete(long handle) implements LockOp {
    }

    /** Takes the node's lock, waiting in line while it is not free for {@code mode}. */
    record Acquire(long handle, Mode mode) implements LockOp {
        public Acquire {
            Objects.requireNonNull(mode, "mode");
        }
    }

    /** Takes the node's lock if it is free for {@code mode} now; never waits. */
    record TryAcquire(long handle, Mode mode) implements LockOp {
        public TryAcquire {
            Objects.requireNonNull(mode, "mode");
        }
    }

    /** Gives up the lock the session holds through its grant of {@code generation}. */
    record Release(long handle, long generation) implements LockOp {
    }

    /** The sequencer of the lock this session holds on the handle's node. */
    record GetSequencer(long handle) implements LockOp {
    }

    /** Whether {@code sequencer}, for the handle's node, is still valid: its holder still holds the lock. */
    record CheckSequencer(long handle, Sequencer sequencer) implements LockOp {
        public CheckSequencer {
            Objects.requireNonNull(sequencer, "sequencer");
        }
    }
}
