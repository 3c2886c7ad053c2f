// Generated from solutions/06-lock-service/src/main/java/dev/kata/lock/Sequencer.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint 0c25bdca4d51
package dev.kata.lock;

import dev.kata.runtime.checker.LockCommand.Mode;
import java.util.Objects;

/**
 * A lock holder's proof of its tenure (Chubby's sequencer): the lock's name, the mode it is held in,
 * and the lock generation of the grant. The holder passes it with each request to a server it protects
 * (a {@link FencedResource}); the server asks the cell whether it is still valid, and rejects a request
 * whose generation is older than one it has seen.
 */
public record Sequencer(String lock, Mode mode, long generation) {

    public Sequencer {
        Objects.requireNonNull(lock, "lock");
        Objects.requireNonNull(mode, "mode");
    }

    @Override
    public String toString() {
        return lock + ":" + mode.name().toLowerCase(java.util.Locale.ROOT) + ":" + generation;
    }
}
