// Generated from solutions/06-lock-service/src/main/java/dev/kata/lock/LockServiceException.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint 2ed9797d8a28
package dev.kata.lock;

import java.util.Objects;

/** The cell refused a call: {@link #code()} says why, the message what to do about it. Nothing was changed. */
public final class LockServiceException extends RuntimeException {

    private final ErrorCode code;

    public LockServiceException(ErrorCode code, String message) {
        super(Objects.requireNonNull(code, "code") + ": " + message);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
