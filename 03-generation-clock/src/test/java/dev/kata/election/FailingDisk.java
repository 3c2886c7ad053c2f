// Generated from solutions/03-generation-clock/src/test/java/dev/kata/election/FailingDisk.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint f92d82c4ed9c
package dev.kata.election;

import dev.kata.runtime.disk.Disk;
import dev.kata.runtime.disk.DiskFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;

/** A disk whose forces (and atomic replaces) fail once the test says so, as a dying drive's would. */
final class FailingDisk implements Disk {

    private final Disk disk;
    private boolean failing;

    FailingDisk(Disk disk) {
        this.disk = disk;
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
                check("force of " + name);
                file.force();
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
        check("replace of " + name);
        disk.replace(name, content);
    }
}
