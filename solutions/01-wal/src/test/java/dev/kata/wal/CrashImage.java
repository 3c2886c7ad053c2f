package dev.kata.wal;

import dev.kata.runtime.disk.SimulatedDisk;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a crash would leave of a log at this very moment, read without crashing: the entries whose
 * records lie wholly in the <em>forced</em> bytes of their segment files. A crash keeps at least
 * those and may keep nothing more, so an entry acknowledged as durable must be among them at the
 * moment it is acknowledged (when its force returns, when its group-commit future completes), not
 * only some time later.
 *
 * <p>Checking at that moment catches the mistake that checking after the fact misses: acknowledge
 * first, force a moment later. The test of the mistake passes as soon as the force has run.
 */
final class CrashImage {

    private final Map<Long, byte[]> entries;

    private CrashImage(Map<Long, byte[]> entries) {
        this.entries = entries;
    }

    /** Reads the forced bytes of every segment file on {@code disk}, decoding records until the first that is not intact. */
    static CrashImage of(SimulatedDisk disk, WalConfig config) {
        Map<Long, byte[]> entries = new TreeMap<>();
        for (String name : disk.list()) {
            if (Segment.baseIndexOf(name) < 1) {
                continue;
            }
            long forced = disk.forcedSize(name); // first: forced bytes only grow, so reading after is safe
            byte[] bytes = Arrays.copyOf(disk.readAll(name), (int) forced);
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            int position = Segment.HEADER_BYTES;
            while (position < bytes.length
                    && EntryFormat.decode(buffer.position(position), config.maxEntryBytes()) instanceof DecodeResult.Entry e) {
                entries.put(e.entry().index(), e.entry().payload());
                position += e.recordBytes();
            }
        }
        return new CrashImage(entries);
    }

    /** Whether a crash now would leave an entry {@code index}. */
    boolean contains(long index) {
        return entries.containsKey(index);
    }

    /** The highest index a crash now would leave; 0 if none. */
    long lastIndex() {
        return entries.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    /** Empty if entry {@code index} with {@code payload} would survive a crash now; otherwise what is wrong, in words. */
    Optional<String> problemWith(long index, byte[] payload) {
        byte[] found = entries.get(index);
        if (found == null) {
            return Optional.of("entry " + index + " was acknowledged but is not in the forced bytes of any segment:"
                    + " a crash at this moment would lose it");
        }
        if (!Arrays.equals(found, payload)) {
            return Optional.of("entry " + index + " was acknowledged with payload " + HexFormat.of().formatHex(payload)
                    + " but a crash at this moment would leave " + HexFormat.of().formatHex(found));
        }
        return Optional.empty();
    }
}
