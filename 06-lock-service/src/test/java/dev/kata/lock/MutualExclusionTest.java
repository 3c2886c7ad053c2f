// Generated from solutions/06-lock-service/src/test/java/dev/kata/lock/MutualExclusionTest.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint 5c226c652f32
package dev.kata.lock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.runtime.checker.FencedResourceChecker;
import dev.kata.runtime.checker.FencingResult;
import dev.kata.runtime.checker.LinearizabilityChecker;
import dev.kata.runtime.checker.LinearizabilityResult;
import dev.kata.runtime.checker.LockCommand;
import dev.kata.runtime.checker.LockModel;
import dev.kata.runtime.testing.RandomizedTest;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;

/**
 * Mutual exclusion, the property the whole service exists for, under the nemesis: five servers that
 * crash, pause, get partitioned and run on drifting clocks (so the master fails over), and three clients
 * that pause past their leases and crash. Checked three ways on every seed: live, at every event (no two
 * clients act as holder at once, each judging by its own lease on its own clock); the lock history
 * against the runtime's {@link LockModel}; and the fenced resource's decisions against the
 * {@link FencedResourceChecker} (never a write from a holder whose lock has passed on).
 */
@Tag("step-3")
@DisplayName("Steps 1-3 under the nemesis: mutual exclusion, fenced")
class MutualExclusionTest {

    private static final Duration RUN = Duration.ofSeconds(20);

    @RandomizedTest(seeds = 6)
    @DisplayName("mutual exclusion under crashes, partitions, fail-overs, client pauses past the lease and drifting clocks")
    void mutualExclusionUnderTheNemesis(long seed) {
        LockWorkload workload = LockWorkload.underTheNemesis(seed, RUN);
        LockCluster cluster = workload.cluster();
        String scenario = "seed " + seed + ", faults " + workload.faults();

        assertThat(workload.grants()).as("grants of the lock over %s (%s)", RUN, scenario).isPositive();
        LinearizabilityResult<LockCommand, Long> locks = cluster.sim
                .checkLinearizability(LinearizabilityChecker.of(LockModel.INSTANCE));
        assertThat(locks.isLinearizable()).as("the lock history of %d operations is one a single lock allows (%s):%n%s",
                cluster.sim.history().operations().size(), scenario, locks.explanation()).isTrue();
        FencingResult fencing = FencedResourceChecker.check(cluster.sim.<LockCommand, Long>history().operations(),
                workload.writes());
        assertThat(fencing.isSafe()).as("the fenced resource's %d decisions (%s):%n%s", workload.writes().size(),
                scenario, fencing.explanation()).isTrue();
    }
}
