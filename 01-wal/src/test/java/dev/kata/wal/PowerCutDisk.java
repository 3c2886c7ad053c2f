// Generated from solutions/01-wal/src/test/java/dev/kata/wal/PowerCutDisk.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint 55d9c2183180
package dev.kata.wal;

import dev.kata.runtime.disk.Disk;
import dev.kata.runtime.disk.DiskFile;
import dev.kata.runtime.disk.ForwardingDisk;
import dev.kata.runtime.disk.ForwardingDiskFile;

/**
 * A disk on which a test can cut the power in the middle of an operation that makes several durable
 * changes (deleting files, truncating them), such as a truncation of the log across segments. Each
 * of those changes is durable when it returns, so cutting the power just before the n-th one
 * stands for a crash at any point of the operation: the test then crashes the disk underneath.
 */
final class PowerCutDisk extends ForwardingDisk {

    /** Thrown in place of the change the power cut prevented. */
    static final class PowerCut extends RuntimeException {
        PowerCut(String change) {
            super("the power was cut before " + change);
        }
    }

    /** How many more durable changes may happen before the power goes; negative: never. */
    private int changesLeft = -1;

    PowerCutDisk(Disk disk) {
        super(disk);
    }

    /** The power goes just before the {@code n + 1}-th durable change from now (with 0, before the first). */
    void cutPowerAfter(int n) {
        changesLeft = n;
    }

    /** No power cut is coming. */
    void keepPower() {
        changesLeft = -1;
    }

    private void change(String what) {
        if (changesLeft == 0) {
            changesLeft = -1;
            throw new PowerCut(what);
        }
        if (changesLeft > 0) {
            changesLeft--;
        }
    }

    @Override
    public void delete(String name) {
        change("deleting " + name);
        super.delete(name);
    }

    @Override
    protected DiskFile wrap(DiskFile file) {
        return new ForwardingDiskFile(file) {
            @Override
            public void truncate(long size) {
                change("truncating " + file.name() + " to " + size + " bytes");
                super.truncate(size);
            }
        };
    }
}
