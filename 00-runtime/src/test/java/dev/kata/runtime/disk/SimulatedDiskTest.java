package dev.kata.runtime.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kata.runtime.testing.RandomizedTest;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SimulatedDisk")
class SimulatedDiskTest extends DiskContractTest {

    @Override
    Disk disk() {
        return new SimulatedDisk();
    }

    @Test
    @DisplayName("a clean crash keeps exactly the forced bytes")
    void cleanCrash() {
        SimulatedDisk disk = new SimulatedDisk();
        try (DiskFile file = disk.open("f")) {
            file.append(bytes("forced"));
            file.force();
            file.append(bytes(" lost"));
        }
        disk.crashCleanly();
        assertThat(text(disk.readAll("f"))).isEqualTo("forced");
    }

    @RandomizedTest(seeds = 200)
    @DisplayName("any crash keeps the forced bytes, and after them only a prefix of the unforced ones, or zeros")
    void anyCrash(long seed) {
        SimulatedDisk disk = new SimulatedDisk();
        String forced = "forced bytes|";
        String unforced = "unforced bytes that a crash may tear";
        try (DiskFile file = disk.open("f")) {
            file.append(bytes(forced));
            file.force();
            file.append(bytes(unforced));
        }
        disk.crash(new SplittableRandom(seed));
        String after = text(disk.readAll("f"));
        assertThat(after).as("seed %d", seed).startsWith(forced);
        String tail = after.substring(forced.length());
        int kept = 0;
        while (kept < tail.length() && tail.charAt(kept) == unforced.charAt(kept)) {
            kept++;
        }
        assertThat(tail.substring(kept)).as("seed %d: after the surviving prefix, only zeros", seed).matches("\u0000*");
        assertThat(disk.forcedSize("f")).as("after a crash, what survived is durable").isEqualTo(after.length());
    }

    @Test
    @DisplayName("the same seed tears the same way")
    void deterministic() {
        String[] results = new String[2];
        for (int run = 0; run < 2; run++) {
            SimulatedDisk disk = new SimulatedDisk();
            try (DiskFile file = disk.open("f")) {
                file.append(bytes("0123456789abcdefghij"));
            }
            disk.crash(new SplittableRandom(42));
            results[run] = text(disk.readAll("f"));
        }
        assertThat(results[0]).isEqualTo(results[1]);
    }

    @Test
    @DisplayName("handles opened before a crash are dead after it")
    void handlesDie() {
        SimulatedDisk disk = new SimulatedDisk();
        DiskFile old = disk.open("f");
        disk.crashCleanly();
        assertThatThrownBy(old::size).isInstanceOf(IllegalStateException.class).hasMessageContaining("crash");
        assertThat(disk.open("f").size()).isZero();
    }

    @Test
    @DisplayName("corrupt flips a byte; forceCount counts forces")
    void corruptAndCount() {
        SimulatedDisk disk = new SimulatedDisk();
        try (DiskFile file = disk.open("f")) {
            file.append(bytes("A"));
            file.force();
            file.force();
        }
        disk.corrupt("f", 0);
        assertThat(disk.readAll("f")[0]).isEqualTo((byte) ~'A');
        assertThat(disk.forceCount()).isEqualTo(2);
        assertThatThrownBy(() -> disk.corrupt("f", 5)).isInstanceOf(IllegalArgumentException.class);
    }
}
