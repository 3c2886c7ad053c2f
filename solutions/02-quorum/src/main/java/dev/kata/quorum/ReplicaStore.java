package dev.kata.quorum;

import dev.kata.runtime.disk.Disk;
import dev.kata.runtime.disk.SavedState;
import dev.kata.wal.DurableKeyValueStore;
import java.util.Objects;
import java.util.Optional;

/**
 * What one replica keeps: for every key, the newest {@link VersionedValue} it has accepted, durably.
 * It sits on module 01's {@link DurableKeyValueStore}, so an accepted write is in the write-ahead
 * log and forced before {@link #putIfNewer} returns, and a restarted replica finds it there again.
 *
 * <p>A write is accepted only if its version is newer than the one held: replicas that see the
 * same writes, in any order and any number of times, end up holding the same values.
 *
 * <p>Single-threaded, like the node that owns it.
 */
public final class ReplicaStore implements AutoCloseable {

    /** After this many accepted writes the store takes a snapshot, so its log stays short (01's Low-Water Mark). */
    static final int WRITES_PER_SNAPSHOT = 1_000;

    private final DurableKeyValueStore store;
    private int writesSinceSnapshot;

    private ReplicaStore(DurableKeyValueStore store) {
        this.store = store;
    }

    /** Opens the replica's store on {@code disk}, recovering what it held before a crash. */
    public static ReplicaStore open(Disk disk) {
        return new ReplicaStore(DurableKeyValueStore.open(Objects.requireNonNull(disk, "disk")));
    }

    /** The newest versioned value held for {@code key} (a tombstone if it was deleted), or empty if none. */
    public Optional<VersionedValue> get(String key) {
        return store.get(key).map(bytes -> Codec.decode(key, bytes));
    }

    /**
     * Stores {@code value} under {@code key} if its version is newer than the one held (an absent key
     * holds {@link Version#ZERO}).
     *
     * @return true if it was stored, durably; false if the replica already holds this version or a newer one
     */
    public boolean putIfNewer(String key, VersionedValue value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        // kata:begin step-1 "Store the value durably, only if its version is newer than the one held"
        Version held = get(key).map(VersionedValue::version).orElse(Version.ZERO);
        if (!value.version().isNewerThan(held)) {
            return false;
        }
        persist(key, value);
        return true;
        // kata:end
    }

    /** Writes {@code value} to the log and forces it (through 01's store); durable when it returns. */
    private void persist(String key, VersionedValue value) {
        store.put(key, Codec.encode(value));
        if (++writesSinceSnapshot >= WRITES_PER_SNAPSHOT) {
            store.snapshot();
            writesSinceSnapshot = 0;
        }
    }

    /** How many keys the store holds, tombstones included. */
    public int size() {
        return store.asMap().size();
    }

    @Override
    public void close() {
        store.close();
    }

    /**
     * The bytes of one versioned value, as the runtime's saved state writes a record (its CRC, then
     * the record). Given: encoding is not this module's lesson.
     */
    static final class Codec {
        private static final SavedState<VersionedValue> FORMAT = SavedState.of("quorum.VersionedValue",
                VersionedValue.class);

        private Codec() {
        }

        static byte[] encode(VersionedValue value) {
            return FORMAT.encode(value);
        }

        static VersionedValue decode(String key, byte[] bytes) {
            return FORMAT.decode(bytes, "the replica's value of key '" + key + "'");
        }
    }
}
