package dev.kata.runtime.disk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * A {@link Disk} over a directory of real files.
 *
 * <p>{@link DiskFile#force()} is {@link FileChannel#force(boolean) FileChannel.force(false)}: the
 * file's data, and the metadata needed to read it back (its length), reach the device. Creating,
 * deleting and replacing a file also force the directory, because on Linux a new or renamed file
 * is not durable until its directory entry is.
 */
public final class FileDisk implements Disk {

    private static final String TEMP_SUFFIX = ".replacing";
    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase().contains("win");

    private final Path directory;

    public FileDisk(Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create disk directory " + directory, e);
        }
    }

    /** The directory this disk lives in. */
    public Path directory() {
        return directory;
    }

    @Override
    public DiskFile open(String name) {
        Path path = directory.resolve(Disk.checkName(name));
        try {
            boolean created = !Files.exists(path);
            FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            if (created) {
                forceDirectory();
            }
            return new RealFile(name, path, channel);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + path, e);
        }
    }

    @Override
    public boolean exists(String name) {
        return Files.exists(directory.resolve(Disk.checkName(name)));
    }

    @Override
    public List<String> list() {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> !n.endsWith(TEMP_SUFFIX))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    @Override
    public void delete(String name) {
        try {
            if (Files.deleteIfExists(directory.resolve(Disk.checkName(name)))) {
                forceDirectory();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + name + " in " + directory, e);
        }
    }

    @Override
    public void replace(String name, byte[] content) {
        Path target = directory.resolve(Disk.checkName(name));
        Path temp = directory.resolve(name + TEMP_SUFFIX);
        try {
            // Write and force a temporary file, then rename it over the target: rename is atomic,
            // so a crash leaves the old file or the new one, and forcing the directory makes the
            // rename itself durable.
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new UncheckedIOException("the file system of " + directory
                        + " cannot rename atomically, so replace() cannot be crash-safe there", e);
            }
            forceDirectory();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replace " + target, e);
        }
    }

    private void forceDirectory() throws IOException {
        if (WINDOWS) {
            return; // Windows cannot open a directory as a channel; it makes renames durable itself.
        }
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    private static final class RealFile implements DiskFile {
        private final String name;
        private final Path path;
        private final FileChannel channel;

        RealFile(String name, Path path, FileChannel channel) {
            this.name = name;
            this.path = path;
            this.channel = channel;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public long size() {
            try {
                return channel.size();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the size of " + path, e);
            }
        }

        @Override
        public long append(ByteBuffer data) {
            try {
                long position = channel.size();
                writeFully(position, data);
                return position;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append to " + path, e);
            }
        }

        @Override
        public void write(long position, ByteBuffer data) {
            try {
                long size = channel.size();
                if (position < 0 || position > size) {
                    throw new IllegalArgumentException("cannot write " + path + " at " + position
                            + ": it has " + size + " bytes (write within them, or at the end to append)");
                }
                writeFully(position, data);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + path + " at " + position, e);
            }
        }

        private void writeFully(long position, ByteBuffer data) throws IOException {
            long at = position;
            while (data.hasRemaining()) {
                at += channel.write(data, at);
            }
        }

        @Override
        public int read(long position, ByteBuffer destination) {
            try {
                int total = 0;
                while (destination.hasRemaining()) {
                    int n = channel.read(destination, position + total);
                    if (n < 0) {
                        break;
                    }
                    total += n;
                }
                return total;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path + " at " + position, e);
            }
        }

        @Override
        public void force() {
            try {
                channel.force(false);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot force " + path, e);
            }
        }

        @Override
        public void truncate(long size) {
            try {
                long current = channel.size();
                if (size < 0 || size > current) {
                    throw new IllegalArgumentException("cannot truncate " + path + " to " + size
                            + " bytes: it has " + current);
                }
                channel.truncate(size);
                channel.force(true);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot truncate " + path, e);
            }
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close " + path, e);
            }
        }
    }
}
