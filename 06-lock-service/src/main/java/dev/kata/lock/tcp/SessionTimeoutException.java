// Generated from solutions/06-lock-service/src/main/java/dev/kata/lock/tcp/SessionTimeoutException.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint ce9b42800b28
package dev.kata.lock.tcp;

/** A call of a {@link LockSession} got no answer in time: the cell may have no master, or be out of reach. */
public final class SessionTimeoutException extends RuntimeException {

    public SessionTimeoutException(String message) {
        super(message);
    }
}
