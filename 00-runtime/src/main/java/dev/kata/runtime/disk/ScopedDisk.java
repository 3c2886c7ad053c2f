package dev.kata.runtime.disk;

import java.util.List;
import java.util.Objects;

/**
 * A part of a node's {@link Disk}: the files whose names start with a prefix, seen without it. Two
 * stores that would otherwise pick the same file names (two write-ahead logs both start with segment
 * {@code 00000000000000000001.log}) can then share one disk: in module 03, the generation clock keeps
 * its files under {@code election.}, the key-value replica under {@code kv.}.
 */
public final class ScopedDisk implements Disk {

    private final Disk disk;
    private final String prefix;

    public ScopedDisk(Disk disk, String prefix) {
        this.disk = Objects.requireNonNull(disk, "disk");
        this.prefix = Disk.checkName(prefix);
    }

    @Override
    public DiskFile open(String name) {
        DiskFile file = disk.open(prefix + Disk.checkName(name));
        return new ScopedFile(file, name);
    }

    @Override
    public boolean exists(String name) {
        return disk.exists(prefix + Disk.checkName(name));
    }

    @Override
    public List<String> list() {
        return disk.list().stream().filter(n -> n.startsWith(prefix) && n.length() > prefix.length())
                .map(n -> n.substring(prefix.length())).toList();
    }

    @Override
    public void delete(String name) {
        disk.delete(prefix + Disk.checkName(name));
    }

    @Override
    public void replace(String name, byte[] content) {
        disk.replace(prefix + Disk.checkName(name), content);
    }

    @Override
    public String toString() {
        return prefix + "* on " + disk;
    }

    /** A file of the scope: its name is the one its user gave, without the prefix. */
    private static final class ScopedFile extends ForwardingDiskFile {
        private final String name;

        ScopedFile(DiskFile file, String name) {
            super(file);
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }
    }
}
