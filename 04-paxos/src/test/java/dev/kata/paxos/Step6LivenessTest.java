// Generated from solutions/04-paxos/src/test/java/dev/kata/paxos/Step6LivenessTest.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint e7e6fb3157d5
package dev.kata.paxos;

import static dev.kata.paxos.PaxosCluster.ms;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.paxos.ClientMessage.Decided;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.sim.FaultSchedule;
import dev.kata.runtime.sim.Nemesis;
import dev.kata.runtime.sim.NetworkConfig;
import dev.kata.runtime.sim.Probe;
import dev.kata.runtime.sim.Shrinker;
import dev.kata.runtime.testing.RandomizedTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("step-6")
@DisplayName("Step 6: liveness, dueling proposers back off")
class Step6LivenessTest {

    private static final PaxosConfig CONFIG = PaxosConfig.DEFAULT;
    private static final long MIN = CONFIG.minBackoff().toNanos();

    @Test
    @DisplayName("the wait after a failed round is random: proposers that failed together do not retry together")
    void random() {
        SplittableRandom random = new SplittableRandom(1);
        Set<Duration> waits = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            waits.add(Backoff.after(1, CONFIG, random));
        }
        assertThat(waits).as("20 waits after one failed round, with min %s: a fixed wait lets two proposers that "
                + "preempted each other do it again, round after round", CONFIG.minBackoff()).hasSizeGreaterThan(10);
    }

    @Test
    @DisplayName("the wait is drawn from the random it is given: the same seed gives the same waits, so a run replays")
    void replays() {
        SplittableRandom first = new SplittableRandom(3);
        SplittableRandom second = new SplittableRandom(3);
        for (int failed = 1; failed <= 10; failed++) {
            assertThat(Backoff.after(failed, CONFIG, second)).as("the wait after %d failed rounds, drawn twice from "
                    + "randoms of one seed: draw it from the random you are given (the node's ctx.random()), not from "
                    + "ThreadLocalRandom, Math.random or the clock, or a failing seed no longer replays", failed)
                    .isEqualTo(Backoff.after(failed, CONFIG, first));
        }
    }

    @Test
    @DisplayName("the wait is never below the minimum nor above the maximum, and its range grows with each failure")
    void bounded() {
        SplittableRandom random = new SplittableRandom(2);
        for (int failed = 1; failed <= 40; failed++) {
            long longest = 0;
            for (int i = 0; i < 50; i++) {
                Duration wait = Backoff.after(failed, CONFIG, random);
                assertThat(wait).as("the wait after %d failed rounds", failed)
                        .isBetween(CONFIG.minBackoff(), CONFIG.maxBackoff());
                longest = Math.max(longest, wait.toNanos());
            }
            if (failed == 1) {
                assertThat(longest).as("the longest of 50 waits after one failed round (ns): at most twice the minimum")
                        .isLessThanOrEqualTo(2 * MIN);
            }
            if (failed == 5) {
                assertThat(longest).as("the longest of 50 waits after 5 failed rounds in a row (ns): the range "
                        + "doubles with each failure, so some wait is far above the first round's").isGreaterThan(8 * MIN);
            }
        }
    }

    @RandomizedTest(seeds = 20)
    @DisplayName("dueling proposers: five proposals of five values at once, on a jittery network, all answered with one value")
    void duel(long seed) {
        PaxosCluster cluster = PaxosCluster.of(seed).servers(5)
                .network(NetworkConfig.reliable().withLatency(ms(1), ms(10)).withReordering(0.2, ms(10))).build();
        Probe probe = cluster.probe("p");
        List<Long> proposals = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            proposals.add(cluster.propose(probe, cluster.id(i), "x", "v" + i));
        }
        cluster.sim.runUntil(() -> proposals.stream().allMatch(s -> PaxosCluster.answer(probe, s).isPresent()),
                Duration.ofSeconds(2), "every proposal of x is answered (" + cluster.acceptors("x") + ")");
        assertThat(proposals.stream().map(s -> PaxosCluster.answer(probe, s).orElseThrow().value()).distinct().toList())
                .as("the values the five proposers were answered with").hasSize(1);
    }

    static final List<NodeId> FIVE = IntStream.rangeClosed(1, 5).mapToObj(i -> NodeId.of("n" + i)).toList();

    @RandomizedTest(seeds = 20)
    @DisplayName("after the network heals, every pending proposal is answered within 2 s of virtual time")
    void afterHealing(long seed) {
        FaultSchedule faults = Nemesis.standard().schedule(seed, FIVE, Duration.ofSeconds(6));
        Shrinker.check(faults, schedule -> {
            PaxosCluster cluster = PaxosCluster.of(seed).servers(5).build();
            Probe probe = cluster.probe("p");
            Map<Long, String> pending = AgreementUnderNemesisTest.proposeThroughout(cluster, probe, schedule.duration());
            schedule.applyTo(cluster.sim);
            cluster.sim.runFor(schedule.duration());
            cluster.endEveryFault();
            // A proposal sent to a server that crashed is lost with it: the client asks again, anywhere.
            SplittableRandom random = new SplittableRandom(seed);
            Map<Long, String> asked = new TreeMap<>();
            pending.forEach((sequence, key) -> {
                if (PaxosCluster.answer(probe, sequence).isEmpty()) {
                    asked.put(cluster.propose(probe, cluster.id(1 + random.nextInt(5)), key, "again" + sequence), key);
                }
            });
            cluster.sim.runUntil(() -> asked.keySet().stream().allMatch(s -> PaxosCluster.answer(probe, s).isPresent()),
                    Duration.ofSeconds(2), "every proposal asked again after the faults ended is answered ("
                            + asked.size() + " of them)");
            for (long sequence : asked.keySet()) {
                Decided answer = PaxosCluster.answer(probe, sequence).orElseThrow();
                assertThat(cluster.chosen(answer.key())).as("the value chosen for %s", answer.key())
                        .contains(answer.value());
            }
        });
    }
}
