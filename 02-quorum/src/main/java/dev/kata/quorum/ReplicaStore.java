// Generated from solutions/02-quorum/src/main/java/dev/kata/quorum/ReplicaStore.java by ./kata sync: maintainers edit there.
// Yours to write: replace each TODO stub (02-quorum/README.md says how).
// kata:fingerprint cfead0aae497
package dev.kata.quorum;

import dev.kata.runtime.disk.Disk;
import dev.kata.wal.CorruptLogException;
import dev.kata.wal.DurableKeyValueStore;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
        // TODO step-1: Store the value durably, only if its version is newer than the one held
        throw new UnsupportedOperationException("TODO step-1 (02-quorum): store the value durably, only if its version is newer than the one held; see 02-quorum/README.md#step-1");
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
     * The bytes of one versioned value: {@code | tombstone (1) | epoch (8) | counter (8) | writer | value |},
     * strings as length (4) + UTF-8. Given: encoding is not this module's lesson.
     */
    static final class Codec {
        private Codec() {
        }

        static byte[] encode(VersionedValue value) {
            byte[] writer = value.version().writer().getBytes(StandardCharsets.UTF_8);
            byte[] text = value.isTombstone() ? new byte[0] : value.value().getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.allocate(1 + 8 + 8 + 4 + writer.length + 4 + text.length)
                    .put((byte) (value.isTombstone() ? 1 : 0))
                    .putLong(value.version().epoch())
                    .putLong(value.version().counter())
                    .putInt(writer.length).put(writer)
                    .putInt(text.length).put(text)
                    .array();
        }

        static VersionedValue decode(String key, byte[] bytes) {
            try {
                ByteBuffer in = ByteBuffer.wrap(bytes);
                boolean tombstone = in.get() == 1;
                Version version = new Version(in.getLong(), in.getLong(), string(in));
                String value = string(in);
                if (in.hasRemaining()) {
                    throw new IllegalArgumentException(in.remaining() + " bytes too many");
                }
                return new VersionedValue(tombstone ? null : value, version);
            } catch (BufferUnderflowException | IllegalArgumentException e) {
                throw new CorruptLogException("the replica's value of key '" + key + "' is not a versioned value: " + e);
            }
        }

        private static String string(ByteBuffer in) {
            int length = in.getInt();
            if (length < 0 || length > in.remaining()) {
                throw new IllegalArgumentException("length " + length + " with " + in.remaining() + " bytes left");
            }
            byte[] bytes = new byte[length];
            in.get(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
