package dev.kata.runtime.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Seeds: which run, and how a failure names them")
class SeedExtensionTest {

    @AfterEach
    void clearProperties() {
        System.clearProperty("kata.seed");
        System.clearProperty("kata.seeds");
        System.clearProperty("kata.seedStart");
    }

    @Test
    @DisplayName("by default the seeds are 1 to N: the default build is deterministic")
    void defaults() {
        assertThat(SeedExtension.seeds(3).boxed().toList()).containsExactly(1L, 2L, 3L);
    }

    @Test
    @DisplayName("-Dkata.seed replays one seed; -Dkata.seeds sweeps more; -Dkata.seedStart moves the start")
    void overrides() {
        System.setProperty("kata.seeds", "4");
        System.setProperty("kata.seedStart", "100");
        assertThat(SeedExtension.seeds(3).boxed().toList()).containsExactly(100L, 101L, 102L, 103L);
        System.setProperty("kata.seed", "17");
        assertThat(SeedExtension.seeds(3).boxed().toList()).containsExactly(17L);
    }

    @Test
    @DisplayName("module names map to what ./kata test takes")
    void kataTargets() {
        assertThat(KataModules.kataTarget("kata-01-wal")).isEqualTo("01");
        assertThat(KataModules.kataTarget("kata-01-wal-solution")).isEqualTo("01 --solution");
        assertThat(KataModules.kataTarget("kata-runtime")).isEqualTo("runtime");
    }

    private static final List<Long> SEEN = new ArrayList<>();

    @RandomizedTest(seeds = 3)
    @DisplayName("a randomized test runs once per seed and receives it")
    void receivesSeed(long seed) {
        SEEN.add(seed);
        assertThat(seed).isBetween(1L, 3L);
    }

    @Test
    @DisplayName("a failure hook adds its line only when collected, then is forgotten")
    void failureReport() {
        FailureReport.onFailure(() -> "trace: somewhere.html");
        assertThat(FailureReport.collect()).containsExactly("trace: somewhere.html");
        assertThat(FailureReport.collect()).isEmpty();
    }
}
