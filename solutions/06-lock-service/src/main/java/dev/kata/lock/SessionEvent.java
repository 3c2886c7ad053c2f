package dev.kata.lock;

/** What a client's session goes through, as its application hears it. */
public enum SessionEvent {
    /** The session is open. */
    OPENED,
    /** The local lease ran out without a KeepAlive answer: the client cannot know whether its locks are still its. Calls wait. */
    JEOPARDY,
    /** A master answered within the grace period: the session, its locks and handles are as they were. */
    SAFE,
    /**
     * A new master took over (Chubby's fail-over event): events and cached data may have been lost in
     * between; the client acknowledges it with its next KeepAlive.
     */
    MASTER_FAIL_OVER,
    /** The session is over (no master within the grace period, or the master expired it): its locks are gone; every call fails. */
    EXPIRED
}
