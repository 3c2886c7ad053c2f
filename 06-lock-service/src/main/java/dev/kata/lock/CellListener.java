// Generated from solutions/06-lock-service/src/main/java/dev/kata/lock/CellListener.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint 4333c45cedeb
package dev.kata.lock;

/**
 * What a {@link LockCell} tells the server it runs in, as it applies commands: on every replica alike,
 * and only the master acts on it (it answers clients, it times lock-delays). Not part of the state.
 */
public interface CellListener {

    /** Call {@code sequence} of {@code session} (whose client is node {@code client}) has its answer. */
    void answered(String client, String session, long sequence, LockReply reply);

    /** {@code session} has expired (its client is node {@code client}). */
    void expired(String client, String session);

    /** {@code lock} is in its lock-delay, since its holder of lock generation {@code generation} expired. */
    void lockDelayStarted(String lock, long generation);

    /** {@code session} (client {@code client}) has a handle on the node {@code event} is about: it happened. */
    default void event(String client, String session, CellEvent event) {
    }

    /**
     * Call {@code sequence} of {@code writer} changed what a read of {@code path} returns, and
     * {@code sessions} may cache the old answer: the write must not complete (its answer, announced next,
     * must wait) until each has dropped it from its cache, or its lease has run out.
     */
    default void invalidate(String path, String writer, long sequence, java.util.Set<String> sessions) {
    }

    /** Listens to nothing: a replica that is not the master, a test. */
    CellListener NONE = new CellListener() {
        @Override
        public void answered(String client, String session, long sequence, LockReply reply) {
        }

        @Override
        public void expired(String client, String session) {
        }

        @Override
        public void lockDelayStarted(String lock, long generation) {
        }
    };
}
