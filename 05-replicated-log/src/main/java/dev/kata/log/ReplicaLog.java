// Generated from solutions/05-replicated-log/src/main/java/dev/kata/log/ReplicaLog.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint b055d8530f6f
package dev.kata.log;

import dev.kata.runtime.disk.CorruptStateException;
import dev.kata.runtime.disk.Disk;
import dev.kata.runtime.disk.DiskFile;
import dev.kata.runtime.disk.SavedState;
import dev.kata.runtime.disk.ScopedDisk;
import dev.kata.runtime.wire.RecordCodec;
import dev.kata.wal.LogEntry;
import dev.kata.wal.WriteAheadLog;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One replica's copy of the log: 01's {@link WriteAheadLog} holds the entries (each an {@link Entry}
 * encoded with the log's codec), and a file of its own holds the High-Water Mark, the index up to
 * which the replica knows the entries are committed. Given code.
 *
 * <p>The mark moves with every commit, so it is saved the cheap way: each raise appends a small record
 * (its length, then the runtime's {@link SavedState} encoding: a CRC and the index) to the file and
 * forces it, one {@code fdatasync}. Replacing a file whole (write a copy, force it, rename it, force the
 * directory) costs three to five times that on ext4, and sat twice on the path of every write, at the
 * follower and at the leader (docs/benchmarks.md). A crash may tear the last record, which was never
 * forced and so never used: {@link #open} keeps the records up to the first that does not check out,
 * and cuts the rest. The file is rewritten whole (atomically) when it grows past {@link #MARK_FILE_LIMIT}.
 *
 * <p>Durability: {@link #append} and {@link #appendAt} are durable only after {@link #force};
 * {@link #truncateAfter} and {@link #raiseHighWaterMark} are durable when they return. The High-Water
 * Mark never goes down, across restarts too, and never above what the log holds durably; nothing at or
 * below it is ever truncated. Single-threaded, like the node that owns it.
 */
public final class ReplicaLog implements AutoCloseable {

    /** The High-Water Mark as it is saved (a record behind a CRC, replaced whole). */
    record HighWaterMark(long index) {
    }

    private static final SavedState<HighWaterMark> MARK = SavedState.of("log.HighWaterMark", HighWaterMark.class);
    private static final String MARK_FILE = "high-water-mark";
    /** Past this many bytes of records, the mark's file is rewritten with the latest record alone. */
    static final int MARK_FILE_LIMIT = 64 << 10;

    private final Disk disk;
    private final WriteAheadLog wal;
    private final RecordCodec codec;
    /** The entries, decoded: entries.get(i - 1) is the entry at index i. */
    private final List<Entry> entries = new ArrayList<>();
    private long highWaterMark;
    private DiskFile markFile;

    private ReplicaLog(Disk disk, WriteAheadLog wal, RecordCodec codec) {
        this.disk = disk;
        this.wal = wal;
        this.codec = codec;
    }

    /** Opens the log on {@code disk} (a part of the node's disk of its own), recovering what it held. */
    public static ReplicaLog open(Disk disk, RecordCodec codec) {
        Objects.requireNonNull(disk, "disk");
        Objects.requireNonNull(codec, "codec");
        ReplicaLog log = new ReplicaLog(disk, WriteAheadLog.open(new ScopedDisk(disk, "wal.")), codec);
        for (LogEntry entry : log.wal.readFrom(log.wal.firstIndex())) {
            log.entries.add(codec.decodeRecord(entry.payload(), Entry.class));
        }
        log.highWaterMark = log.loadHighWaterMark();
        if (log.highWaterMark > log.lastIndex()) {
            throw new CorruptStateException(MARK_FILE, "the high-water mark " + log.highWaterMark
                    + " is above the log's last entry " + log.lastIndex() + ": committed entries are missing");
        }
        return log;
    }

    /** The index of the last entry; 0 if the log is empty. */
    public long lastIndex() {
        return entries.size();
    }

    /** The entry at {@code index}, between 1 and {@link #lastIndex()}. */
    public Entry entry(long index) {
        if (index < 1 || index > lastIndex()) {
            throw new IndexOutOfBoundsException("no entry " + index + ": the log holds 1 to " + lastIndex());
        }
        return entries.get((int) (index - 1));
    }

    /** The generation of the entry at {@code index}; 0 for index 0 (before the first entry). */
    public long generationAt(long index) {
        return index == 0 ? 0 : entry(index).generation();
    }

    /** Whether the log holds an entry at {@code index} of {@code generation} (index 0: always). */
    public boolean holds(long index, long generation) {
        return index == 0 || (index <= lastIndex() && generationAt(index) == generation);
    }

    /** Up to {@code max} entries from {@code fromIndex} on; empty from {@link #lastIndex()} + 1. */
    public List<Entry> entriesFrom(long fromIndex, int max) {
        if (fromIndex < 1) {
            throw new IndexOutOfBoundsException("entries start at index 1, not " + fromIndex);
        }
        if (fromIndex > lastIndex()) {
            return List.of();
        }
        int from = (int) (fromIndex - 1);
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
        wal.appendAt(index, codec.encodeRecord(entry));
        entries.add(entry);
    }

    /** Makes every appended entry durable. */
    public void force() {
        wal.force();
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
        wal.truncateAfter(index);
        entries.subList((int) index, entries.size()).clear();
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
        if (index > lastIndex()) {
            throw new IllegalStateException("the high-water mark cannot pass the log's last entry " + lastIndex()
                    + " (asked for " + index + ")");
        }
        byte[] record = MARK.encode(new HighWaterMark(index));
        if (markFile.size() + Integer.BYTES + record.length > MARK_FILE_LIMIT) {
            markFile.close();
            disk.replace(MARK_FILE, frame(record)); // atomic and durable: the old records or this one
            markFile = disk.open(MARK_FILE);
        } else {
            markFile.append(ByteBuffer.wrap(frame(record)));
            markFile.force();
        }
        highWaterMark = index;
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

    @Override
    public void close() {
        wal.close();
        markFile.close();
    }
}
