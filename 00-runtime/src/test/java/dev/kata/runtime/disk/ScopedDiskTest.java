package dev.kata.runtime.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ScopedDisk: the files of a prefix, seen without it")
class ScopedDiskTest {

    private final SimulatedDisk disk = new SimulatedDisk();
    private final ScopedDisk election = new ScopedDisk(disk, "election.");
    private final ScopedDisk kv = new ScopedDisk(disk, "kv.");

    @Test
    @DisplayName("two scopes use the same file name on one disk without meeting")
    void twoScopes() {
        try (DiskFile a = election.open("log"); DiskFile b = kv.open("log")) {
            a.append(ByteBuffer.wrap(new byte[] {1}));
            b.append(ByteBuffer.wrap(new byte[] {2, 3}));
            assertThat(a.name()).as("the name a scope's file gives").isEqualTo("log");
        }
        assertThat(disk.list()).as("the disk underneath").containsExactly("election.log", "kv.log");
        assertThat(election.readAll("log")).containsExactly(1);
        assertThat(kv.readAll("log")).containsExactly(2, 3);
    }

    @Test
    @DisplayName("lists, replaces and deletes only its own files")
    void ownFilesOnly() {
        disk.replace("other", new byte[] {9});
        election.replace("state", new byte[] {4});
        assertThat(election.list()).containsExactly("state");
        assertThat(election.exists("other")).as("a file outside the scope").isFalse();
        election.delete("state");
        assertThat(disk.list()).containsExactly("other");
    }
}
