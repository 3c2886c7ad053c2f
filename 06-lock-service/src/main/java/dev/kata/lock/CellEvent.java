// Generated from solutions/06-lock-service/src/main/java/dev/kata/lock/CellEvent.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint 8a60c6652a69
package dev.kata.lock;

import java.util.Objects;

/**
 * Something a session's client may want to hear about a node it has a handle on (Chubby's events),
 * delivered after the change it reports, with the master's next KeepAlive answer.
 */
public record CellEvent(Kind kind, String path) {

    /** What happened. */
    public enum Kind {
        /** The file's contents were written. */
        CONTENTS_MODIFIED,
        /** A node was created in the directory. */
        CHILD_ADDED,
        /** A node of the directory was deleted. */
        CHILD_REMOVED,
        /** Someone acquired the node's lock. */
        LOCK_ACQUIRED,
        /** The node was deleted: the handle no longer works. */
        HANDLE_INVALID
    }

    public CellEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(path, "path");
    }
}
