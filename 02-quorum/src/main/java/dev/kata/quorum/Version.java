// Generated from solutions/02-quorum/src/main/java/dev/kata/quorum/Version.java by ./kata sync: maintainers edit there.
// Yours to write: replace each TODO stub (02-quorum/README.md says how).
// kata:fingerprint f679e6619aaa
package dev.kata.quorum;

import java.util.Objects;

/**
 * The version of a stored value (the Versioned Value pattern): the newer of two versions wins on
 * every replica, so every replica that has seen the same writes holds the same value.
 *
 * <p>Versions are ordered by epoch, then counter, then writer. In this module the epoch stays 0;
 * module 03 fills it with the generation of the leader that wrote, so that a new leader's writes
 * win over everything an old one wrote. The writer (the node that chose the version) breaks ties:
 * two coordinators that pick the same counter still make two different versions, and every replica
 * orders them the same way.
 *
 * @param epoch   the generation the version was made in (0 in module 02)
 * @param counter a number that grows with every write: a timestamp, or one more than the newest
 *                version a quorum reported
 * @param writer  the node that made the version; "" only in {@link #ZERO}
 */
public record Version(long epoch, long counter, String writer) implements Comparable<Version> {

    /** Older than every version a write makes: what an absent key has. */
    public static final Version ZERO = new Version(0, 0, "");

    public Version {
        Objects.requireNonNull(writer, "writer");
        if (epoch < 0 || counter < 0) {
            throw new IllegalArgumentException("a version's epoch and counter must not be negative: " + epoch + "."
                    + counter);
        }
    }

    @Override
    public int compareTo(Version other) {
        // TODO step-1: Order versions: by epoch, then counter, then writer
        throw new UnsupportedOperationException("TODO step-1 (02-quorum): order versions: by epoch, then counter, then writer; see 02-quorum/README.md#step-1");
    }

    /** Whether this version is newer than {@code other}. */
    public boolean isNewerThan(Version other) {
        return compareTo(other) > 0;
    }

    @Override
    public String toString() {
        return epoch + "." + counter + "@" + (writer.isEmpty() ? "-" : writer);
    }
}
