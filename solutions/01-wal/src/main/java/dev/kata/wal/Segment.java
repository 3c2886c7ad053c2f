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
        // kata:begin step-4 "Scan the segment: keep intact records, cut a torn tail, refuse corruption"
        long size = file.size();
        byte[] bytes = new byte[Math.toIntExact(size)];
        file.read(0, ByteBuffer.wrap(bytes));
        ByteBuffer buffer = ByteBuffer.wrap(bytes);

        if (size < HEADER_BYTES || !Arrays.equals(bytes, 0, HEADER_BYTES, MAGIC, 0, HEADER_BYTES)) {
            boolean tornHeader = last && size < HEADER_BYTES && Arrays.equals(bytes, 0, (int) size, MAGIC, 0, (int) size);
            if (!tornHeader) {
                throw new CorruptLogException("segment " + file.name() + " is not a write-ahead log segment: "
                        + "it does not start with " + new String(MAGIC, StandardCharsets.US_ASCII));
            }
            // A crash cut the header of a brand-new segment: it holds no entry yet, so rewrite it.
            file.truncate(0);
            file.append(ByteBuffer.wrap(MAGIC));
            file.force();
            return;
        }

        int position = HEADER_BYTES;
        while (position < size) {
            DecodeResult result = EntryFormat.decode(buffer.position(position), maxEntryBytes);
            if (result instanceof DecodeResult.Entry e && e.entry().index() == nextIndex()) {
                addPosition(position);
                position += e.recordBytes();
                continue;
            }
            String problem = result instanceof DecodeResult.Entry e
                    ? "index " + e.entry().index() + " where " + nextIndex() + " was expected"
                    : result instanceof DecodeResult.Invalid i ? i.reason() : "a record cut short";
            // A torn write can only be the tail: if an intact record follows the damage, the damage
            // is in the middle of the log, and the entries after it were acknowledged as durable.
            if (!last || intactRecordAfter(buffer, position)) {
                throw new CorruptLogException("segment " + file.name() + " offset " + position + ": " + problem
                        + "; entries from index " + nextIndex() + " on cannot be trusted");
            }
            file.truncate(position);
            return;
        }
        // kata:end
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
        // kata:begin step-2 "Append the entry's record and remember where it starts"
        if (entry.index() != nextIndex()) {
            throw new IllegalArgumentException("segment " + file.name() + " expects index " + nextIndex()
                    + ", not " + entry.index());
        }
        ByteBuffer record = EntryFormat.encode(entry);
        int bytes = record.remaining();
        long position = file.append(record);
        addPosition(position);
        return bytes;
        // kata:end
    }

    /** Reads the entry at {@code index}, which must be in this segment. */
    LogEntry read(long index) {
        // kata:begin step-2 "Read the record of an index back from the file"
        if (index < baseIndex || index >= nextIndex()) {
            throw new IllegalArgumentException("index " + index + " is not in segment " + file.name());
        }
        long position = positions[(int) (index - baseIndex)];
        ByteBuffer header = ByteBuffer.allocate(EntryFormat.HEADER_BYTES);
        file.read(position, header);
        int length = header.getInt(0);
        ByteBuffer record = ByteBuffer.allocate(EntryFormat.HEADER_BYTES + Math.max(0, Math.min(length, maxEntryBytes)));
        file.read(position, record);
        // Decode again rather than trust the bytes: a record can rot on disk after it was written.
        DecodeResult result = EntryFormat.decode(record.flip(), maxEntryBytes);
        if (result instanceof DecodeResult.Entry e && e.entry().index() == index) {
            return e.entry();
        }
        String problem = result instanceof DecodeResult.Entry e ? "holds index " + e.entry().index()
                : result instanceof DecodeResult.Invalid i ? i.reason() : "cut short";
        throw new CorruptLogException("segment " + file.name() + " offset " + position + ": the record of index "
                + index + " is damaged (" + problem + ")");
        // kata:end
    }

    /**
     * Removes the entries after {@code index}, which is at least {@code baseIndex - 1}, durably:
     * the file ends where the record of {@code index + 1} began.
     */
    void truncateAfter(long index) {
        // kata:begin step-8 "Cut the file where the record after the index begins"
        int keep = Math.toIntExact(index + 1 - baseIndex);
        if (keep >= count) {
            return; // nothing after index in this segment
        }
        // DiskFile.truncate is durable on return: no crash can bring the cut records back.
        file.truncate(positions[keep]);
        count = keep;
        // kata:end
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
