package dev.kata.runtime.disk;

import java.util.List;

/**
 * A node's durable storage: a flat directory of named, append-only files.
 *
 * <p>Two implementations share this contract: {@link FileDisk} over real files ({@code FileChannel}
 * and {@code force}), and {@link SimulatedDisk}, which remembers which bytes were forced so that a
 * simulated crash can lose exactly the bytes a real crash could lose.
 *
 * <p>The durability contract, which every user of a disk relies on:
 * <ul>
 *   <li>bytes appended to a file are durable only once {@link DiskFile#force()} returns;</li>
 *   <li>a crash keeps every forced byte, may keep any prefix of the unforced bytes that follow
 *       (a <em>torn</em> write), and never keeps an unforced byte without the ones before it;</li>
 *   <li>creating, truncating, deleting and {@link #replace replacing} a file are durable when the
 *       call returns.</li>
 * </ul>
 *
 * <p>Errors of the underlying storage surface as {@link java.io.UncheckedIOException}: node code
 * cannot recover from them and should not have to declare them.
 */
public interface Disk {

    /** Opens the named file for reading and appending, creating it (empty) if it does not exist. */
    DiskFile open(String name);

    /** Whether a file of this name exists. */
    boolean exists(String name);

    /** The names of all files, sorted. */
    List<String> list();

    /** Deletes the named file, if it exists. Open handles to it must not be used afterwards. */
    void delete(String name);

    /**
     * Replaces the whole content of the named file atomically: after a crash the file holds either
     * its old content or {@code content}, never a mix. Use it for small metadata (a snapshot, a
     * persisted vote), not for logs.
     */
    void replace(String name, byte[] content);

    /** Reads the whole named file. */
    default byte[] readAll(String name) {
        try (DiskFile file = open(name)) {
            long size = file.size();
            if (size > Integer.MAX_VALUE) {
                throw new IllegalStateException(name + " is too large to read whole: " + size + " bytes");
            }
            byte[] bytes = new byte[(int) size];
            file.read(0, java.nio.ByteBuffer.wrap(bytes));
            return bytes;
        }
    }

    /** Checks that a file name is a plain name: no directories, nothing a file system treats specially. */
    static String checkName(String name) {
        if (name == null || name.isEmpty() || name.length() > 255
                || !name.matches("[A-Za-z0-9._-]+") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("not a valid disk file name: '" + name
                    + "' (use letters, digits, '.', '_' and '-')");
        }
        return name;
    }
}
