// Generated from solutions/01-wal/src/test/java/dev/kata/wal/ControllableDisk.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint 6f90bbc60167
package dev.kata.wal;

import dev.kata.runtime.disk.Disk;
import dev.kata.runtime.disk.DiskFile;
import java.io.UncheckedIOException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A disk whose force a test can hold (to see what waits for it) or break (to see what fails with
 * it). Everything else goes to the disk underneath.
 */
final class ControllableDisk implements Disk {

    private final Disk disk;
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile boolean failForces;
    private volatile boolean failReplaces;
    final AtomicInteger forcesStarted = new AtomicInteger();
    final AtomicInteger forcesDone = new AtomicInteger();

    ControllableDisk(Disk disk) {
        this.disk = disk;
    }

    /** From now on each force waits until {@link #releaseForces()}. */
    void holdForces() {
        gate = new CountDownLatch(1);
    }

    void releaseForces() {
        gate.countDown();
    }

    void failForces() {
        failForces = true;
    }

    /** From now on {@link #replace} fails before writing anything, as a full disk would. */
    void failReplaces() {
        failReplaces = true;
    }

    @Override
    public DiskFile open(String name) {
        DiskFile file = disk.open(name);
        return new DiskFile() {
            @Override
            public String name() {
                return file.name();
            }

            @Override
            public long size() {
                return file.size();
            }

            @Override
            public long append(ByteBuffer data) {
                return file.append(data);
            }

            @Override
            public int read(long position, ByteBuffer destination) {
                return file.read(position, destination);
            }

            @Override
            public void force() {
                forcesStarted.incrementAndGet();
                try {
                    // Bounded, so a broken implementation fails the test instead of hanging it.
                    if (!gate.await(10, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("a test held this force for 10 s and never released it");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (failForces) {
                    throw new UncheckedIOException(new IOException("simulated fsync failure (EIO)"));
                }
                file.force();
                forcesDone.incrementAndGet();
            }

            @Override
            public void truncate(long size) {
                file.truncate(size);
            }

            @Override
            public void close() {
                file.close();
            }
        };
    }

    @Override
    public boolean exists(String name) {
        return disk.exists(name);
    }

    @Override
    public List<String> list() {
        return disk.list();
    }

    @Override
    public void delete(String name) {
        disk.delete(name);
    }

    @Override
    public void replace(String name, byte[] content) {
        if (failReplaces) {
            throw new UncheckedIOException(new IOException("simulated failure writing " + name + " (ENOSPC)"));
        }
        disk.replace(name, content);
    }
}
