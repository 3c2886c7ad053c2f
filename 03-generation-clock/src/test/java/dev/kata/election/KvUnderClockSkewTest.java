// Generated from solutions/03-generation-clock/src/test/java/dev/kata/election/KvUnderClockSkewTest.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint 0de464a4893c
package dev.kata.election;

import dev.kata.runtime.checker.KvCommand;
import static dev.kata.election.TestCluster.ms;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.election.ElectionConfig.VersionStamp;
import dev.kata.runtime.checker.LinearizabilityResult;
import dev.kata.runtime.checker.Operation;
import dev.kata.runtime.checker.Outcome;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.sim.ClockConfig;
import dev.kata.runtime.sim.FaultSchedule;
import dev.kata.runtime.sim.Nemesis;
import dev.kata.runtime.sim.NetworkConfig;
import dev.kata.runtime.sim.Shrinker;
import dev.kata.runtime.sim.SimClient;
import dev.kata.runtime.sim.Workload;
import dev.kata.runtime.testing.RandomizedTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * Module 02 stamped each write with its coordinator's clock, and showed what that costs: a node whose
 * clock runs ahead makes later writes through other nodes vanish. Here the same clock skew meets the
 * store behind the leader, once with 02's wall-clock versions ({@link VersionStamp#WALL_CLOCK}) and
 * once with versions from the generation: only the second keeps every history linearizable.
 */
@Tag("step-5")
@DisplayName("Step 5 under clock skew: 02's wall-clock versions lose updates, generation-stamped versions do not")
class KvUnderClockSkewTest {

    static final List<NodeId> THREE = List.of(NodeId.of("n1"), NodeId.of("n2"), NodeId.of("n3"));

    /**
     * n1's clock runs one second ahead, and n1 is elected first (its election timeout is the shortest).
     * <pre>
     *   c1: write x=a via n1 (leader)        wall clock: version 0.1.16..@n1   generation: 1.1@n1
     *   n1 crashes; n2 or n3 is elected
     *   c2: write x=b via the new leader     wall clock: version 0.0.5..@n2    generation: 2.1@n2
     *   c3: read x                           wall clock: "a", b is lost        generation: "b"
     * </pre>
     */
    static TestCluster skewStory(long seed, VersionStamp versions) {
        ElectionConfig config = ElectionConfig.DEFAULT.withVersions(versions);
        TestCluster cluster = TestCluster.of(seed).config(config)
                .config("n1", config.withElectionTimeout(ms(100), ms(110)))
                .build();
        NodeId n1 = cluster.id(1);
        cluster.sim.shiftClock(n1, Duration.ofSeconds(1));
        ElectionNode first = cluster.awaitSettledLeader(Duration.ofSeconds(2));
        assertThat(first.id()).as("the first leader").isEqualTo(n1);
        assertThat(cluster.write(cluster.client("c1", n1), "x", "a").outcome()).as("c1's write of a via n1")
                .isEqualTo(Outcome.OK);
        cluster.sim.crash(n1);
        ElectionNode next = cluster.awaitLeaderAbove(first.leaderOf().orElseThrow(), Duration.ofSeconds(2));
        assertThat(cluster.write(cluster.client("c2", next.id()), "x", "b").outcome())
                .as("c2's later write of b via the new leader %s", next.id()).isEqualTo(Outcome.OK);
        cluster.read(cluster.client("c3", next.id()), "x");
        return cluster;
    }

    @Nested
    @DisplayName("n1's clock one second ahead, n1 leads, crashes, and another node leads")
    class OneStory {

        @Test
        @DisplayName("with 02's wall-clock versions, the new leader's write is acknowledged, then lost")
        void wallClockLosesTheUpdate(TestReporter reporter) {
            TestCluster cluster = skewStory(51, VersionStamp.WALL_CLOCK);
            Operation<KvCommand, String> read = cluster.history().operations().get(cluster.history().operations().size() - 1);
            assertThat(read.result()).as("the read after write(a) via n1, then the later write(b) via the new leader")
                    .isEqualTo("a");
            LinearizabilityResult<KvCommand, String> result = cluster.check();
            assertThat(result.isLinearizable()).as("whether the checker accepts the history").isFalse();
            reporter.publishEntry("checker", result.explanation());
            reporter.publishEntry("trace", cluster.writeTrace().toAbsolutePath().toString());
        }

