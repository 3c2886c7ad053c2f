// Generated from solutions/02-quorum/src/test/java/dev/kata/quorum/Step5VersionsTest.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint e0f57706edfa
package dev.kata.quorum;

import static dev.kata.quorum.Cluster.N1;
import static dev.kata.quorum.Cluster.N2;
import static dev.kata.quorum.Cluster.N3;
import static dev.kata.quorum.Cluster.ms;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.quorum.QuorumConfig.ReadRepair;
import dev.kata.quorum.QuorumConfig.VersionSource;
import dev.kata.quorum.QuorumMessage.ClientWrite;
import dev.kata.quorum.QuorumMessage.WriteOk;
import dev.kata.runtime.checker.KvCommand;
import dev.kata.runtime.checker.LinearizabilityResult;
import dev.kata.runtime.checker.Operation;
import dev.kata.runtime.checker.Outcome;
import dev.kata.runtime.sim.ClockConfig;
import dev.kata.runtime.sim.Nemesis;
import dev.kata.runtime.sim.Probe;
import dev.kata.runtime.sim.Shrinker;
import dev.kata.runtime.sim.SimClient;
import dev.kata.runtime.testing.RandomizedTest;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

@Tag("step-5")
@DisplayName("Step 5: versions from a quorum, not from clocks: a later write always wins")
class Step5VersionsTest {

    static final QuorumConfig ABD = QuorumConfig.of(3, 2, 2).withReadRepair(ReadRepair.SYNC);

    /**
     * n1's clock runs one second ahead. Client c1 writes "a" through n1, then c2 writes "b" through
     * n2, after c1's write was answered:
     * <pre>
     *   write "a" via n1    version: n1's clock, 1.001 s          ok
     *   write "b" via n2    version: n2's clock, 0.006 s          ok, but every replica keeps "a"
     *   read via n3         → "a": the later write is lost, and nobody was told
     * </pre>
     */
    static Cluster skewedClock(long seed, VersionSource versions) {
        Cluster cluster = Cluster.of(seed, ABD.withVersions(versions));
        cluster.sim.shiftClock(N1, Duration.ofSeconds(1));
        assertThat(cluster.write(cluster.client("c1", N1), "x", "a").outcome()).as("c1's write via n1")
                .isEqualTo(Outcome.OK);
        cluster.sim.runFor(ms(1));
        assertThat(cluster.write(cluster.client("c2", N2), "x", "b").outcome()).as("c2's later write via n2")
                .isEqualTo(Outcome.OK);
        cluster.sim.runFor(ms(1));
        cluster.read(cluster.client("c3", N3), "x");
        cluster.sim.runUntilIdle();
        return cluster;
    }

    @Nested
    @DisplayName("With the coordinator's clock as the version")
    class WallClock {

        @Test
        @DisplayName("a coordinator whose clock is ahead makes a later write through another coordinator vanish: acknowledged, then lost")
        void lostUpdate(TestReporter reporter) {
            Cluster cluster = skewedClock(1, VersionSource.WALL_CLOCK);
            Operation<KvCommand, String> read = cluster.history().operations().get(2);
            assertThat(read.result()).as("the read after write(a) via n1 and the later write(b) via n2").isEqualTo("a");
            assertThat(cluster.values("x")).as("what n1, n2, n3 hold").containsOnly("a");
            cluster.sim.summarize("A lost update: n1's clock runs 1 s ahead, so write(x, a) via n1 got a larger version"
                    + " than the later write(x, b) via n2; every replica acknowledged b and kept a.");
            LinearizabilityResult<KvCommand, String> result = cluster.check();
            assertThat(result.isLinearizable()).as("whether the checker accepts the history").isFalse();
            reporter.publishEntry("trace", cluster.writeTrace().toAbsolutePath().toString());
            reporter.publishEntry("checker", result.explanation());
        }
    }

    @Nested
    @DisplayName("With versions from a quorum")
    class FromAQuorum {

        @Test
        @DisplayName("the same skewed clock changes nothing: the later write wins, and the history is linearizable")
        void skewDoesNotMatter() {
            Cluster cluster = skewedClock(2, VersionSource.QUORUM);
            Operation<KvCommand, String> read = cluster.history().operations().get(2);
            assertThat(read.result()).as("the read after write(a) via n1 and the later write(b) via n2").isEqualTo("b");
            assertThat(cluster.values("x")).as("what n1, n2, n3 hold").containsOnly("b");
            cluster.assertLinearizable();
        }

