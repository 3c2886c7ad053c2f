package dev.kata.runtime.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("FileDisk, on a real directory")
class FileDiskTest extends DiskContractTest {

    @TempDir
    Path directory;

    @Override
    Disk disk() {
        return new FileDisk(directory);
    }

    @Test
    @DisplayName("files are real files in the directory, and force and replace leave no temporary file behind")
    void realFiles() throws Exception {
        Disk disk = disk();
        try (DiskFile file = disk.open("x.log")) {
            file.append(bytes("abc"));
            file.force();
        }
        disk.replace("meta", new byte[] {1, 2, 3});
        assertThat(Files.readString(directory.resolve("x.log"))).isEqualTo("abc");
        try (var files = Files.list(directory)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("x.log", "meta");
        }
    }
}