        @Test
        @DisplayName("with versions from the generation, the same skew changes nothing: the later write wins")
        void generationKeepsTheUpdate() {
            TestCluster cluster = skewStory(51, VersionStamp.GENERATION);
            Operation<KvCommand, String> read = cluster.history().operations().get(cluster.history().operations().size() - 1);
            assertThat(read.result()).as("the read after write(a) via n1, then the later write(b) via the new leader")
                    .isEqualTo("b");
            cluster.assertLinearizable();
        }
    }

    /**
     * Three servers on clocks up to two seconds apart that drift (and the nemesis makes them drift
     * more), crashes, pauses, partitions, lossy and slow links; three clients reading, writing and
     * compare-and-setting two keys throughout.
     */
    static TestCluster underNemesis(long seed, VersionStamp versions, FaultSchedule schedule) {
        TestCluster cluster = TestCluster.of(seed).config(ElectionConfig.DEFAULT.withVersions(versions))
                .network(NetworkConfig.reliable().withLatency(ms(1), ms(10)))
                .clocks(ClockConfig.drifting(Duration.ofSeconds(2), 0.05))
                .clients(TestCluster.CLIENTS.withMaxThinkTime(ms(150)))
                .build();
        Workload<KvCommand> workload = readsWritesAndRecentCas("x", "y");
        List<SimClient<KvCommand, String>> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            SimClient<KvCommand, String> client = cluster.sim.addClient("c" + (i + 1), new KvClient(cluster.servers, i));
            client.runWorkload(40, workload);
            clients.add(client);
        }
        schedule.applyTo(cluster.sim);
        cluster.sim.runFor(schedule.duration());
        ElectionUnderNemesisTest.endEveryFault(cluster.sim);
        cluster.sim.runUntil(() -> clients.stream().allMatch(SimClient::finished), Duration.ofMinutes(2),
                "every client finishes its workload after the faults");
        return cluster;
    }

    /**
     * Reads, writes and compare-and-sets over {@code keys}, each a third; every write writes a value
     * never written before. A compare-and-set expects one of the last three values written to its key,
     * so that many of them succeed (with any value ever written, almost none would).
     */
    static Workload<KvCommand> readsWritesAndRecentCas(String... keys) {
        java.util.Map<String, List<String>> written = new java.util.HashMap<>();
        int[] count = {0};
        return random -> {
            String key = keys[random.nextInt(keys.length)];
            List<String> values = written.computeIfAbsent(key, k -> new ArrayList<>());
            int choice = random.nextInt(3);
            if (choice == 0) {
                return new dev.kata.runtime.checker.KvCommand.Read(key);
            }
            String value = "v" + (++count[0]);
            String expected = values.isEmpty() ? null : values.get(Math.max(0, values.size() - 1 - random.nextInt(3)));
            values.add(value);
            return choice == 1 ? new dev.kata.runtime.checker.KvCommand.Write(key, value)
                    : new dev.kata.runtime.checker.KvCommand.CompareAndSet(key, expected, value);
        };
    }

    /** Many short faults, clock faults among them: many leaders, on clocks that disagree. */
    static FaultSchedule faults(long seed) {
        Nemesis standard = Nemesis.standard();
        EnumSet<Nemesis.FaultKind> kinds = EnumSet.copyOf(standard.faults());
        kinds.add(Nemesis.FaultKind.CLOCK);
        return new Nemesis(kinds, ms(400), ms(800), -1, standard.lossy(), 0.05)
                .schedule(seed, THREE, Duration.ofSeconds(10));
    }

    @RandomizedTest(seeds = 10)
    @DisplayName("under a nemesis with drifting clocks, generation-stamped versions keep every history linearizable")
    void linearizableUnderTheNemesis(long seed) {
        Shrinker.check(faults(seed), 20, schedule -> underNemesis(seed, VersionStamp.GENERATION, schedule)
                .assertLinearizable());
    }

    @Test
    @DisplayName("under the same nemesis, 02's wall-clock versions give a history that is not linearizable")
    void wallClockUnderTheNemesis(TestReporter reporter) {
        for (long seed = 1; seed <= 10; seed++) {
            TestCluster cluster = underNemesis(seed, VersionStamp.WALL_CLOCK, faults(seed));
            LinearizabilityResult<KvCommand, String> result = cluster.check();
            if (result.verdict() == LinearizabilityResult.Verdict.NOT_LINEARIZABLE) {
                reporter.publishEntry("seed", String.valueOf(seed));
                reporter.publishEntry("checker", result.explanation());
                reporter.publishEntry("trace", cluster.writeTrace().toAbsolutePath().toString());
                return;
            }
        }
        throw new AssertionError("no history of seeds 1 to 10 was found not linearizable with wall-clock versions and "
                + "clocks up to 2 s apart");
    }
}