        @Test
        @DisplayName("a write's version is one above the newest a read quorum holds, with the coordinator as writer")
        void oneAboveTheNewest() {
            Cluster cluster = Cluster.of(3, ABD.withVersions(VersionSource.QUORUM));
            SimClient<KvCommand, String> client = cluster.client("c1", N1);
            cluster.write(client, "x", "a");
            cluster.write(cluster.client("c2", N2), "x", "b");
            cluster.write(client, "x", "c");
            cluster.sim.runUntilIdle();
            assertThat(cluster.held(N3, "x")).as("what n3 holds after three writes, via n1, n2 and n1")
                    .contains(new VersionedValue("c", new Version(0, 3, "n1")));
        }

        /**
         * n3 missed three writes; its own replica knows nothing of them. A write through n3 must
         * still get a version above theirs: it asks a read quorum, not itself.
         */
        @Test
        @DisplayName("a coordinator whose own replica missed the last writes still versions above them")
        void coordinatorBehind() {
            Cluster cluster = Cluster.of(4, ABD.withVersions(VersionSource.QUORUM));
            SimClient<KvCommand, String> viaN1 = cluster.client("c1", N1);
            cluster.sim.network().block(N1, N3);
            cluster.write(viaN1, "x", "a");
            cluster.write(viaN1, "x", "b");
            cluster.write(viaN1, "x", "c");
            cluster.sim.runUntilIdle();
            cluster.sim.network().heal();
            assertThat(cluster.held(N3, "x")).as("n3's replica, which missed the writes").isEmpty();
            assertThat(cluster.write(cluster.client("c2", N3), "x", "d").outcome()).as("a write via n3")
                    .isEqualTo(Outcome.OK);
            cluster.sim.runFor(ms(1));
            assertThat(cluster.read(viaN1, "x").result()).as("a read after the write via n3").isEqualTo("d");
        }

        /**
         * Two coordinators write at once and both learn the same newest version, so both pick the same
         * counter. The writer breaks the tie, the same way on every replica, whatever order the writes
         * arrive in (here n1 gets "a" first and n3 gets "b" first).
         */
        @Test
        @DisplayName("two coordinators that pick the same counter make two versions, and every replica keeps the same one")
        void sameCounter() {
            Cluster cluster = Cluster.of(5, ABD.withVersions(VersionSource.QUORUM));
            SimClient<KvCommand, String> c1 = cluster.client("c1", N1);
            SimClient<KvCommand, String> c2 = cluster.client("c2", N2);
            c1.submit(new KvCommand.Write("x", "a"));
            c2.submit(new KvCommand.Write("x", "b"));
            // Both coordinators have their quorum's answers at 3 ms and send their writes then.
            cluster.sim.after(Duration.ofNanos(2_500_000), "slow n2 -> n1 and n1 -> n3", () -> {
                cluster.sim.network().slowLink(N2, N1, ms(5)); // n1 gets n2's write late
                cluster.sim.network().slowLink(N1, N3, ms(5)); // n3 gets n1's write late
            });
            cluster.sim.runUntil(() -> !c1.busy() && !c2.busy(), Duration.ofSeconds(5), "both writes end");
            cluster.sim.runUntilIdle();
            assertThat(cluster.held(N1, "x").orElseThrow().version().counter())
                    .as("the counter n1 holds (both writes learned counter 0 and went one above)").isEqualTo(1);
            assertThat(cluster.values("x")).as("what n1, n2, n3 hold once both writes arrived everywhere: the"
                    + " version with writer n2 wins everywhere").containsExactly("b", "b", "b");
        }

        @Test
        @DisplayName("a write after a deletion gets a version above the deletion's: a deletion is a version too")
        void writeAfterDelete() {
            Cluster cluster = Cluster.of(22, QuorumConfig.linearizable(3).withTimeout(ms(300)));
            assertThat(cluster.write(cluster.client("c1", N1), "x", "a").outcome()).isEqualTo(Outcome.OK);
            assertThat(cluster.write(cluster.client("c2", N2), "x", null).outcome()).as("the deletion")
                    .isEqualTo(Outcome.OK);
            assertThat(cluster.write(cluster.client("c3", N1), "x", "c").outcome()).isEqualTo(Outcome.OK);
            assertThat(cluster.read(cluster.client("c4", N3), "x").result()).as("a read after the write of c")
                    .isEqualTo("c");
            cluster.assertLinearizable();
        }

