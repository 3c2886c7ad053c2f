package dev.kata.runtime.disk;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * A {@link Disk} in memory that knows, for every file, how many of its bytes were forced, so that a
 * simulated {@link #crash crash} loses exactly what a real one could lose.
 *
 * <p>What a crash does to each file, chosen by the given random source so that a seed replays it:
 * <ul>
 *   <li>every forced byte survives;</li>
 *   <li>of the unforced bytes after them, none, all, or any prefix survives (a torn write);</li>
 *   <li>sometimes the file keeps its new length but the torn part reads as zeros, as when a file
 *       system has updated a file's size but not yet written its data blocks;</li>
 *   <li>each unforced {@link DiskFile#write write} over forced bytes is, on its own, kept, lost (the
 *       forced bytes it covered come back), or torn (a prefix of it kept, the old bytes after it), with
 *       the same byte granularity as a torn append. Writes since the last force that overlap are undone
 *       newest first, so each byte ends with a value it held at the last force or since.</li>
 * </ul>
 * Reads before a crash see every byte written, forced or not, as a page cache shows them.
 * Handles opened before a crash are dead afterwards: using one throws, which catches code that keeps
 * state across a simulated restart.
 *
 * <p>Thread-safe, so that real-thread tests (group commit) can use it too.
 */
public final class SimulatedDisk implements Disk {

    private final Map<String, FileState> files = new TreeMap<>();
    private long incarnation;
    private long forceCount;
    /** Counts every change to what a crash would keep: see {@link #durableChanges()}. */
    private long durableChanges;

    @Override
    public synchronized DiskFile open(String name) {
        if (!files.containsKey(Disk.checkName(name))) {
            files.put(name, new FileState());
            durableChanges++; // creating a file is durable on return
        }
        return new Handle(name, incarnation);
    }

    @Override
    public synchronized boolean exists(String name) {
        return files.containsKey(Disk.checkName(name));
    }

    @Override
    public synchronized List<String> list() {
        return new ArrayList<>(files.keySet());
    }

    @Override
    public synchronized void delete(String name) {
        files.remove(Disk.checkName(name));
        durableChanges++;
    }

    @Override
    public synchronized void replace(String name, byte[] content) {
        FileState file = new FileState();
        file.data = content.clone();
        file.size = content.length;
        file.forced = content.length;
        files.put(Disk.checkName(name), file);
        durableChanges++;
    }

    /**
     * Crashes the machine this disk belongs to: every unforced byte may be lost or torn, as described
     * above, and every open handle dies.
     */
    public synchronized void crash(RandomGenerator random) {
        for (FileState file : files.values()) {
            int unforced = file.size - file.forced;
            if (unforced == 0) {
                continue;
            }
            switch (random.nextInt(4)) {
                case 0 -> file.size = file.forced;                           // lose them all
                case 1 -> { }                                                // the OS wrote them all
                case 2 -> file.size = file.forced + random.nextInt(unforced + 1); // a torn prefix
                default -> {                                                 // right length, torn data
                    int kept = random.nextInt(unforced + 1);
                    Arrays.fill(file.data, file.forced + kept, file.size, (byte) 0);
                }
            }
            file.forced = file.size;
        }
        for (FileState file : files.values()) {
            // Drawn after the appends', and only for files overwritten in place, so that a seed's crash
            // of files only ever appended to stays what it was before overwrites were modelled.
            for (int i = file.overwrites.size() - 1; i >= 0; i--) {
                Overwrite write = file.overwrites.get(i);
                int length = write.old().length;
                switch (random.nextInt(3)) {
                    case 0 -> write.undoFrom(0, file.data);                      // lost: the old bytes
                    case 1 -> { }                                                // kept whole
                    default -> write.undoFrom(length < 2 ? random.nextInt(length + 1) // torn: a prefix kept
                            : 1 + random.nextInt(length - 1), file.data);
                }
            }
            file.overwrites.clear();
        }
        incarnation++;
        durableChanges++;
    }

    /** Crashes losing every unforced byte, and nothing else: the simplest crash to reason about. */
    public synchronized void crashCleanly() {
        for (FileState file : files.values()) {
            file.size = file.forced;
            file.undoOverwrites(file.data);
            file.overwrites.clear();
        }
        incarnation++;
        durableChanges++;
    }

    /** Flips the bits of the byte at {@code offset}: bit rot, or a bug that wrote where it should not. */
    public synchronized void corrupt(String name, long offset) {
        FileState file = existing(name);
        if (offset < 0 || offset >= file.size) {
            throw new IllegalArgumentException("cannot corrupt " + name + " at " + offset
                    + ": it has " + file.size + " bytes");
        }
        file.data[(int) offset] ^= (byte) 0xFF;
        for (Overwrite write : file.overwrites) { // the rot is on the medium, whatever a crash keeps
            if (offset >= write.position() && offset < write.position() + write.old().length) {
                write.old()[(int) offset - write.position()] ^= (byte) 0xFF;
            }
        }
        durableChanges++;
    }

    /** Writes {@code bytes} over the named file from {@code offset}, durably, growing it if needed. */
    public synchronized void overwrite(String name, long offset, byte[] bytes) {
        FileState file = files.computeIfAbsent(Disk.checkName(name), n -> new FileState());
        int end = Math.toIntExact(offset + bytes.length);
        file.ensureCapacity(end);
        System.arraycopy(bytes, 0, file.data, (int) offset, bytes.length);
        file.size = Math.max(file.size, end);
        file.forced = file.size;
        file.overwrites.clear(); // the whole file is forced now
        durableChanges++;
    }

    /** How many bytes of the named file would survive a crash for certain. */
    public synchronized long forcedSize(String name) {
        return existing(name).forced;
    }

    /** How many times any file of this disk was forced: tests hold group commit to it. */
    public synchronized long forceCount() {
        return forceCount;
    }

    /**
     * What a crash right now would leave for certain, without crashing: a new disk with every file and
     * only its forced bytes (what {@link #crashCleanly()} keeps). This disk is not changed; a store
     * opened on the image shows what a restarted node would find.
     */
    public synchronized SimulatedDisk crashImage() {
        SimulatedDisk image = new SimulatedDisk();
        for (Map.Entry<String, FileState> e : files.entrySet()) {
            FileState copy = new FileState();
            copy.data = Arrays.copyOf(e.getValue().data, Math.max(e.getValue().forced, 1));
            e.getValue().undoOverwrites(copy.data); // the forced bytes, not the unforced ones written over them
            copy.size = e.getValue().forced;
            copy.forced = copy.size;
            image.files.put(e.getKey(), copy);
        }
        return image;
    }

    /**
     * A number that changes whenever what a crash would keep may have changed (a force, a create,
     * truncate, delete or replace, an overwrite, a crash): two equal readings mean the same
     * {@link #crashImage()}, so a test may reuse what it read from the image.
     */
    public synchronized long durableChanges() {
        return durableChanges;
    }

    private FileState existing(String name) {
        FileState file = files.get(name);
        if (file == null) {
            throw new IllegalArgumentException("no file named " + name + " on this disk");
        }
        return file;
    }

    /**
     * An unforced write over forced bytes, with the bytes it covered ({@code old}, only its part below
     * the forced size: past it the bytes are the unforced tail, which a crash treats as a whole).
     */
    private record Overwrite(int position, byte[] old) {

        /** Puts the old bytes back from {@code kept} bytes in: the write torn after them (all lost at 0). */
        void undoFrom(int kept, byte[] data) {
            System.arraycopy(old, kept, data, position + kept, old.length - kept);
        }
    }

    private static final class FileState {
        byte[] data = new byte[64];
        int size;
        int forced;
        /** The unforced writes over forced bytes since the last force, oldest first. */
        final List<Overwrite> overwrites = new ArrayList<>();

        /** Puts back into {@code into} the forced bytes that unforced writes covered, newest write first. */
        void undoOverwrites(byte[] into) {
            for (int i = overwrites.size() - 1; i >= 0; i--) {
                overwrites.get(i).undoFrom(0, into);
            }
        }

        void ensureCapacity(int needed) {
            if (needed > data.length) {
                data = Arrays.copyOf(data, Math.max(needed, data.length * 2));
            }
        }
    }

    private final class Handle implements DiskFile {
        private final String name;
        private final long openedIn;
        private boolean closed;

        Handle(String name, long openedIn) {
            this.name = name;
            this.openedIn = openedIn;
        }

        private FileState file() {
            if (closed) {
                throw new IllegalStateException(name + " was closed");
            }
            if (openedIn != incarnation) {
                throw new IllegalStateException(name + " was opened before a crash: reopen it after a restart");
            }
            FileState file = files.get(name);
            if (file == null) {
                throw new IllegalStateException(name + " was deleted");
            }
            return file;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public long size() {
            synchronized (SimulatedDisk.this) {
                return file().size;
            }
        }

        @Override
        public long append(ByteBuffer data) {
            synchronized (SimulatedDisk.this) {
                int position = file().size;
                write(position, data); // at the end: over no forced byte, so nothing for a crash to undo
                return position;
            }
        }

        @Override
        public void write(long position, ByteBuffer data) {
            synchronized (SimulatedDisk.this) {
                FileState file = file();
                if (position < 0 || position > file.size) {
                    throw new IllegalArgumentException("cannot write " + name + " at " + position
                            + ": it has " + file.size + " bytes (write within them, or at the end to append)");
                }
                int at = (int) position;
                int length = data.remaining();
                if ((long) at + length > Integer.MAX_VALUE - 8) {
                    throw new IllegalStateException("a simulated file cannot grow past 2 GiB: " + name);
                }
                int overForced = Math.min(at + length, file.forced) - at;
                if (overForced > 0) {
                    file.overwrites.add(new Overwrite(at, Arrays.copyOfRange(file.data, at, at + overForced)));
                }
                file.ensureCapacity(at + length);
                data.get(file.data, at, length);
                file.size = Math.max(file.size, at + length);
            }
        }

        @Override
        public int read(long position, ByteBuffer destination) {
            synchronized (SimulatedDisk.this) {
                FileState file = file();
                if (position < 0) {
                    throw new IllegalArgumentException("cannot read " + name + " at negative position " + position);
                }
                if (position >= file.size) {
                    return 0;
                }
                int length = (int) Math.min(destination.remaining(), file.size - position);
                destination.put(file.data, (int) position, length);
                return length;
            }
        }

        @Override
        public void force() {
            synchronized (SimulatedDisk.this) {
                FileState file = file();
                if (file.forced != file.size || !file.overwrites.isEmpty()) {
                    durableChanges++;
                }
                file.forced = file.size;
                file.overwrites.clear();
                forceCount++;
            }
        }

        @Override
        public void truncate(long size) {
            synchronized (SimulatedDisk.this) {
                FileState file = file();
                if (size < 0 || size > file.size) {
                    throw new IllegalArgumentException("cannot truncate " + name + " to " + size
                            + " bytes: it has " + file.size);
                }
                file.size = (int) size;
                file.forced = file.size; // as FileDisk: a truncation forces what remains
                file.overwrites.clear();
                durableChanges++;
            }
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
