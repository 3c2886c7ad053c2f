// Generated from solutions/01-wal/src/main/java/dev/kata/wal/WalConfig.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint b70ba50a2c40
package dev.kata.wal;

/**
 * How a {@link WriteAheadLog} is laid out on disk.
 *
 * @param maxSegmentBytes the size at which the log starts a new segment file
 * @param maxEntryBytes   the largest payload one entry may carry; also what recovery accepts, so a
 *                        corrupt length field cannot make it allocate gigabytes
 */
public record WalConfig(int maxSegmentBytes, int maxEntryBytes) {

    /** 1 MiB segments, entries up to 64 KiB: small enough that tests roll segments quickly. */
    public static final WalConfig DEFAULT = new WalConfig(1 << 20, 64 << 10);

    public WalConfig {
        if (maxEntryBytes < 0) {
            throw new IllegalArgumentException("maxEntryBytes must not be negative: " + maxEntryBytes);
        }
        long smallestUsefulSegment = (long) Segment.HEADER_BYTES + EntryFormat.HEADER_BYTES + maxEntryBytes;
        if (maxSegmentBytes < smallestUsefulSegment) {
            throw new IllegalArgumentException("maxSegmentBytes " + maxSegmentBytes
                    + " cannot hold even one entry of maxEntryBytes " + maxEntryBytes
                    + "; it must be at least " + smallestUsefulSegment);
        }
    }

    public WalConfig withMaxSegmentBytes(int bytes) {
        return new WalConfig(bytes, maxEntryBytes);
    }
}