        /**
         * a2 is on n1 and n2; a read via n3 hears n2 (a2) and n3 (a) and writes a2 back, while a write
         * of b via n1 takes the next counter. A write-back that made a new version for a2 could rank it
         * above b, and overwrite a write that was acknowledged.
         */
        @Test
        @DisplayName("a read's write-back keeps the value's own version: a new one could overwrite a later write")
        void writeBackKeepsTheVersion() {
            Cluster cluster = Cluster.of(21, QuorumConfig.linearizable(3).withTimeout(ms(300)));
            assertThat(cluster.write(cluster.client("w", N1), "x", "a").outcome()).isEqualTo(Outcome.OK);
            cluster.sim.runUntilIdle();
            cluster.sim.network().block(N1, N3);
            cluster.sim.network().block(N2, N3);
            assertThat(cluster.write(cluster.client("w2", N2), "x", "a2").outcome()).as("a2, on n1 and n2")
                    .isEqualTo(Outcome.OK);
            cluster.sim.runUntilIdle();
            cluster.sim.network().heal();
            cluster.sim.network().slowLink(N1, N3, ms(100));   // the read via n3 hears n2 and n3
            SimClient<KvCommand, String> reader = cluster.client("r", N3);
            SimClient<KvCommand, String> writer = cluster.client("wb", N1);
            reader.submit(new KvCommand.Read("x"));
            writer.submit(new KvCommand.Write("x", "b"));
            cluster.sim.after(Duration.ofNanos(3_500_000), "slow the write-back to n1 and n2", () -> {
                cluster.sim.network().slowLink(N3, N1, ms(10));
                cluster.sim.network().slowLink(N3, N2, ms(10));
            });
            cluster.sim.runUntil(() -> !reader.busy() && !writer.busy(), Duration.ofSeconds(5),
                    "the read and the write end");
            cluster.sim.runUntilIdle();
            cluster.sim.network().heal();
            assertThat(writer.lastOperation().outcome()).as("the write of b").isEqualTo(Outcome.OK);
            assertThat(cluster.read(cluster.client("r2", N2), "x").result()).as("a read after the acknowledged write of b")
                    .isEqualTo("b");
            cluster.assertLinearizable();
        }

        @Test
        @DisplayName("two writes at once through the same coordinator get two different versions")
        void sameCoordinator() {
            Cluster cluster = Cluster.of(6, ABD.withVersions(VersionSource.QUORUM));
            Probe probe = Probe.add(cluster.sim, "probe");
            probe.send(N1, new ClientWrite("p1", 1, "x", "a"));
            probe.send(N1, new ClientWrite("p2", 1, "x", "b"));
            cluster.sim.runUntil(() -> probe.received(WriteOk.class).size() == 2, Duration.ofSeconds(5),
                    "n1 answers both writes");
            List<Version> versions = probe.received(WriteOk.class).stream().map(WriteOk::version).toList();
            assertThat(versions.get(0)).as("the versions of two writes n1 coordinated at once")
                    .isNotEqualTo(versions.get(1));
            cluster.sim.runUntilIdle();
            assertThat(Set.copyOf(cluster.values("x"))).as("what n1, n2, n3 hold").hasSize(1);
        }
    }

    @Nested
    @DisplayName("Across a coordinator's crash (given code, kept on its disk)")
    class AcrossACrash {

        /**
         * n1 versions "a" and crashes while the write is in flight: its own copy is lost, n2 gets it
         * late, n3 much later. Restarted, n1 versions "b" with a query that hears n1 and n3 (neither
         * has "a" yet). A coordinator that forgot its counter would give "b" the version of "a", and
         * n2 would keep "a" under it forever.
         */
        @Test
        @DisplayName("a restarted coordinator never gives a new write the version of one it made before the crash")
        void noVersionReusedAfterRestart() {
            Cluster cluster = Cluster.of(11, QuorumConfig.linearizable(3).withTimeout(ms(300)));
            SimClient<KvCommand, String> c1 = cluster.client("c1", N1);
            c1.submit(new KvCommand.Write("x", "a"));
            cluster.sim.runFor(Duration.ofNanos(2_500_000));   // n1 has asked for the newest version
            cluster.sim.network().slowLink(N1, N2, ms(50));     // "a" reaches n2 only at 54 ms
            cluster.sim.network().slowLink(N1, N3, ms(10_000)); // and n3 much later
            cluster.sim.runFor(ms(1));
            cluster.sim.crash(N1);                               // n1's own copy of "a" is lost
            cluster.sim.runFor(ms(6));
            cluster.sim.restart(N1);
            cluster.sim.network().heal();
            cluster.sim.runFor(ms(60));
            assertThat(cluster.held(N2, "x").map(VersionedValue::value)).as("n2, after the crash").contains("a");
            Version versionOfA = cluster.held(N2, "x").orElseThrow().version();

            cluster.sim.network().slowLink(N2, N1, ms(100));    // n1's version query hears n1 and n3 first
            Operation<KvCommand, String> writeB = cluster.write(cluster.client("c2", N1), "x", "b");
            assertThat(writeB.outcome()).as("c2's write of b via the restarted n1").isEqualTo(Outcome.OK);
            cluster.sim.runUntil(() -> !c1.busy(), Duration.ofSeconds(5), "c1's write of a ends (unknown)");
            cluster.sim.network().heal();
            cluster.sim.runUntilIdle();
            Version versionOfB = cluster.held(N1, "x").orElseThrow().version();
            assertThat(versionOfB).as("the version of b, made after the crash, against a's (%s), made before it",
                    versionOfA).isNotEqualTo(versionOfA);

            cluster.read(cluster.client("c3", N3), "x");
            cluster.read(cluster.client("c4", N1), "x");
            cluster.assertLinearizable();
        }

