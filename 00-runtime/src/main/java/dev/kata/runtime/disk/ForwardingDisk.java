package dev.kata.runtime.disk;

import java.util.List;
import java.util.Objects;

/**
 * A {@link Disk} that passes every call to another one: the base of a disk that changes a few
 * calls and leaves the rest alone, such as a test's disk whose forces fail on demand. Override the
 * calls to change, and {@link #wrap} to change what the disk's files do (with a
 * {@link ForwardingDiskFile}).
 *
 * <pre>{@code
 * Disk failing = new ForwardingDisk(disk) {
 *     protected DiskFile wrap(DiskFile file) {
 *         return new ForwardingDiskFile(file) {
 *             public void force() {
 *                 throw new UncheckedIOException(new IOException("simulated EIO"));
 *             }
 *         };
 *     }
 * };
 * }</pre>
 */
public class ForwardingDisk implements Disk {

    private final Disk delegate;

    public ForwardingDisk(Disk delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The disk underneath. */
    protected final Disk delegate() {
        return delegate;
    }

    /** What {@link #open} returns for a file the disk underneath opened: the file itself, unless overridden. */
    protected DiskFile wrap(DiskFile file) {
        return file;
    }

    @Override
    public DiskFile open(String name) {
        return wrap(delegate.open(name));
    }

    @Override
    public boolean exists(String name) {
        return delegate.exists(name);
    }

    @Override
    public List<String> list() {
        return delegate.list();
    }

    @Override
    public void delete(String name) {
        delegate.delete(name);
    }

    @Override
    public void replace(String name, byte[] content) {
        delegate.replace(name, content);
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
