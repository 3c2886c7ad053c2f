package dev.kata.lock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.runtime.testing.RandomizedTest;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;

/**
 * The cache's promise under the same nemesis as {@link MutualExclusionTest}: lock holders write a file
 * that every client reads, most reads from the client cache; no read that began after a write had
 * completed returns an older value. Fail-overs lose invalidations, and clients stall past their leases:
 * what saves the promise is steps 4 and 5 together (invalidate before the write completes; flush in
 * jeopardy and at a fail-over, and a new master that waits for every session to acknowledge).
 */
@Tag("step-5")
@DisplayName("Steps 4-5 under the nemesis: no read from the cache older than a completed write")
class CacheUnderNemesisTest {

    @RandomizedTest(seeds = 6)
    @DisplayName("no client reads a value older than one whose write had completed, under the nemesis")
    void noStaleReads(long seed) {
        LockWorkload workload = LockWorkload.underTheNemesis(seed, Duration.ofSeconds(20));
        assertThat(workload.reads()).as("reads of %s (seed %d)", LockWorkload.CONFIG, seed).isPositive();
        assertThat(workload.staleReads()).as("reads of %s (%d, many from the client cache) that returned a value older"
                + " than one whose write had completed before they began (seed %d, faults %s)", LockWorkload.CONFIG,
                workload.reads(), seed, workload.faults()).isEmpty();
    }
}
