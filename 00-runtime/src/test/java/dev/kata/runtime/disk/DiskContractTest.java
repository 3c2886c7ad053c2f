package dev.kata.runtime.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What every {@link Disk} must do, written once and run against each implementation. */
abstract class DiskContractTest {

    abstract Disk disk();

    static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("open creates an empty file; append returns the position it wrote at")
    void appendPositions() {
        Disk disk = disk();
        try (DiskFile file = disk.open("a.log")) {
            assertThat(file.size()).isZero();
            assertThat(file.append(bytes("hello"))).isZero();
            assertThat(file.append(bytes(" world"))).isEqualTo(5);
            assertThat(file.size()).isEqualTo(11);
        }
        assertThat(text(disk.readAll("a.log"))).isEqualTo("hello world");
    }

    @Test
    @DisplayName("read fills the buffer from a position and stops at the end of the file")
    void reads() {
        Disk disk = disk();
        try (DiskFile file = disk.open("a.log")) {
            file.append(bytes("0123456789"));
            ByteBuffer middle = ByteBuffer.allocate(4);
            assertThat(file.read(3, middle)).isEqualTo(4);
            assertThat(text(middle.array())).isEqualTo("3456");
            ByteBuffer pastEnd = ByteBuffer.allocate(8);
            assertThat(file.read(7, pastEnd)).isEqualTo(3);
            assertThat(file.read(10, ByteBuffer.allocate(1))).isZero();
        }
    }

    @Test
    @DisplayName("write overwrites in place, appends at the end, and refuses a position past the end")
    void writes() {
        Disk disk = disk();
        try (DiskFile file = disk.open("a.log")) {
            file.append(bytes("0123456789"));
            file.write(2, bytes("ab"));
            assertThat(file.size()).as("size after a write in place").isEqualTo(10);
            file.write(8, bytes("XYZ"));
            assertThat(file.size()).as("size after a write across the end").isEqualTo(11);
            file.write(11, bytes("!"));
            file.force();
            assertThatThrownBy(() -> file.write(13, bytes("?"))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("13").hasMessageContaining("12 bytes");
            assertThatThrownBy(() -> file.write(-1, bytes("?"))).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(text(disk.readAll("a.log"))).isEqualTo("01ab4567XYZ!");
    }

    @Test
    @DisplayName("truncate cuts the file; truncating past the end is an error")
    void truncates() {
        Disk disk = disk();
        try (DiskFile file = disk.open("a.log")) {
            file.append(bytes("0123456789"));
            file.truncate(4);
            assertThat(file.size()).isEqualTo(4);
            assertThat(file.append(bytes("X"))).isEqualTo(4);
            assertThatThrownBy(() -> file.truncate(100)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    @DisplayName("list is sorted; delete removes; replace swaps the whole content")
    void namespace() {
        Disk disk = disk();
        disk.open("b").close();
        disk.open("a").close();
        disk.replace("c", "first".getBytes(StandardCharsets.UTF_8));
        disk.replace("c", "second".getBytes(StandardCharsets.UTF_8));
        assertThat(disk.list()).containsExactly("a", "b", "c");
        assertThat(text(disk.readAll("c"))).isEqualTo("second");
        disk.delete("b");
        disk.delete("never-existed");
        assertThat(disk.list()).containsExactly("a", "c");
        assertThat(disk.exists("b")).isFalse();
    }

    @Test
    @DisplayName("names that could escape the disk's directory are refused")
    void badNames() {
        Disk disk = disk();
        for (String bad : new String[] {"", "..", "../etc/passwd", "a/b", "with space"}) {
            assertThatThrownBy(() -> disk.open(bad)).as("name '%s'", bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
