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

    /** A file of forced "old" bytes, then {@code write} over its middle, forced or not; then a crash of {@code seed}. */
    private static String overwriteThenCrash(long seed, boolean forceIt, String[] seenBeforeCrash) {
        SimulatedDisk disk = new SimulatedDisk();
        try (DiskFile file = disk.open("f")) {
            file.append(bytes("[oooooooooooooooo]"));
            file.force();
            file.write(1, bytes("NNNNNNNNNNNNNNNN"));
            if (forceIt) {
                file.force();
            }
            seenBeforeCrash[0] = text(disk.readAll("f"));
        }
        disk.crash(new SplittableRandom(seed));
        return text(disk.readAll("f"));
    }

    @RandomizedTest(seeds = 100)
    @DisplayName("a forced write in place survives every crash")
    void forcedOverwriteSurvives(long seed) {
        String[] before = new String[1];
        assertThat(overwriteThenCrash(seed, true, before)).as("seed %d", seed).isEqualTo("[NNNNNNNNNNNNNNNN]");
    }

    @Test
    @DisplayName("an unforced write in place is read back before a crash, and a crash keeps, loses or tears it")
    void unforcedOverwriteKeptLostOrTorn() {
        boolean kept = false;
        boolean lost = false;
        boolean torn = false;
        for (long seed = 0; seed < 200; seed++) {
            String[] before = new String[1];
            String after = overwriteThenCrash(seed, false, before);
            assertThat(before[0]).as("seed %d: read before the crash", seed).isEqualTo("[NNNNNNNNNNNNNNNN]");
            assertThat(after).as("seed %d: a prefix of the new bytes, then the old ones", seed)
                    .matches("\\[N*o*\\]").hasSize(18);
            kept |= after.equals("[NNNNNNNNNNNNNNNN]");
            lost |= after.equals("[oooooooooooooooo]");
            torn |= after.contains("No");
        }
        assertThat(kept).as("some seed keeps the write").isTrue();
        assertThat(lost).as("some seed loses the write").isTrue();
        assertThat(torn).as("some seed tears the write").isTrue();
    }

    @Test
    @DisplayName("a clean crash and the crash image put back the forced bytes an unforced write covered")
    void cleanCrashUndoesOverwrites() {
        SimulatedDisk disk = new SimulatedDisk();
        try (DiskFile file = disk.open("f")) {
            file.append(bytes("forced"));
            file.force();
            file.write(0, bytes("FO"));
            file.write(4, bytes("EDmore"));
        }
        assertThat(text(disk.crashImage().readAll("f"))).as("the crash image").isEqualTo("forced");
        assertThat(text(disk.readAll("f"))).as("the disk itself, unchanged by taking the image").isEqualTo("FOrcEDmore");
        disk.crashCleanly();
        assertThat(text(disk.readAll("f"))).as("after a clean crash").isEqualTo("forced");
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
