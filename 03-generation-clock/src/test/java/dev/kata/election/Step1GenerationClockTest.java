// Generated from solutions/03-generation-clock/src/test/java/dev/kata/election/Step1GenerationClockTest.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint 3e9f54bb13a1
package dev.kata.election;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kata.runtime.disk.SimulatedDisk;
import dev.kata.runtime.testing.RandomizedTest;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("step-1")
@DisplayName("Step 1: a generation that only goes up and survives a restart")
class Step1GenerationClockTest {

    private final SimulatedDisk disk = new SimulatedDisk();

    @Test
    @DisplayName("a new clock is at generation 0, with no vote given")
    void startsAtZero() {
        try (GenerationClock clock = GenerationClock.open(disk)) {
            assertThat(clock.generation()).isZero();
            assertThat(clock.votedFor()).isEmpty();
        }
    }

    @Test
    @DisplayName("advanceTo moves the clock up to a higher generation, and says so")
    void advances() {
        try (GenerationClock clock = GenerationClock.open(disk)) {
            assertThat(clock.advanceTo(1)).as("advanceTo(1) from generation 0").isTrue();
            assertThat(clock.generation()).isEqualTo(1);
            assertThat(clock.advanceTo(5)).as("advanceTo(5) from generation 1: generations may be skipped").isTrue();
            assertThat(clock.generation()).isEqualTo(5);
        }
    }

    @Test
    @DisplayName("never goes back: advancing to a lower or the same generation changes nothing and says so")
    void neverBack() {
        try (GenerationClock clock = GenerationClock.open(disk)) {
            clock.advanceTo(5);
            assertThat(clock.advanceTo(3)).as("advanceTo(3) at generation 5").isFalse();
            assertThat(clock.generation()).as("the generation after advanceTo(3) at generation 5").isEqualTo(5);
            assertThat(clock.advanceTo(5)).as("advanceTo(5) at generation 5: a generation is entered once").isFalse();
            assertThat(clock.generation()).isEqualTo(5);
        }
    }

    @Test
    @DisplayName("survives a restart: a reopened clock is where the last one left off")
    void survivesRestart() {
        try (GenerationClock clock = GenerationClock.open(disk)) {
            clock.advanceTo(3);
            clock.advanceTo(4);
        }
        try (GenerationClock clock = GenerationClock.open(disk)) {
            assertThat(clock.generation()).as("the generation after a restart (it was 4)").isEqualTo(4);
            assertThat(clock.advanceTo(4)).as("advanceTo(4) after the restart").isFalse();
        }
    }

    @Test
    @DisplayName("is durable when advanceTo returns: it survives a crash right after")
    void durableOnReturn() {
        GenerationClock clock = GenerationClock.open(disk);
        clock.advanceTo(7);
        disk.crashCleanly(); // no close: every byte that was not forced is gone
        try (GenerationClock reopened = GenerationClock.open(disk)) {
            assertThat(reopened.generation())
                    .as("the generation after a crash right after advanceTo(7) returned: a node may already have "
                            + "sent messages in generation 7, so it must never come back in an older one")
                    .isEqualTo(7);
        }
    }

    @Test
    @DisplayName("a generation that could not be persisted is not used: the clock stays where it was")
    void persistBeforeUse() {
        FailingDisk failing = new FailingDisk(disk);
        try (GenerationClock clock = GenerationClock.open(failing)) {
            clock.advanceTo(1);
            failing.failFromNowOn();
            assertThatThrownBy(() -> clock.advanceTo(2))
                    .as("advanceTo(2) on a disk that fails: the failure must reach the caller")
                    .isInstanceOf(RuntimeException.class);
            assertThat(clock.generation())
                    .as("the generation after advanceTo(2) failed to persist: the node would use a generation "
                            + "that a crash forgets")
                    .isEqualTo(1);
        }
    }

    /**
     * Random advances (some to lower generations) and random crashes, which lose, keep or tear what was
     * not forced: after each restart the clock is exactly at the highest generation it accepted.
     */
    @RandomizedTest(seeds = 30)
    @DisplayName("crash property: after any crash the clock is at the highest generation it accepted, never lower")
    void crashProperty(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long accepted = 0;
        for (int life = 0; life < 6; life++) {
            GenerationClock clock = GenerationClock.open(disk);
            assertThat(clock.generation()).as("seed %d: the generation after restart %d", seed, life).isEqualTo(accepted);
            int steps = random.nextInt(1, 60);
            for (int i = 0; i < steps; i++) {
                long target = Math.max(0, accepted + random.nextInt(-3, 4));
                boolean moved = clock.advanceTo(target);
                assertThat(moved).as("seed %d: advanceTo(%d) at generation %d", seed, target, accepted)
                        .isEqualTo(target > accepted);
                accepted = Math.max(accepted, target);
                assertThat(clock.generation()).isEqualTo(accepted);
            }
            disk.crash(random);
        }
    }
}
