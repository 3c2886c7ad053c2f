package dev.kata.lock;

/** Why the cell refused a call: each a case a client can act on. */
public enum ErrorCode {
    /** The path does not start with /ls/, or has an empty or "." / ".." component. */
    BAD_PATH,
    /** No node at the path (or its parent directory is missing). */
    NOT_FOUND,
    /** A node exists at the path already. */
    EXISTS,
    /** A directory with children cannot be deleted. */
    NOT_EMPTY,
    /** The operation is for files, and the node is a directory (or the other way round). */
    WRONG_KIND,
    /** The handle was closed, or was never opened by this session. */
    HANDLE_CLOSED,
    /** The handle's node was deleted (and perhaps created again: a new instance). */
    HANDLE_STALE,
    /** The contents are larger than the cell's limit. */
    TOO_LARGE,
    /** A conditional SetContents found another content generation. */
    GENERATION_MISMATCH,
    /** A Release or GetSequencer by a session that does not hold the lock. */
    NOT_HELD,
    /** The session holds the lock already: locks are not re-entrant. */
    ALREADY_HELD,
    /** A sequencer checked through a handle to another node. */
    WRONG_LOCK,
    /** The session has expired: its handles, locks and ephemeral nodes are gone. */
    SESSION_EXPIRED,
    /** The cell never opened this session: open one first (OpenSessionRequest). */
    UNKNOWN_SESSION
}
