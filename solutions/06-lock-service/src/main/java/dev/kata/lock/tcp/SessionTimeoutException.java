package dev.kata.lock.tcp;

/** A call of a {@link LockSession} got no answer in time: the cell may have no master, or be out of reach. */
public final class SessionTimeoutException extends RuntimeException {

    public SessionTimeoutException(String message) {
        super(message);
    }
}
