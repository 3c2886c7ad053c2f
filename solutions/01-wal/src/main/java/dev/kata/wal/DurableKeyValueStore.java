package dev.kata.wal;

import dev.kata.runtime.disk.Disk;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.CRC32C;

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

    /** The bytes of log records and snapshots: given, because encoding is not this step's lesson. */
    static final class KvRecords {
        private static final byte PUT = 1;
        private static final byte DELETE = 2;
        private static final byte[] SNAPSHOT_MAGIC = "KATAKVS1".getBytes(StandardCharsets.US_ASCII);

        static byte[] put(String key, byte[] value) {
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.allocate(1 + 4 + k.length + 4 + value.length)
                    .put(PUT).putInt(k.length).put(k).putInt(value.length).put(value).array();
        }

        static byte[] delete(String key) {
            byte[] k = key.getBytes(StandardCharsets.UTF_8);
            return ByteBuffer.allocate(1 + 4 + k.length).put(DELETE).putInt(k.length).put(k).array();
        }

        /** Applies one log record to the map. */
        static void apply(byte[] record, Map<String, byte[]> data) {
            ByteBuffer in = ByteBuffer.wrap(record);
            try {
                byte kind = in.get();
                String key = new String(bytes(in), StandardCharsets.UTF_8);
                switch (kind) {
                    case PUT -> data.put(key, bytes(in));
                    case DELETE -> data.remove(key);
                    default -> throw new CorruptLogException("unknown key-value record kind " + kind);
                }
            } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
                throw new CorruptLogException("a key-value record is malformed: " + e);
            }
        }

        /** {@code | magic | applied index | count | (key, value)* | crc32c |} */
        static byte[] writeSnapshot(long appliedIndex, Map<String, byte[]> data) {
            int size = SNAPSHOT_MAGIC.length + 8 + 4 + 4;
            for (Map.Entry<String, byte[]> e : data.entrySet()) {
                size += 8 + e.getKey().getBytes(StandardCharsets.UTF_8).length + e.getValue().length;
            }
            ByteBuffer out = ByteBuffer.allocate(size).put(SNAPSHOT_MAGIC).putLong(appliedIndex).putInt(data.size());
            for (Map.Entry<String, byte[]> e : data.entrySet()) {
                byte[] k = e.getKey().getBytes(StandardCharsets.UTF_8);
                out.putInt(k.length).put(k).putInt(e.getValue().length).put(e.getValue());
            }
            CRC32C crc = new CRC32C();
            crc.update(out.array(), 0, out.position());
            return out.putInt((int) crc.getValue()).array();
        }

        /** Fills {@code data} from a snapshot and returns the log index it covers. */
        static long readSnapshot(byte[] snapshot, Map<String, byte[]> data) {
            CRC32C crc = new CRC32C();
            if (snapshot.length < SNAPSHOT_MAGIC.length + 16
                    || !Arrays.equals(snapshot, 0, SNAPSHOT_MAGIC.length, SNAPSHOT_MAGIC, 0, SNAPSHOT_MAGIC.length)) {
                throw new CorruptLogException(SNAPSHOT + " is not a key-value snapshot");
            }
            crc.update(snapshot, 0, snapshot.length - 4);
            ByteBuffer in = ByteBuffer.wrap(snapshot);
            if (in.getInt(snapshot.length - 4) != (int) crc.getValue()) {
                throw new CorruptLogException(SNAPSHOT + ": CRC mismatch; the snapshot is damaged");
            }
            in.position(SNAPSHOT_MAGIC.length);
            long appliedIndex = in.getLong();
            int count = in.getInt();
            for (int i = 0; i < count; i++) {
                data.put(new String(bytes(in), StandardCharsets.UTF_8), bytes(in));
            }
            return appliedIndex;
        }

        private static byte[] bytes(ByteBuffer in) {
            int length = in.getInt();
            if (length < 0 || length > in.remaining()) {
                throw new IllegalArgumentException("length " + length + " with " + in.remaining() + " bytes left");
            }
            byte[] bytes = new byte[length];
            in.get(bytes);
            return bytes;
        }
    }
}
