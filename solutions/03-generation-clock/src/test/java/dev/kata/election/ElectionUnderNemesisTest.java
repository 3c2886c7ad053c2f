package dev.kata.election;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.sim.Fault;
import dev.kata.runtime.sim.FaultSchedule;
import dev.kata.runtime.sim.Nemesis;
import dev.kata.runtime.sim.Shrinker;
import dev.kata.runtime.sim.Simulation;
import dev.kata.runtime.testing.RandomizedTest;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;

/**
 * Steps 1 to 4 together, against an adversary: random crashes and restarts (which lose or tear what a
 * node had not forced), long pauses, partitions both ways and one way, slow links and lossy periods.
 * The safety properties are the {@link ElectionInvariants}, checked after every event, and the
 * {@link ClockDurability} watch, checked at every send. A failure is shrunk to the shortest fault schedule
 * that still breaks it.
 */
@Tag("step-4")
@DisplayName("Steps 1-4 under a nemesis: safe always, and a leader soon after the faults end")
class ElectionUnderNemesisTest {

    static final List<NodeId> FIVE = IntStream.rangeClosed(1, 5).mapToObj(i -> NodeId.of("n" + i)).toList();

    @RandomizedTest(seeds = 20)
    @DisplayName("safety: never two leaders in one generation, no generation or vote lost across restarts")
    void safety(long seed) {
        FaultSchedule faults = Nemesis.standard().schedule(seed, FIVE, Duration.ofSeconds(30));
        Shrinker.check(faults, schedule -> {
            TestCluster cluster = TestCluster.of(seed).servers(5).build();
            schedule.applyTo(cluster.sim);
            cluster.sim.runFor(schedule.duration());
            long generations = cluster.nodes().stream().mapToLong(ElectionNode::generation).max().orElse(0);
            assertThat(generations).as("the highest generation after %s of faults: elections must have happened",
                    schedule.duration()).isPositive();
        });
    }

    @RandomizedTest(seeds = 20)
    @DisplayName("liveness: once the faults end and the network heals, one leader is elected within 3 s")
    void liveness(long seed) {
        FaultSchedule faults = Nemesis.standard().schedule(seed, FIVE, Duration.ofSeconds(15));
        Shrinker.check(faults, schedule -> {
            TestCluster cluster = TestCluster.of(seed).servers(5).build();
            schedule.applyTo(cluster.sim);
            cluster.sim.runFor(schedule.duration());
            endEveryFault(cluster.sim);
            cluster.awaitSettledLeader(Duration.ofSeconds(3));
        });
    }

    /** Heals the network, restarts every crashed node and resumes every paused one. */
    static void endEveryFault(Simulation sim) {
        new Fault.Heal().applyTo(sim);
        for (NodeId id : sim.servers()) {
            if (!sim.isUp(id)) {
                sim.restart(id);
            } else if (sim.isPaused(id)) {
                sim.resume(id);
            }
        }
    }
}
