package dev.kata.runtime.disk;

import java.nio.ByteBuffer;

/**
 * An open file of a {@link Disk}: appended to, and overwritten in place where a file of a fixed size
 * must not change its size when it is forced. Closing it releases the handle; the file stays.
 */
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
     * Writes all remaining bytes of {@code data} at {@code position}, over what the file holds there;
     * writing at {@link #size()} appends. Durable only after {@link #force()}: until then a crash may
     * keep the new bytes, lose them (the old ones come back), or tear them. A file overwritten in place
     * and never grown keeps its size, so its force has no size change to commit.
     *
     * @throws IllegalArgumentException if {@code position} is negative or past the end of the file
     */
    void write(long position, ByteBuffer data);

    /**
     * Reads bytes starting at {@code position} into {@code destination} until it is full or the
     * file ends.
     *
     * @return the number of bytes read; 0 at or past the end of the file
     */
    int read(long position, ByteBuffer destination);

    /** Makes every byte appended or written so far durable. */
    void force();

    /** Cuts the file to {@code size} bytes, durably. Truncating past the end is an error. */
    void truncate(long size);

    @Override
    void close();
}
