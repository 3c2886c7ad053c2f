package dev.kata.runtime.net;

import dev.kata.runtime.disk.Disk;
import dev.kata.runtime.disk.DiskFile;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A disk that lives in memory, for these tests only: it survives a node's restart because the test
 * hands the same object to the restarted node, the way a real restart finds the same directory.
 * It models no crash semantics (everything is "forced"); the simulation's disk does that.
 */
final class InMemoryDisk implements Disk {

    private final Map<String, byte[]> files = new TreeMap<>();

    @Override
    public synchronized DiskFile open(String name) {
        files.putIfAbsent(Disk.checkName(name), new byte[0]);
        return new File(name);
    }

    @Override
    public synchronized boolean exists(String name) {
        return files.containsKey(name);
    }

    @Override
    public synchronized List<String> list() {
        return new ArrayList<>(files.keySet());
    }

    @Override
    public synchronized void delete(String name) {
        files.remove(name);
    }

    @Override
    public synchronized void replace(String name, byte[] content) {
        files.put(Disk.checkName(name), content.clone());
    }

    private final class File implements DiskFile {
        private final String name;

        File(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public long size() {
            synchronized (InMemoryDisk.this) {
                return files.get(name).length;
            }
        }

        @Override
        public long append(ByteBuffer data) {
            synchronized (InMemoryDisk.this) {
                byte[] old = files.get(name);
                byte[] longer = Arrays.copyOf(old, old.length + data.remaining());
                data.get(longer, old.length, data.remaining());
                files.put(name, longer);
                return old.length;
            }
        }

        @Override
        public void write(long position, ByteBuffer data) {
            synchronized (InMemoryDisk.this) {
                byte[] old = files.get(name);
                if (position < 0 || position > old.length) {
                    throw new IllegalArgumentException("cannot write " + name + " at " + position
                            + ": it has " + old.length + " bytes");
                }
                byte[] content = Arrays.copyOf(old, (int) Math.max(old.length, position + data.remaining()));
                data.get(content, (int) position, data.remaining());
                files.put(name, content);
            }
        }

        @Override
        public int read(long position, ByteBuffer destination) {
            synchronized (InMemoryDisk.this) {
                byte[] content = files.get(name);
                if (position >= content.length) {
                    return 0;
                }
                int count = (int) Math.min(destination.remaining(), content.length - position);
                destination.put(content, (int) position, count);
                return count;
            }
        }

        @Override
        public void force() {
        }

        @Override
        public void truncate(long size) {
            synchronized (InMemoryDisk.this) {
                byte[] content = files.get(name);
                if (size > content.length) {
                    throw new IllegalArgumentException("cannot truncate " + name + " to " + size
                            + " bytes: it has " + content.length);
                }
                files.put(name, Arrays.copyOf(content, (int) size));
            }
        }

        @Override
        public void close() {
        }
    }
}
