package dev.kata.wal;

import dev.kata.runtime.disk.Disk;
import dev.kata.runtime.disk.DiskFile;
import dev.kata.runtime.disk.ForwardingDisk;
import dev.kata.runtime.disk.ForwardingDiskFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A disk whose force a test can hold (to see what waits for it) or break (to see what fails with
 * it). Everything else goes to the disk underneath.
 */
final class ControllableDisk extends ForwardingDisk {

    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile boolean failForces;
    private volatile boolean failReplaces;
    final AtomicInteger forcesStarted = new AtomicInteger();
    final AtomicInteger forcesDone = new AtomicInteger();

    ControllableDisk(Disk disk) {
        super(disk);
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

    /** From now on forces succeed again, as a retried fsync can, though what the failed one lost stays lost. */
    void stopFailingForces() {
        failForces = false;
    }

    /** From now on {@link #replace} fails before writing anything, as a full disk would. */
    void failReplaces() {
        failReplaces = true;
    }

    @Override
    protected DiskFile wrap(DiskFile file) {
        return new ForwardingDiskFile(file) {
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
                super.force();
                forcesDone.incrementAndGet();
            }
        };
    }

    @Override
    public void replace(String name, byte[] content) {
        if (failReplaces) {
            throw new UncheckedIOException(new IOException("simulated failure writing " + name + " (ENOSPC)"));
        }
        super.replace(name, content);
    }
}
