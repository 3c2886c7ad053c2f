package dev.kata.wal;

import dev.kata.runtime.disk.CorruptStateException;
import dev.kata.runtime.disk.Disk;
import dev.kata.runtime.disk.SavedState;
import dev.kata.runtime.wire.MalformedMessageException;
import dev.kata.runtime.wire.RecordCodec;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A key-value store that survives crashes: every put and delete is written to the
 * {@link WriteAheadLog} and forced before it is applied to the map in memory, and on open the store
 * replays the log. A {@link #snapshot() snapshot} saves the whole map, after which the log below it
 * can be dropped (the Low-Water Mark).
 *
 * <p>Single-threaded, like the node that owns it. Later modules keep their replicas' data in it.
 */
public final class DurableKeyValueStore implements AutoCloseable {

    static final String SNAPSHOT = "kv.snapshot";

    private final Disk disk;
    private final WriteAheadLog log;
    private final Map<String, byte[]> data = new TreeMap<>();
    /** The index of the last log entry whose effect is in {@link #data}. */
    private long appliedIndex;

    private DurableKeyValueStore(Disk disk, WriteAheadLog log) {
        this.disk = disk;
        this.log = log;
    }

    /** Opens the store on {@code disk}: loads the latest snapshot, then replays the log after it. */
    public static DurableKeyValueStore open(Disk disk, WalConfig config) {
        DurableKeyValueStore store = new DurableKeyValueStore(disk, WriteAheadLog.open(disk, config));
        store.recover();
        return store;
    }

    public static DurableKeyValueStore open(Disk disk) {
        return open(disk, WalConfig.DEFAULT);
    }

    private void recover() {
        // kata:begin step-7 "Recover: load the snapshot, then replay the log entries after it"
        if (disk.exists(SNAPSHOT)) {
            appliedIndex = KvRecords.readSnapshot(disk.readAll(SNAPSHOT), data);
        }
        if (log.firstIndex() > appliedIndex + 1) {
            throw new CorruptLogException("the log starts at index " + log.firstIndex() + " but the snapshot covers"
                    + " only up to " + appliedIndex + ": entries " + (appliedIndex + 1) + " to "
                    + (log.firstIndex() - 1) + " are missing");
        }
        for (LogEntry entry : log.readFrom(appliedIndex + 1)) {
            KvRecords.apply(entry.payload(), data);
            appliedIndex = entry.index();
        }
        // kata:end
    }

    /** Sets {@code key} to {@code value}; durable when it returns. */
    public void put(String key, byte[] value) {
        Objects.requireNonNull(value, "value (use delete to remove a key)");
        write(KvRecords.put(key, value));
    }

    public void put(String key, String value) {
        put(key, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Removes {@code key}; durable when it returns. Removing a missing key is allowed. */
    public void delete(String key) {
        write(KvRecords.delete(key));
    }

    private void write(byte[] record) {
        // kata:begin step-7 "Log the change and force it, and only then apply it"
        long index = log.append(record);
        log.force();
        KvRecords.apply(record, data);
        appliedIndex = index;
        // kata:end
    }

    public Optional<byte[]> get(String key) {
        return Optional.ofNullable(data.get(key)).map(byte[]::clone);
    }

    public Optional<String> getString(String key) {
        return get(key).map(v -> new String(v, StandardCharsets.UTF_8));
    }

    /** The whole map, read-only (values are not copied: do not change them). */
    public Map<String, byte[]> asMap() {
        return Collections.unmodifiableMap(data);
    }

    /**
     * Saves the whole map as a snapshot, durably and atomically, then removes the log segments
     * it makes unnecessary.
     */
    public void snapshot() {
        // kata:begin step-7 "Snapshot the map, then drop the log below it"
        // The snapshot must be durable before any log entry it replaces is deleted: the other
        // order loses data if the machine crashes in between.
        disk.replace(SNAPSHOT, KvRecords.writeSnapshot(appliedIndex, data));
        log.removeBefore(appliedIndex + 1);
        // kata:end
    }

    /** The log underneath, for tests and tools that look at segments. */
    public WriteAheadLog log() {
        return log;
    }

    @Override
    public void close() {
        log.close();
    }

    /**
     * The bytes of log records and snapshots: given, because encoding is not this step's lesson. A
     * change is a record of the runtime's {@link RecordCodec}; the snapshot is a {@link SavedState}
     * (the record and its CRC), so damage to either is found and named.
     */
    static final class KvRecords {

        /** One change to the map, as a log entry's payload. */
        private sealed interface Change permits Put, Delete {
        }

        private record Put(String key, byte[] value) implements Change {
        }

        private record Delete(String key) implements Change {
        }

        /** The whole map, and the last log index it includes. */
        private record Snapshot(long appliedIndex, Map<String, byte[]> data) {
        }

        private static final RecordCodec CHANGES = RecordCodec.builder().register("kv.Put", Put.class)
                .register("kv.Delete", Delete.class).build();
        private static final SavedState<Snapshot> SNAPSHOTS = SavedState.of("kv.Snapshot", Snapshot.class);

        static byte[] put(String key, byte[] value) {
            return CHANGES.encodeRecord(new Put(key, value));
        }

        static byte[] delete(String key) {
            return CHANGES.encodeRecord(new Delete(key));
        }

        /** Applies one log record to the map. */
        static void apply(byte[] record, Map<String, byte[]> data) {
            Change change;
            try {
                change = CHANGES.decodeRecord(record, Change.class);
            } catch (MalformedMessageException e) {
                throw new CorruptLogException("a key-value record is malformed: " + e.getMessage());
            }
            if (change instanceof Put put) {
                data.put(put.key(), put.value());
            } else if (change instanceof Delete delete) {
                data.remove(delete.key());
            }
        }

        static byte[] writeSnapshot(long appliedIndex, Map<String, byte[]> data) {
            return SNAPSHOTS.encode(new Snapshot(appliedIndex, new TreeMap<>(data)));
        }

        /** Fills {@code data} from a snapshot and returns the log index it covers. */
        static long readSnapshot(byte[] bytes, Map<String, byte[]> data) {
            Snapshot snapshot;
            try {
                snapshot = SNAPSHOTS.decode(bytes, SNAPSHOT);
            } catch (CorruptStateException e) {
                throw new CorruptLogException(e.getMessage());
            }
            data.putAll(snapshot.data());
            return snapshot.appliedIndex();
        }
    }
}
