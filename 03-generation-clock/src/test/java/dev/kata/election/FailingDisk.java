// Generated from solutions/03-generation-clock/src/test/java/dev/kata/election/FailingDisk.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint a5cc566b29c4
package dev.kata.election;

import dev.kata.runtime.disk.Disk;
import dev.kata.runtime.disk.DiskFile;
import dev.kata.runtime.disk.ForwardingDisk;
import dev.kata.runtime.disk.ForwardingDiskFile;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A disk whose forces (and atomic replaces) fail once the test says so, as a dying drive's would. */
final class FailingDisk extends ForwardingDisk {

    private boolean failing;

    FailingDisk(Disk disk) {
        super(disk);
    }

    /** From now on every force and replace throws. */
    void failFromNowOn() {
        failing = true;
    }

    private void check(String what) {
        if (failing) {
            throw new UncheckedIOException(new IOException("simulated disk failure during " + what));
        }
    }

    @Override
    protected DiskFile wrap(DiskFile file) {
        return new ForwardingDiskFile(file) {
            @Override
            public void force() {
                check("force of " + name());
                super.force();
            }
        };
    }

    @Override
    public void replace(String name, byte[] content) {
        check("replace of " + name);
        super.replace(name, content);
    }
}
