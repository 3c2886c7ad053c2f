// Generated from solutions/01-wal/src/main/java/dev/kata/wal/Segment.java by ./kata sync: maintainers edit there.
// Yours to write: replace each TODO stub (01-wal/README.md says how).
// kata:fingerprint e7d51fabea97
package dev.kata.wal;

import dev.kata.runtime.disk.Disk;
import dev.kata.runtime.disk.DiskFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One file of the log (the Segmented Log pattern): a header, then records for the entries
 * {@code baseIndex}, {@code baseIndex + 1}, ... The file is named after its first index, zero-padded
 * so that names sort in log order: {@code 00000000000000000001.log}.
 *
 * <p>It keeps the position of each of its records in memory, so a read is one disk read.
 */
final class Segment implements AutoCloseable {

    /** Every segment starts with these bytes: what makes a file recognisably a log segment. */
    static final byte[] MAGIC = "KATAWAL1".getBytes(StandardCharsets.US_ASCII);
    static final int HEADER_BYTES = MAGIC.length;
    static final String SUFFIX = ".log";

    private final DiskFile file;
    private final long baseIndex;
    private final int maxEntryBytes;
    private long[] positions = new long[64];
    private int count;

    private Segment(DiskFile file, long baseIndex, int maxEntryBytes) {
        this.file = file;
        this.baseIndex = baseIndex;
        this.maxEntryBytes = maxEntryBytes;
    }

    static String fileName(long baseIndex) {
        return String.format("%020d%s", baseIndex, SUFFIX);
    }

    /** The first index of the segment file {@code name}, or -1 if the name is not a segment's. */
    static long baseIndexOf(String name) {
        if (!name.matches("\\d{20}\\" + SUFFIX)) {
            return -1;
        }
        return Long.parseLong(name.substring(0, 20));
    }

    /** Creates an empty segment whose first entry will be {@code baseIndex}; its header is durable on return. */
    static Segment create(Disk disk, long baseIndex, WalConfig config) {
        String name = fileName(baseIndex);
        if (disk.exists(name)) {
            throw new IllegalStateException("segment " + name + " already exists");
        }
        DiskFile file = disk.open(name);
        file.append(ByteBuffer.wrap(MAGIC));
        file.force();
        return new Segment(file, baseIndex, config.maxEntryBytes());
    }

    /**
     * Opens an existing segment and finds its records. Only the last segment of a log may end in a
     * torn write: older segments were forced whole before the log moved on, so any damage in them
     * is corruption.
     */
    static Segment open(Disk disk, String name, boolean last, WalConfig config) {
        Segment segment = new Segment(disk.open(name), baseIndexOf(name), config.maxEntryBytes());
        segment.recover(last);
        return segment;
    }

    /**
     * Scans the records, remembering where each starts. A damaged tail of the last segment is cut
     * away; damage anywhere else is a {@link CorruptLogException} naming the file and offset.
     */
    private void recover(boolean last) {
        // TODO step-4: Scan the segment: keep intact records, cut a torn tail, refuse corruption
        throw new UnsupportedOperationException("TODO step-4 (01-wal): scan the segment: keep intact records, cut a torn tail, refuse corruption; see 01-wal/README.md#step-4");
    }

    /** Whether any intact record with a later index starts after {@code damagedAt}. */
    private boolean intactRecordAfter(ByteBuffer buffer, int damagedAt) {
        for (int p = damagedAt + 1; p + EntryFormat.HEADER_BYTES <= buffer.limit(); p++) {
            if (EntryFormat.decode(buffer.position(p), maxEntryBytes) instanceof DecodeResult.Entry e
                    && e.entry().index() >= nextIndex()) {
                return true;
            }
        }
        return false;
    }

    /** Appends the entry's record, unforced; returns the bytes written. */
    int append(LogEntry entry) {
        // TODO step-2: Append the entry's record and remember where it starts
        throw new UnsupportedOperationException("TODO step-2 (01-wal): append the entry's record and remember where it starts; see 01-wal/README.md#step-2");
    }

    /** Reads the entry at {@code index}, which must be in this segment. */
    LogEntry read(long index) {
        // TODO step-2: Read the record of an index back from the file
        throw new UnsupportedOperationException("TODO step-2 (01-wal): read the record of an index back from the file; see 01-wal/README.md#step-2");
    }

    /**
     * Removes the entries after {@code index}, which is at least {@code baseIndex - 1}, durably:
     * the file ends where the record of {@code index + 1} began.
     */
    void truncateAfter(long index) {
        // TODO step-8: Cut the file where the record after the index begins
        throw new UnsupportedOperationException("TODO step-8 (01-wal): cut the file where the record after the index begins; see 01-wal/README.md#step-8");
    }

    private void addPosition(long position) {
        if (count == positions.length) {
            positions = Arrays.copyOf(positions, count * 2);
        }
        positions[count++] = position;
    }

    long baseIndex() {
        return baseIndex;
    }

    /** The index the next appended entry will have. */
    long nextIndex() {
        return baseIndex + count;
    }

    int entryCount() {
        return count;
    }

    long sizeBytes() {
        return file.size();
    }

    String name() {
        return file.name();
    }

    void force() {
        file.force();
    }

    @Override
    public void close() {
        file.close();
    }
}
