package dev.kata.quorum;

import java.util.Objects;

/**
 * A value with the version of the write that made it. A null value is a tombstone: the key was
 * deleted by that write. Replicas keep tombstones like any value, so that an older write still in
 * flight cannot bring a deleted key back.
 *
 * @param value   the value, or null for a deletion
 * @param version the version of the write that made it
 */
public record VersionedValue(String value, Version version) {

    public VersionedValue {
        Objects.requireNonNull(version, "version");
    }

    /** Whether this is a deletion. */
    public boolean isTombstone() {
        return value == null;
    }

    @Override
    public String toString() {
        return (value == null ? "<deleted>" : value) + "@" + version;
    }
}
