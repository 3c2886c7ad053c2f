package dev.kata.runtime.testing;

import static org.assertj.core.api.Assertions.assertThat;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

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
        assertThat(KataModules.kataTarget("kata-raft-log")).as("a reference-only module, no kata").isEqualTo("raft-log");
    }

    @Test
    @DisplayName("without kata.module (an IDE's run), the module is where the test class was compiled")
    void kataTargetFromTheClass() {
        assertThat(KataModules.kataTarget(SeedExtensionTest.class)).as("a class of 00-runtime's tests").isEqualTo("runtime");
        assertThat(KataModules.kataTarget(String.class)).as("a class of the JDK").isEqualTo("<module>");
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

    /** Run only by the test below, through its own launcher: every seed fails. */
    static class EverySeedFails {
        static final List<String> DETAILED = new ArrayList<>();

        @RandomizedTest(seeds = 5)
        void fails(long seed) {
            DETAILED.add(seed + ": " + FailureReport.detailed());
            throw new AssertionError("seed " + seed + " failed");
        }
    }

    @Test
    @DisplayName("a sweep explains its first three failing seeds at length (shrinking, trace pages), not the rest")
    void firstFailingSeedsInDetail() {
        // Without the listeners found on the classpath: the kata's results listener must not record these.
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false).build());
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        EverySeedFails.DETAILED.clear();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(EverySeedFails.class)).build(),
                summary);

        assertThat(summary.getSummary().getTotalFailureCount()).isEqualTo(5);
        assertThat(EverySeedFails.DETAILED).containsExactly("1: true", "2: true", "3: true", "4: false", "5: false");
        assertThat(FailureReport.detailed()).as("after the sweep").isTrue();
    }
}
