package dev.kata.runtime.disk;

import java.nio.ByteBuffer;
import java.util.Objects;

/** A {@link DiskFile} that passes every call to another one; see {@link ForwardingDisk#wrap}. */
public class ForwardingDiskFile implements DiskFile {

    private final DiskFile delegate;

    public ForwardingDiskFile(DiskFile delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The file underneath. */
    protected final DiskFile delegate() {
        return delegate;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public long size() {
        return delegate.size();
    }

    @Override
    public long append(ByteBuffer data) {
        return delegate.append(data);
    }

    @Override
    public void write(long position, ByteBuffer data) {
        delegate.write(position, data);
    }

    @Override
    public int read(long position, ByteBuffer destination) {
        return delegate.read(position, destination);
    }

    @Override
    public void force() {
        delegate.force();
    }

    @Override
    public void truncate(long size) {
        delegate.truncate(size);
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
