package dev.kata.log;

import dev.kata.runtime.disk.CorruptStateException;
import dev.kata.runtime.disk.Disk;
import dev.kata.runtime.disk.DiskFile;
import dev.kata.runtime.disk.SavedState;
import dev.kata.runtime.disk.ScopedDisk;
import dev.kata.runtime.wire.RecordCodec;
import dev.kata.wal.LogEntry;
import dev.kata.wal.WalConfig;
import dev.kata.wal.WriteAheadLog;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One replica's copy of the log: 01's {@link WriteAheadLog} holds the entries (each an {@link Entry}
 * encoded with the log's codec); a file of its own holds the High-Water Mark, the index up to which the
 * replica knows the entries are committed; and the runtime's {@link SavedState} holds the latest
 * {@link Snapshot} (step 7), below which the log holds nothing: the Low-Water Mark is the snapshot's
 * index + 1. Given code.
 *
 * <p>The mark moves with every commit, so it is saved the cheap ways. A follower learns it with the
 * entries of an append: {@link #forceWithHighWaterMark} writes the mark into each entry's record in the
 * write-ahead log (the record is the mark, then the entry), so that the one force that makes the entries
 * durable makes the mark durable too, as etcd keeps its commit index in the records it forces anyway. The
 * appended entries wait in memory until that force writes them, so that the last one can carry the mark
 * it brought. A raise with no entry to ride on ({@link #raiseHighWaterMark}: the leader's commit, a
 * heartbeat) appends a small record (its length, then the runtime's {@link SavedState} encoding: a CRC
 * and the index) to a file of its own and forces it, one {@code fdatasync}. Replacing a file whole (write
 * a copy, force it, rename it, force the directory) costs three to five times that on ext4
 * (docs/benchmarks.md). A crash may tear the last record, which was never forced and so never used:
 * {@link #open} keeps the records up to the first that does not check out, and cuts the rest. The file
 * is rewritten whole (atomically) when it grows past {@link #MARK_FILE_LIMIT}. At a start the mark is the
 * highest that the file or any record of the log holds.
 *
 * <p>Durability: {@link #append} and {@link #appendAt} are durable only after {@link #force} or
 * {@link #forceWithHighWaterMark}; {@link #truncateAfter}, {@link #raiseHighWaterMark}, {@link #saveSnapshot}
 * and {@link #installSnapshot} are durable when they return. The High-Water Mark never goes down, across restarts too, and never
 * above what the log holds durably; nothing at or below it is ever truncated. Single-threaded, like the
 * node that owns it.
 */
public final class ReplicaLog implements AutoCloseable {

    /** The High-Water Mark as it is saved (a record behind a CRC, replaced whole). */
    record HighWaterMark(long index) {
    }

    private static final SavedState<HighWaterMark> MARK = SavedState.of("log.HighWaterMark", HighWaterMark.class);
    private static final String MARK_FILE = "high-water-mark";
    /** Past this many bytes of records, the mark's file is rewritten with the latest record alone. */
    static final int MARK_FILE_LIMIT = 64 << 10;
    private static final String SNAPSHOT_FILE = "snapshot";
    /**
     * 64 KiB segments, so that a snapshot lets whole segments go in a test; entries up to 16 KiB (a
     * state machine on the log refuses larger commands before it proposes them: 06's LockServer).
     */
    public static final WalConfig WAL = new WalConfig(64 << 10, 16 << 10);

    private final Disk disk;
    private final WriteAheadLog wal;
    private final RecordCodec codec;
    private final SavedState<Snapshot> snapshots;
    /** The entries above the snapshot, decoded: entries.get(i - snapshotIndex() - 1) is the entry at index i. */
    private final List<Entry> entries = new ArrayList<>();
    private Snapshot snapshot;
    private long highWaterMark;
    /** The highest mark the mark's file holds: the rest of {@link #highWaterMark} rides in the log's records. */
    private long markInFile;
    /** The last index written to the write-ahead log; the entries above it wait in memory for the next force. */
    private long written;
    /** The encoded entries after {@link #written}, in order: what the next force writes. */
    private final List<byte[]> waiting = new ArrayList<>();
    /** Whether the write-ahead log holds records not forced yet. */
    private boolean unforced;
    private DiskFile markFile;

    private ReplicaLog(Disk disk, WriteAheadLog wal, RecordCodec codec) {
        this.disk = disk;
        this.wal = wal;
        this.codec = codec;
        this.snapshots = SavedState.of(codec, Snapshot.class);
    }

    /** Opens the log on {@code disk} (a part of the node's disk of its own), recovering what it held. */
    public static ReplicaLog open(Disk disk, RecordCodec codec) {
        Objects.requireNonNull(disk, "disk");
        Objects.requireNonNull(codec, "codec");
        ReplicaLog log = new ReplicaLog(disk, WriteAheadLog.open(new ScopedDisk(disk, "wal."), WAL), codec);
        log.snapshot = log.snapshots.load(disk, SNAPSHOT_FILE).orElse(null);
        long after = log.snapshotIndex();
        if (log.wal.lastIndex() < after || log.wal.firstIndex() > after + 1) {
            // A crash while a follower installed a snapshot: the log does not follow on from it. Start it again.
            log.wal.startAfter(after);
        }
        long markInRecords = 0;
        for (LogEntry entry : log.wal.readFrom(after + 1)) {
            ByteBuffer record = ByteBuffer.wrap(entry.payload());
            markInRecords = Math.max(markInRecords, record.getLong());
            byte[] encoded = new byte[record.remaining()];
            record.get(encoded);
            log.entries.add(codec.decodeRecord(encoded, Entry.class));
        }
        log.written = log.lastIndex();
        log.markInFile = log.loadHighWaterMark();
        log.highWaterMark = Math.max(after, Math.max(log.markInFile, markInRecords));
        if (log.highWaterMark > log.lastIndex()) {
            throw new CorruptStateException(MARK_FILE, "the high-water mark " + log.highWaterMark
                    + " is above the log's last entry " + log.lastIndex() + ": committed entries are missing");
        }
        return log;
    }

    /** The index of the last entry (or of the snapshot's last, if the log holds none above it); 0 if empty. */
    public long lastIndex() {
        return snapshotIndex() + entries.size();
    }

    /** The first index the log holds an entry for: the Low-Water Mark, the snapshot's index + 1 (1 without one). */
    public long firstIndex() {
        return snapshotIndex() + 1;
    }

    /** The latest snapshot, if any. */
    public Optional<Snapshot> snapshot() {
        return Optional.ofNullable(snapshot);
    }

    /** The index of the latest snapshot's last entry; 0 without a snapshot. */
    public long snapshotIndex() {
        return snapshot == null ? 0 : snapshot.index();
    }

    /** The entry at {@code index}, between {@link #firstIndex()} and {@link #lastIndex()}. */
    public Entry entry(long index) {
        if (index < firstIndex() || index > lastIndex()) {
            throw new IndexOutOfBoundsException("no entry " + index + ": the log holds " + firstIndex() + " to "
                    + lastIndex() + (snapshot == null ? "" : " (the entries up to " + snapshotIndex() + " are in "
                    + "the snapshot)"));
        }
        return entries.get((int) (index - firstIndex()));
    }

    /**
     * The generation of the entry at {@code index}, from the snapshot's index on ({@code index} 0, before the
     * first entry: 0).
     */
    public long generationAt(long index) {
        if (index == 0) {
            return 0;
        }
        return index == snapshotIndex() ? snapshot.generation() : entry(index).generation();
    }

    /**
     * Whether the log holds an entry at {@code index} of {@code generation} (index 0: always; at or below the
     * snapshot's index: the snapshot's entries are committed, and so the same as every leader's).
     */
    public boolean holds(long index, long generation) {
        if (index == 0 || (index < snapshotIndex())) {
            return true;
        }
        return index <= lastIndex() && generationAt(index) == generation;
    }

    /** Up to {@code max} entries from {@code fromIndex} on; empty from {@link #lastIndex()} + 1. */
    public List<Entry> entriesFrom(long fromIndex, int max) {
        if (fromIndex < firstIndex()) {
            throw new IndexOutOfBoundsException("entries start at index " + firstIndex() + ", not " + fromIndex
                    + (snapshot == null ? "" : ": the ones before are in the snapshot; send that"));
        }
        if (fromIndex > lastIndex()) {
            return List.of();
        }
        int from = (int) (fromIndex - firstIndex());
        return List.copyOf(entries.subList(from, (int) Math.min(entries.size(), (long) from + max)));
    }

    /** Appends {@code entry} after the last one and returns its index; durable after {@link #force}. */
    public long append(Entry entry) {
        appendAt(lastIndex() + 1, entry);
        return lastIndex();
    }

    /** Puts {@code entry} at {@code index}, which must be {@link #lastIndex()} + 1; durable after {@link #force}. */
    public void appendAt(long index, Entry entry) {
        Objects.requireNonNull(entry, "entry");
        if (index != lastIndex() + 1) {
            throw new IllegalArgumentException("an entry goes at index " + (lastIndex() + 1) + ", right after the "
                    + "last one, not at " + index + " (truncateAfter first to replace entries)");
        }
        byte[] encoded = codec.encodeRecord(entry);
        if (Long.BYTES + encoded.length > WAL.maxEntryBytes()) {
            throw new IllegalArgumentException("an entry of " + encoded.length + " bytes is larger than the log takes ("
                    + (WAL.maxEntryBytes() - Long.BYTES) + "): refuse such a command before proposing it");
        }
        waiting.add(encoded); // written to the write-ahead log by the next force, with the mark of that moment
        entries.add(entry);
    }

    /** Makes every appended entry durable. */
    public void force() {
        writeWaiting(highWaterMark);
        wal.force();
        unforced = false;
    }

    /**
     * Makes every appended entry durable and raises the High-Water Mark to {@code index} (a lower one
     * changes nothing), with one force: the mark rides in the records of the entries (a follower's append),
     * or, with no entry waiting, in the mark's own file. {@code index} may be up to the last entry appended,
     * forced or not: both become durable together.
     */
    public void forceWithHighWaterMark(long index) {
        if (index > lastIndex()) {
            throw new IllegalStateException("the high-water mark cannot pass the log's last entry " + lastIndex()
                    + " (asked for " + index + ")");
        }
        if (waiting.isEmpty()) { // a heartbeat, or entries it held already: nothing to carry the mark
            if (unforced) {
                force();
            }
            raiseHighWaterMark(index); // no force at all if the mark does not move
            return;
        }
        long mark = Math.max(highWaterMark, index);
        writeWaiting(mark);
        force();
        highWaterMark = mark;
    }

    /**
     * Writes the entries waiting in memory to the write-ahead log, each record the mark (never above its own
     * index: a record that survives a crash has every entry before it) and then the entry.
     */
    private void writeWaiting(long mark) {
        for (byte[] entry : waiting) {
            long index = ++written;
            wal.appendAt(index, ByteBuffer.allocate(Long.BYTES + entry.length)
                    .putLong(Math.min(mark, index)).put(entry).array());
            unforced = true;
        }
        waiting.clear();
    }

    /**
     * Removes every entry after {@code index}, durably. Never below the High-Water Mark: a committed
     * entry is never cut.
     */
    public void truncateAfter(long index) {
        if (index < highWaterMark) {
            throw new IllegalStateException("truncating after " + index + " would cut committed entries (the "
                    + "high-water mark is " + highWaterMark + "): only an uncommitted suffix may conflict");
        }
        if (index >= lastIndex()) {
            return;
        }
        if (index < written) {
            if (markInFile < highWaterMark) {
                saveMarkInFile(highWaterMark); // the records cut may be the ones that carry it
            }
            wal.truncateAfter(index);
            written = index;
            waiting.clear();
        } else {
            waiting.subList((int) (index - written), waiting.size()).clear();
        }
        entries.subList((int) (index - snapshotIndex()), entries.size()).clear();
    }

    /** The index up to which this replica knows the entries are committed. */
    public long highWaterMark() {
        return highWaterMark;
    }

    /**
     * Raises the High-Water Mark to {@code index}, durably; a lower {@code index} changes nothing. The
     * entries up to it must be forced already.
     */
    public void raiseHighWaterMark(long index) {
        if (index <= highWaterMark) {
            return;
        }
        if (index > written) {
            throw new IllegalStateException("the high-water mark cannot pass the log's last forced entry " + written
                    + " (asked for " + index + "): force the entries first, or use forceWithHighWaterMark");
        }
        saveMarkInFile(index);
        highWaterMark = index;
    }

    private void saveMarkInFile(long index) {
        byte[] record = MARK.encode(new HighWaterMark(index));
        if (markFile.size() + Integer.BYTES + record.length > MARK_FILE_LIMIT) {
            markFile.close();
            disk.replace(MARK_FILE, frame(record)); // atomic and durable: the old records or this one
            markFile = disk.open(MARK_FILE);
        } else {
            markFile.append(ByteBuffer.wrap(frame(record)));
            markFile.force();
        }
        markInFile = index;
    }

    private static byte[] frame(byte[] record) {
        return ByteBuffer.allocate(Integer.BYTES + record.length).putInt(record.length).put(record).array();
    }

    /**
     * The last record of the mark's file that checks out (0 if none), and the file cut after it: what
     * follows was torn by a crash before its force returned, so no one was told of it.
     */
    private long loadHighWaterMark() {
        markFile = disk.open(MARK_FILE);
        long size = markFile.size();
        if (size > Integer.MAX_VALUE) {
            throw new CorruptStateException(MARK_FILE, size + " bytes, far more than the mark's file ever holds");
        }
        ByteBuffer bytes = ByteBuffer.allocate((int) size);
        markFile.read(0, bytes);
        bytes.flip();
        long mark = 0;
        int valid = 0;
        while (bytes.remaining() >= Integer.BYTES) {
            int length = bytes.getInt();
            if (length <= 0 || length > bytes.remaining()) {
                break;
            }
            byte[] record = new byte[length];
            bytes.get(record);
            try {
                mark = Math.max(mark, MARK.decode(record, MARK_FILE).index());
            } catch (CorruptStateException torn) {
                break;
            }
            valid = bytes.position();
        }
        if (valid < size) {
            markFile.truncate(valid);
        }
        return mark;
    }

    /**
     * Saves {@code state}, the state machine after it applied the entries up to {@code index}, as the
     * snapshot, durably; then lets the log go below it (01's Low-Water Mark: whole segments go). Only a
     * committed index can be snapshotted: its entries will never change.
     */
    public void saveSnapshot(long index, Snapshot.State state) {
        if (index <= snapshotIndex()) {
            return;
        }
        if (index > highWaterMark) {
            throw new IllegalStateException("cannot snapshot up to " + index + ": only entries up to the high-water "
                    + "mark " + highWaterMark + " are committed, and an uncommitted one may still be replaced");
        }
        Snapshot taken = new Snapshot(index, generationAt(index), state);
        snapshots.save(disk, SNAPSHOT_FILE, taken); // durable first: the entries it replaces go only after
        entries.subList(0, (int) (index - snapshotIndex())).clear();
        snapshot = taken;
        wal.removeBefore(index + 1);
    }

    /**
     * Takes the leader's {@code leaders} snapshot, durably: it becomes this log's snapshot and its index
     * the High-Water Mark. Entries that follow on from it (the log holds its last entry, of its generation)
     * are kept; otherwise the log starts again after it.
     */
    public void installSnapshot(Snapshot leaders) {
        Objects.requireNonNull(leaders, "leaders");
        if (leaders.index() <= snapshotIndex()) {
            return;
        }
        boolean followsOn = leaders.index() <= lastIndex() && generationAt(leaders.index()) == leaders.generation();
        writeWaiting(highWaterMark); // the write-ahead log holds what memory holds, before it is cut
        snapshots.save(disk, SNAPSHOT_FILE, leaders);
        if (followsOn) {
            entries.subList(0, (int) (leaders.index() - snapshotIndex())).clear();
            snapshot = leaders;
            wal.removeBefore(leaders.index() + 1);
        } else {
            entries.clear();
            snapshot = leaders;
            wal.startAfter(leaders.index());
            written = leaders.index();
        }
        raiseHighWaterMark(leaders.index());
    }

    @Override
    public void close() {
        wal.close();
        markFile.close();
    }
}
