package dev.kata.wal;

import dev.kata.runtime.disk.Disk;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A write-ahead log: entries appended in order, numbered 1, 2, 3, ..., kept in segment files on a
 * {@link Disk}, and durable once {@link #force() forced}.
 *
 * <p>The patterns: <b>Write-Ahead Log</b> (a change is recorded durably before it is applied, so a
 * crash can be recovered by replaying the log), <b>Segmented Log</b> (the log is a series of files,
 * so old entries can be dropped by deleting whole files) and <b>Low-Water Mark</b> (the index below
 * which entries are no longer needed, because a snapshot holds their effect). For a replicated log,
 * a follower appends at its leader's indexes ({@link #appendAt}) and drops a conflicting suffix
 * ({@link #truncateAfter}).
 *
 * <p>Single-threaded: one owner calls it (a node's event loop, or the {@link GroupCommitLog}
 * writer thread).
 */
public final class WriteAheadLog implements AutoCloseable {

    private final Disk disk;
    private final WalConfig config;
    /** The segments by first index; the last one is the active segment that appends go to. */
    private final NavigableMap<Long, Segment> segments = new TreeMap<>();

    private WriteAheadLog(Disk disk, WalConfig config) {
        this.disk = disk;
        this.config = config;
    }

    /** Opens the log on {@code disk}, recovering it after a crash; creates it if the disk has none. */
    public static WriteAheadLog open(Disk disk, WalConfig config) {
        Objects.requireNonNull(disk, "disk");
        Objects.requireNonNull(config, "config");
        WriteAheadLog log = new WriteAheadLog(disk, config);
        List<String> names = disk.list().stream().filter(n -> Segment.baseIndexOf(n) > 0).toList();
        for (int i = 0; i < names.size(); i++) {
            Segment segment = Segment.open(disk, names.get(i), i == names.size() - 1, config);
            Map.Entry<Long, Segment> previous = log.segments.lastEntry();
            if (previous != null && previous.getValue().nextIndex() != segment.baseIndex()) {
                throw new CorruptLogException("segment " + segment.name() + " starts at index " + segment.baseIndex()
                        + " but the segment before it, " + previous.getValue().name() + ", ends at index "
                        + (previous.getValue().nextIndex() - 1) + ": entries are missing");
            }
            log.segments.put(segment.baseIndex(), segment);
        }
        if (log.segments.isEmpty()) {
            log.segments.put(1L, Segment.create(disk, 1, config));
        }
        return log;
    }

    public static WriteAheadLog open(Disk disk) {
        return open(disk, WalConfig.DEFAULT);
    }

    /**
     * Appends an entry and returns its index. It is not durable until {@link #force()} returns:
     * callers must not acknowledge anything before that.
     */
    public long append(byte[] payload) {
        Objects.requireNonNull(payload, "payload");
        if (payload.length > config.maxEntryBytes()) {
            throw new IllegalArgumentException("an entry of " + payload.length + " bytes is larger than maxEntryBytes "
                    + config.maxEntryBytes());
        }
        LogEntry entry = new LogEntry(lastIndex() + 1, payload);
        if (activeSegmentIsFull(EntryFormat.HEADER_BYTES + payload.length)) {
            roll();
        }
        active().append(entry);
        return entry.index();
    }

    /**
     * Appends an entry that must get {@code index}: the form of {@link #append} for a follower of a
     * replicated log, which copies its leader's entries at the leader's indexes. The index must
     * follow on from {@link #lastIndex()}; to replace entries, {@link #truncateAfter} first. Not
     * durable until {@link #force()} returns.
     */
    public void appendAt(long index, byte[] payload) {
        long next = lastIndex() + 1;
        if (index != next) {
            throw new IllegalArgumentException("cannot append index " + index + ": the log ends at index " + lastIndex()
                    + ", so the next entry must be index " + next + (index < next
                            ? "; to replace entries from " + index + " on, call truncateAfter(" + (index - 1) + ") first"
                            : "; a log has no gaps, so entries " + next + " to " + (index - 1) + " must come first"));
        }
        append(payload);
    }

    /** Makes every appended entry durable. */
    public void force() {
        // kata:begin step-3 "Make the appended entries durable"
        // Older segments were forced when the log rolled past them: only the active one can hold
        // unforced bytes.
        active().force();
        // kata:end
    }

    /** Whether a record of {@code recordBytes} no longer fits in the active segment. */
    private boolean activeSegmentIsFull(int recordBytes) {
        // kata:begin step-5 "Decide when the active segment is full" default: return false;
        Segment active = active();
        // A segment always takes at least one entry, so an entry as large as allowed still fits.
        return active.entryCount() > 0 && active.sizeBytes() + recordBytes > config.maxSegmentBytes();
        // kata:end
    }

    /** Closes the active segment and starts a new one at the next index. */
    private void roll() {
        // kata:begin step-5 "Roll over to a new segment"
        Segment full = active();
        // Force before moving on: recovery treats damage in any segment but the last as corruption,
        // so every older segment must be wholly durable.
        full.force();
        Segment next = Segment.create(disk, full.nextIndex(), config);
        segments.put(next.baseIndex(), next);
        // kata:end
    }

    /** The entry at {@code index}; it must be between {@link #firstIndex()} and {@link #lastIndex()}. */
    public LogEntry read(long index) {
        checkReadable(index);
        return segments.floorEntry(index).getValue().read(index);
    }

    /**
     * Up to {@code maxEntries} entries from {@code fromIndex} on, in order (a range, such as a
     * leader sends a follower); empty at {@code lastIndex() + 1}.
     */
    public List<LogEntry> readFrom(long fromIndex, int maxEntries) {
        if (maxEntries < 0) {
            throw new IllegalArgumentException("maxEntries must not be negative: " + maxEntries);
        }
        if (fromIndex == lastIndex() + 1) {
            return List.of();
        }
        checkReadable(fromIndex);
        List<LogEntry> entries = new ArrayList<>();
        for (long i = fromIndex; i <= lastIndex() && entries.size() < maxEntries; i++) {
            entries.add(read(i));
        }
        return entries;
    }

    /** Every entry from {@code fromIndex} on. */
    public List<LogEntry> readFrom(long fromIndex) {
        return readFrom(fromIndex, Integer.MAX_VALUE);
    }

    private void checkReadable(long index) {
        if (index < firstIndex()) {
            throw new IllegalArgumentException("index " + index + " is below the low-water mark: the log starts at "
                    + firstIndex() + " (older entries were removed after a snapshot)");
        }
        if (index > lastIndex()) {
            throw new IllegalArgumentException("index " + index + " is past the end of the log (last index "
                    + lastIndex() + ")");
        }
    }

    /**
     * Removes the segments whose entries are all below {@code index} (the Low-Water Mark): call it
     * once a snapshot holds the effect of those entries. The active segment is never removed, so
     * afterwards {@link #firstIndex()} is at most {@code index}, possibly lower.
     */
    public void removeBefore(long index) {
        // kata:begin step-6 "Delete the segments wholly below the low-water mark"
        while (segments.size() > 1) {
            Map.Entry<Long, Segment> oldest = segments.firstEntry();
            long nextBase = segments.higherKey(oldest.getKey());
            if (nextBase > index) {
                break; // the oldest segment still holds an entry at or above the mark
            }
            // Delete oldest first: a crash in between leaves a log that starts later, never a gap.
            segments.remove(oldest.getKey());
            oldest.getValue().close();
            disk.delete(oldest.getValue().name());
        }
        // kata:end
    }

    /**
     * Removes every entry after {@code index}, durably: when it returns, no crash can bring any of
     * them back, and the next append is {@code index + 1}. A follower of a replicated log calls it
     * to drop a suffix that conflicts with its leader's log. Such a suffix was never committed; the
     * caller must never cut a committed entry. {@code truncateAfter(lastIndex())} changes nothing.
     *
     * <p>A crash in the middle leaves the old log cut somewhere between its old end and
     * {@code index}: never a gap, and never a record that recovery would take for an entry.
     */
    public void truncateAfter(long index) {
        if (index < firstIndex() - 1) {
            throw new IllegalArgumentException("cannot truncate after index " + index + ": the log starts at "
                    + firstIndex() + " (the entries below it were removed after a snapshot, so they were committed,"
                    + " and a committed entry is never dropped)");
        }
        if (index > lastIndex()) {
            throw new IllegalArgumentException("cannot truncate after index " + index
                    + ": it is past the end of the log (last index " + lastIndex() + ")");
        }
        // kata:begin step-8 "Drop the entries after an index: whole segments newest first, then cut the one that holds it"
        // Newest first, and the cut last: a crash in between leaves the old log cut shorter. Cutting
        // the segment that holds index first would leave a gap before the later segments, and
        // recovery would refuse the log.
        while (segments.size() > 1 && active().baseIndex() > index) {
            Segment newest = segments.pollLastEntry().getValue();
            newest.close();
            disk.delete(newest.name());
        }
        active().truncateAfter(index);
        // kata:end
    }

    /**
     * Drops every entry and starts the log again after {@code index}: the next append is
     * {@code index + 1}. For a follower of a replicated log that installed a snapshot up to {@code index}
     * and holds nothing that follows on from it. Call it only once the snapshot is durable: a crash in
     * the middle leaves an empty log that starts at 1 (the old segments are deleted first, so it never
     * leaves a gap), which the caller starts after the snapshot again.
     */
    public void startAfter(long index) {
        if (index < 0) {
            throw new IllegalArgumentException("cannot start the log after index " + index + ": indexes start at 1");
        }
        for (Segment segment : segments.values()) {
            segment.close();
            disk.delete(segment.name());
        }
        segments.clear();
        segments.put(index + 1, Segment.create(disk, index + 1, config));
    }

    /** The lowest index still in the log; {@link #lastIndex()} + 1 when it is empty. */
    public long firstIndex() {
        return segments.firstKey();
    }

    /** The index of the last entry appended; 0 if none ever was. */
    public long lastIndex() {
        return active().nextIndex() - 1;
    }

    /** How many segment files the log has now. */
    public int segmentCount() {
        return segments.size();
    }

    private Segment active() {
        return segments.lastEntry().getValue();
    }

    @Override
    public void close() {
        segments.values().forEach(Segment::close);
    }
}
