// Generated from solutions/05-replicated-log/src/main/java/dev/kata/log/ReplicaLog.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint cd4a49e26062
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
import java.util.Arrays;
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
 * heartbeat) writes the mark into a file of its own and forces it, one {@code fdatasync}. Replacing a
 * file whole (write a copy, force it, rename it, force the directory) costs three to five times that on
 * ext4 (docs/benchmarks.md); appending a record per raise would change the file's size at every force,
 * which the file system must commit to its journal too. So the file has a fixed size: two slots, each the
 * runtime's {@link SavedState} encoding of the mark (a CRC and the index, {@link #SLOT} bytes whatever the
 * index), written in turn in place ({@link DiskFile#write}) and forced. It is created whole, both slots
 * holding the starting mark, by an atomic replace, so no later force changes its size. A crash during a
 * write may tear the slot being written, which was never forced and so never used: the other slot holds
 * the previous forced mark, since a raise returns only after its force and the next one writes the other
 * slot. At a start the file's mark is the highest slot that checks out, and the mark is the highest that
 * the file, the snapshot or any record of the log holds. Both slots damaged, or a file of another size,
 * is a {@link CorruptStateException}: a mark taken as 0 could go back.
 *
 * <p>Durability: {@link #append} and {@link #appendAt} are durable only after {@link #force} or
 * {@link #forceWithHighWaterMark}; {@link #truncateAfter}, {@link #raiseHighWaterMark}, {@link #saveSnapshot}
 * and {@link #installSnapshot} are durable when they return. The High-Water Mark never goes down, across restarts too, and never
 * above what the log holds durably; nothing at or below it is ever truncated. Single-threaded, like the
 * node that owns it.
 */
public final class ReplicaLog implements AutoCloseable {

    /** The High-Water Mark as it is saved (a record behind a CRC, in a slot of the mark's file). */
    record HighWaterMark(long index) {
    }

    static final SavedState<HighWaterMark> MARK = SavedState.of("log.HighWaterMark", HighWaterMark.class);
    private static final String MARK_FILE = "high-water-mark";
    /** The bytes of one slot of the mark's file: the codec writes a long in 8 bytes, so every mark takes as many. */
    static final int SLOT = MARK.encode(new HighWaterMark(0)).length;
    /** The size of the mark's file, always: two slots. */
    static final int MARK_FILE_SIZE = 2 * SLOT;
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
    /** The slot of the mark's file that the next save writes: never the one holding {@link #markInFile}. */
    private int nextSlot;
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
        log.markInFile = log.loadHighWaterMark(Math.max(after, markInRecords));
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

    /** Writes {@code index} over the older slot of the mark's file, in place, and forces it: the size never changes. */
    private void saveMarkInFile(long index) {
        byte[] slot = slot(index);
        markFile.write((long) nextSlot * SLOT, ByteBuffer.wrap(slot));
        markFile.force();
        markInFile = index;
        nextSlot = 1 - nextSlot; // the slot just forced holds the highest mark now: the next save keeps it
    }

    private static byte[] slot(long index) {
        byte[] slot = MARK.encode(new HighWaterMark(index));
        if (slot.length != SLOT) {
            throw new IllegalStateException("the mark " + index + " encodes to " + slot.length + " bytes, not the "
                    + SLOT + " of a slot of the mark's file: the codec no longer writes a long in fixed size");
        }
        return slot;
    }

    /**
     * The highest mark of the two slots of the mark's file that check out, creating the file whole with
     * {@code start} in both if there is none. A slot that does not check out was torn by a crash before
     * its force returned, so no one was told of it; the next save writes over it.
     */
    private long loadHighWaterMark(long start) {
        if (!disk.exists(MARK_FILE)) {
            byte[] slot = slot(start);
            // Atomic and durable: a crash leaves no file or the whole one, never a file of another size.
            disk.replace(MARK_FILE, ByteBuffer.allocate(MARK_FILE_SIZE).put(slot).put(slot).array());
        }
        markFile = disk.open(MARK_FILE);
        long size = markFile.size();
        if (size != MARK_FILE_SIZE) {
            throw new CorruptStateException(MARK_FILE, size + " bytes, where the mark's file always has "
                    + MARK_FILE_SIZE + " (two slots of " + SLOT + "): it was cut, or written by something else (a node's"
                    + " directory from before the mark's file had slots: start that node from an empty directory)");
        }
        ByteBuffer bytes = ByteBuffer.allocate(MARK_FILE_SIZE);
        markFile.read(0, bytes);
        long[] marks = new long[2];
        for (int i = 0; i < 2; i++) {
            try {
                marks[i] = MARK.decode(Arrays.copyOfRange(bytes.array(), i * SLOT, (i + 1) * SLOT), MARK_FILE).index();
            } catch (CorruptStateException torn) {
                marks[i] = -1;
            }
        }
        if (marks[0] < 0 && marks[1] < 0) {
            // One torn write damages one slot; two damaged slots is the disk, or something else writing there.
            throw new CorruptStateException(MARK_FILE, "neither of its two slots of " + SLOT + " bytes checks out (each"
                    + " fails its CRC or holds no mark), so the mark it held is unknown and taking 0 could send it back");
        }
        int highest = marks[0] >= marks[1] ? 0 : 1;
        nextSlot = 1 - highest;
        return marks[highest];
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
