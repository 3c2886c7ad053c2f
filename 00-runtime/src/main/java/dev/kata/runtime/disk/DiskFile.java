package dev.kata.runtime.disk;

import java.nio.ByteBuffer;

/** An open, append-only file of a {@link Disk}. Closing it releases the handle; the file stays. */
public interface DiskFile extends AutoCloseable {

    /** The file's name on its disk. */
    String name();

    /** The file's current size in bytes, including bytes appended but not yet forced. */
    long size();

    /**
     * Appends all remaining bytes of {@code data} at the end of the file.
     *
     * @return the position at which the first byte was written
     */
    long append(ByteBuffer data);

    /**
     * Reads bytes starting at {@code position} into {@code destination} until it is full or the
     * file ends.
     *
     * @return the number of bytes read; 0 at or past the end of the file
     */
    int read(long position, ByteBuffer destination);

    /** Makes every byte appended so far durable. */
    void force();

    /** Cuts the file to {@code size} bytes, durably. Truncating past the end is an error. */
    void truncate(long size);

    @Override
    void close();
}
