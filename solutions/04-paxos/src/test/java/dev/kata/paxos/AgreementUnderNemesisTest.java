package dev.kata.paxos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.paxos.ClientMessage.Decided;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.sim.FaultSchedule;
import dev.kata.runtime.sim.Nemesis;
import dev.kata.runtime.sim.Probe;
import dev.kata.runtime.sim.Shrinker;
import dev.kata.runtime.testing.RandomizedTest;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;

/**
 * Steps 1 to 4 together, against an adversary: crashes and restarts (which lose or tear what a node had
 * not forced), pauses, partitions both ways and one way, slow links, lossy periods that drop, duplicate
 * and reorder. Proposals of different values for a few registers arrive at random servers throughout.
 * {@link Agreement} is checked after every event and the durability watch at every send; a failure is
 * shrunk to the shortest fault schedule that still breaks it.
 */
@Tag("step-4")
@DisplayName("Steps 1-4 under a nemesis: never two values chosen for one register")
class AgreementUnderNemesisTest {

    static final java.util.List<NodeId> FIVE = IntStream.rangeClosed(1, 5).mapToObj(i -> NodeId.of("n" + i)).toList();
    static final String[] KEYS = {"a", "b", "c"};

    /**
     * Schedules proposals of unique values for {@link #KEYS}, to random servers, every 20 to 200 ms over
     * {@code duration}; returns their sequence numbers with their keys (filled in as they are sent).
     */
    static Map<Long, String> proposeThroughout(PaxosCluster cluster, Probe probe, Duration duration) {
        Map<Long, String> sent = new TreeMap<>();
        var random = cluster.sim.random();
        long at = 0;
        int count = 0;
        while (true) {
            at += random.nextLong(20_000_000L, 200_000_000L);
            if (at >= duration.toNanos()) {
                return sent;
            }
            String key = KEYS[random.nextInt(KEYS.length)];
            NodeId server = cluster.servers.get(random.nextInt(cluster.servers.size()));
            String value = key + "-" + (++count);
            cluster.sim.at(Duration.ofNanos(at), "propose " + value, () -> sent.put(cluster.propose(probe, server, key,
                    value), key));
        }
    }

    @RandomizedTest(seeds = 20)
    @DisplayName("agreement: every register has at most one chosen value, and every answer names it")
    void agreement(long seed) {
        FaultSchedule faults = Nemesis.standard().schedule(seed, FIVE, Duration.ofSeconds(10));
        Shrinker.check(faults, schedule -> {
            PaxosCluster cluster = PaxosCluster.of(seed).servers(5).build();
            Probe probe = cluster.probe("p");
            Map<Long, String> proposals = proposeThroughout(cluster, probe, schedule.duration());
            schedule.applyTo(cluster.sim);
            cluster.sim.runFor(schedule.duration());
            long answered = 0;
            for (Decided answer : probe.received(Decided.class)) {
                assertThat(cluster.chosen(answer.key())).as("the value chosen for %s (by a majority of acceptors), "
                        + "which a server answered as %s", answer.key(), answer.value()).contains(answer.value());
                answered++;
            }
            assertThat(answered).as("answers to %d proposals over %s of faults: some must get through",
                    proposals.size(), schedule.duration()).isPositive();
        });
    }
}