        /**
         * c1's write of "a" is answered, then c2 writes "b". n1 crashes and restarts, and the network
         * delivers a late copy of c1's request. Carried out again, it would get a version above b's
         * and undo an acknowledged write.
         */
        @Test
        @DisplayName("a copy of a client's request that arrives after the coordinator restarted is not carried out again")
        void duplicateAfterRestartIgnored() {
            Cluster cluster = Cluster.of(12, QuorumConfig.linearizable(3).withTimeout(ms(300)));
            Probe probe = Probe.add(cluster.sim, "probe");
            probe.send(N1, new ClientWrite("p1", 1, "x", "a"));
            cluster.sim.runUntil(() -> probe.received(WriteOk.class).size() == 1, Duration.ofSeconds(2),
                    "n1 answers p1's write of a");
            assertThat(cluster.write(cluster.client("c2", N2), "x", "b").outcome()).as("c2's later write of b")
                    .isEqualTo(Outcome.OK);
            cluster.sim.crash(N1);
            cluster.sim.restart(N1);
            probe.send(N1, new ClientWrite("p1", 1, "x", "a"));   // the network's late copy
            cluster.sim.runFor(Duration.ofSeconds(1));
            cluster.sim.runUntilIdle();
            assertThat(probe.received(WriteOk.class)).as("answers to p1's write: the copy is not carried out")
                    .hasSize(1);
            assertThat(cluster.read(cluster.client("c3", N3), "x").result()).as("a read after both writes")
                    .isEqualTo("b");
        }
    }

    /**
     * Clocks that start up to half a second apart and drift, and the nemesis (clock faults included):
     * with versions from a quorum and synchronous read repair, every history is linearizable.
     */
    @RandomizedTest(seeds = 10)
    @DisplayName("under a nemesis with drifting clocks, versions from a quorum keep every history linearizable")
    void linearizableWithDriftingClocks(long seed) {
        QuorumConfig config = ABD.withVersions(VersionSource.QUORUM).withTimeout(ms(200));
        Shrinker.check(Cluster.faults(seed, Duration.ofSeconds(10), Nemesis.FaultKind.CLOCK), 30, schedule ->
                Cluster.underNemesis(seed, config, schedule, ClockConfig.drifting(ms(500), 0.05)).assertLinearizable());
    }

    @Test
    @DisplayName("under the same nemesis, wall-clock versions give a history that is not linearizable")
    void wallClockUnderNemesis(TestReporter reporter) {
        QuorumConfig config = ABD.withTimeout(ms(200));
        for (long seed = 1; seed <= 10; seed++) {
            Cluster cluster = Cluster.underNemesis(seed, config, Cluster.faults(seed, Duration.ofSeconds(10),
                    Nemesis.FaultKind.CLOCK), ClockConfig.drifting(ms(500), 0.05));
            LinearizabilityResult<KvCommand, String> result = cluster.check();
            if (result.verdict() == LinearizabilityResult.Verdict.NOT_LINEARIZABLE) {
                reporter.publishEntry("seed", String.valueOf(seed));
                reporter.publishEntry("trace", cluster.writeTrace().toAbsolutePath().toString());
                reporter.publishEntry("checker", result.explanation());
                return;
            }
        }
        throw new AssertionError("no history of seeds 1 to 10 was found not linearizable with wall-clock versions"
                + " and clocks up to 500 ms apart");
    }
}
