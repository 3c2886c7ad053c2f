package dev.kata.election;

import static dev.kata.election.TestCluster.ms;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.runtime.checker.KvCommand;
import dev.kata.runtime.checker.Outcome;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.sim.SimClient;
import dev.kata.runtime.trace.TraceEvent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * The zombie leader: a leader stalls (a long garbage-collection pause) while clients' writes queue up
 * at its door. The others elect a new leader and go on. Then the old one wakes up, still sure that it
 * leads, and carries out the writes it finds queued, in its old generation:
 * <pre>
 *   z1, z2, z3 ──write──▶ L (paused)          the clients give up: unknown
 *   n2, n3 elect L' in generation g+1        c2 writes through L'
 *   L resumes: Store[generation=g] ──▶ every replica, its own included
 *   every replica: Rejected[generation=g+1, yours=g]   L steps down and follows L'
 * </pre>
 * The test writes its trace page even when it passes: open it and follow the Store and Rejected arrows.
 */
@Tag("step-5")
@DisplayName("The zombie leader: woken from a pause, it writes in its old generation, and every write is rejected")
class ZombieLeaderTest {

    static final List<String> KEYS = List.of("x", "y", "z");

    @Test
    @DisplayName("a paused leader's queued writes all go out in its old generation, and every replica rejects every one")
    void zombieIsFencedOff(TestReporter reporter) {
        // Leaders that never step down on their own: the zombie learns only from the rejections.
        TestCluster cluster = TestCluster.of(41).config(Step4FencingTest.STUBBORN).build();
        ElectionNode zombie = cluster.awaitSettledLeader(Duration.ofSeconds(2));
        NodeId old = zombie.id();
        long generation = zombie.leaderOf().orElseThrow();
        SimClient<KvCommand, String> c1 = cluster.client("c1", old);
        for (String key : KEYS) {
            cluster.write(c1, key, "before-" + key);
        }

        cluster.sim.pause(old);
        cluster.sim.note(old, "a long pause begins: the leader of generation " + generation + " stalls");
        List<SimClient<KvCommand, String>> waiting = KEYS.stream().map(key -> {
            SimClient<KvCommand, String> client = cluster.client("z-" + key, old);
            client.submit(new KvCommand.Write(key, "zombie-" + key));
            return client;
        }).toList();
        ElectionNode next = cluster.awaitLeaderAbove(generation, Duration.ofSeconds(2));
        long newer = next.leaderOf().orElseThrow();
        SimClient<KvCommand, String> c2 = cluster.client("c2", next.id());
        for (String key : KEYS) {
            assertThat(cluster.write(c2, key, "after-" + key).outcome())
                    .as("a write of %s through the new leader %s while %s is paused", key, next.id(), old)
                    .isEqualTo(Outcome.OK);
        }
        cluster.sim.runUntil(() -> waiting.stream().noneMatch(SimClient::busy), Duration.ofSeconds(2),
                "the clients waiting for the paused leader give up");

        long resumedAt = cluster.sim.nanos();
        cluster.sim.resume(old);
        cluster.sim.note(old, "wakes up, still believing it leads generation " + generation);
        cluster.sim.runFor(Duration.ofSeconds(1));

        List<TraceEvent> events = cluster.sim.trace().events().stream().filter(e -> time(e) >= resumedAt).toList();
        List<TraceEvent.Sent> zombieStores = events.stream().filter(TraceEvent.Sent.class::isInstance)
                .map(TraceEvent.Sent.class::cast)
                .filter(s -> s.from().equals(old.name()) && s.message().startsWith("Store[generation=" + generation + ","))
                .toList();
        assertThat(zombieStores).as("the Store messages %s sent in generation %d after it woke up", old, generation)
                .hasSize(KEYS.size() * cluster.servers.size());
        long rejections = events.stream().filter(TraceEvent.Sent.class::isInstance).map(TraceEvent.Sent.class::cast)
                .filter(s -> s.to().equals(old.name())
                        && s.message().equals("Rejected[generation=" + newer + ", yours=" + generation + "]"))
                .count();
        assertThat(rejections).as("the rejections %s received: one for each of its %d Stores and each of its "
                + "heartbeats", old, zombieStores.size()).isGreaterThanOrEqualTo(zombieStores.size());
        assertThat(events).as("answers that accepted a Store of generation %d after %s woke up", generation, old)
                .noneMatch(e -> e instanceof TraceEvent.Sent s && s.message().startsWith("Stored[generation=" + generation + ","));

        for (SimClient<KvCommand, String> client : waiting) {
            assertThat(client.lastOperation().outcome()).as("the outcome of %s's write through the paused leader",
                    client.id()).isEqualTo(Outcome.UNKNOWN);
        }
        assertThat(cluster.node(old).isLeader()).as("%s leads, after every replica rejected it", old).isFalse();
        assertThat(cluster.node(old).generation()).isEqualTo(newer);
        for (String key : KEYS) {
            assertThat(cluster.values(key).values()).as("what the replicas hold for %s", key)
                    .containsOnly("after-" + key);
            assertThat(cluster.read(c2, key).result()).as("a read of %s after the zombie woke up", key)
                    .isEqualTo("after-" + key);
        }
        cluster.assertLinearizable();
        cluster.sim.summarize("The zombie leader " + old + " of generation " + generation + " woke up and sent "
                + zombieStores.size() + " Store messages in it; every replica answered Rejected[generation=" + newer
                + "], and it stepped down.");
        reporter.publishEntry("trace", cluster.writeTrace().toAbsolutePath().toString());
    }

    private static long time(TraceEvent event) {
        if (event instanceof TraceEvent.Sent e) {
            return e.time();
        }
        if (event instanceof TraceEvent.Delivered e) {
            return e.time();
        }
        return event instanceof TraceEvent.Note e ? e.time() : -1;
    }
}
