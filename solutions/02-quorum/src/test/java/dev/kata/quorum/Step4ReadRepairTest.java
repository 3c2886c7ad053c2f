package dev.kata.quorum;

import static dev.kata.quorum.Cluster.N1;
import static dev.kata.quorum.Cluster.N2;
import static dev.kata.quorum.Cluster.N3;
import static dev.kata.quorum.Cluster.N5;
import static dev.kata.quorum.Cluster.ms;
import static dev.kata.runtime.testing.MessageChecks.wholeNumber;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kata.quorum.QuorumConfig.ReadRepair;
import dev.kata.runtime.checker.KvCommand;
import dev.kata.runtime.checker.LinearizabilityResult;
import dev.kata.runtime.checker.Operation;
import dev.kata.runtime.checker.Outcome;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.sim.ClockConfig;
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

@Tag("step-4")
@DisplayName("Step 4: read repair brings stale replicas up to date; written back before the answer, reads are linearizable")
class Step4ReadRepairTest {

    /**
     * A write "new" that only n1 holds (n2 and n3 hold "old"), and a read via n1 whose quorum is
     * {n1, n2}: n1 has "new", n2 is behind.
     */
    private static Cluster staleN2(long seed, QuorumConfig config) {
        Cluster cluster = Cluster.of(seed, config.withTimeout(ms(300)));
        SimClient<KvCommand, String> writer = cluster.client("writer", N1);
        cluster.write(writer, "x", "old");
        cluster.sim.runUntilIdle();
        cluster.sim.network().block(Set.of(N1), Set.of(N2, N3));
        assertThat(cluster.write(writer, "x", "new").outcome()).as("a write that reached only n1").isEqualTo(Outcome.UNKNOWN);
        cluster.sim.network().heal();
        cluster.sim.network().slowLink(N3, N1, ms(100)); // n3 answers n1 late: the read quorum is {n1, n2}
        return cluster;
    }

    @Nested
    @DisplayName("Asynchronous read repair")
    class Async {

        @Test
        @DisplayName("after a read, a replica of the read quorum that answered with an older version catches up")
        void staleReplicaCatchesUp() {
            Cluster cluster = staleN2(1, QuorumConfig.of(3, 2, 2).withReadRepair(ReadRepair.ASYNC));
            VersionedValue written = cluster.held(N1, "x").orElseThrow();
            Operation<KvCommand, String> read = cluster.read(cluster.client("reader", N1), "x");
            assertThat(read.result()).as("what the read returned").isEqualTo("new");
            cluster.sim.runUntilIdle();
            assertThat(cluster.held(N2, "x")).as("n2, which answered the read with \"old\", once the repair has"
                    + " arrived: the same value with the same version as n1's").contains(written);
        }

        @Test
        @DisplayName("a replica of the read quorum that answered with nothing at all catches up too")
        void emptyReplicaCatchesUp() {
            Cluster cluster = Cluster.of(2, QuorumConfig.of(3, 2, 2).withReadRepair(ReadRepair.ASYNC).withTimeout(ms(300)));
            cluster.sim.network().block(Set.of(N1), Set.of(N2, N3));
            assertThat(cluster.write(cluster.client("writer", N1), "x", "new").outcome())
                    .as("a write that reached only n1").isEqualTo(Outcome.UNKNOWN);
            cluster.sim.network().heal();
            cluster.sim.network().slowLink(N3, N1, ms(100)); // the read quorum is {n1, n2}; n2 has no x
            assertThat(cluster.read(cluster.client("reader", N1), "x").result()).as("what the read returned")
                    .isEqualTo("new");
            cluster.sim.runUntilIdle();
            assertThat(cluster.held(N2, "x")).as("n2, which answered the read with no value, once the repair has"
                    + " arrived").contains(cluster.held(N1, "x").orElseThrow());
        }

        @Test
        @DisplayName("the repair carries the write's own version: a repair that made a new version could undo a newer write")
        void repairKeepsTheVersion() {
            Cluster cluster = staleN2(2, QuorumConfig.of(3, 2, 2).withReadRepair(ReadRepair.ASYNC));
            VersionedValue written = cluster.held(N1, "x").orElseThrow();
            cluster.read(cluster.client("reader", N1), "x");
            cluster.sim.runUntilIdle();
            assertThat(cluster.held(N2, "x").map(VersionedValue::version)).as("n2's version after the repair")
                    .contains(written.version());
        }

        @Test
        @DisplayName("a read whose replicas all agree repairs nothing: 2 + 2N messages")
        void noRepairWhenUpToDate() {
            Cluster cluster = Cluster.of(3, QuorumConfig.of(3, 2, 2).withReadRepair(ReadRepair.ASYNC));
            SimClient<KvCommand, String> client = cluster.client("c1", N1);
            cluster.write(client, "x", "a");
            cluster.sim.runUntilIdle();
            Operation<KvCommand, String> read = cluster.read(client, "x");
            cluster.sim.runUntilIdle();
            assertThat(cluster.sim.costOf(read.id()).messages()).as("messages of a read when every replica is up to"
                    + " date: the request and answer, N reads and N replies").isEqualTo(2 + 2 * 3);
        }

        @Test
        @DisplayName("a read does not wait for its repair")
        void doesNotWait() {
            Cluster cluster = staleN2(4, QuorumConfig.of(3, 2, 2).withReadRepair(ReadRepair.ASYNC));
            cluster.sim.network().slowLink(N1, N2, ms(50)); // the repair takes 50 ms
            Operation<KvCommand, String> read = cluster.read(cluster.client("reader", N1), "x");
            assertThat(read.outcome()).isEqualTo(Outcome.OK);
            assertThat(cluster.held(N2, "x").map(VersionedValue::value)).as("n2 when the read is answered")
                    .contains("old");
        }
    }

    @Nested
    @DisplayName("Synchronous read repair (ABD)")
    class Sync {

        @Test
        @DisplayName("a read answers only once the value it returns is held by W replicas")
        void writesBackBeforeAnswering() {
            Cluster cluster = staleN2(5, QuorumConfig.of(3, 2, 2).withReadRepair(ReadRepair.SYNC));
            cluster.sim.network().slowLink(N1, N2, ms(50)); // the write-back to n2 and n3 takes a while
            cluster.sim.network().slowLink(N1, N3, ms(50));
            Operation<KvCommand, String> read = cluster.read(cluster.client("reader", N1), "x");
            assertThat(read.result()).as("what the read returned").isEqualTo("new");
            assertThat(cluster.values("x")).as("what n1, n2, n3 hold when the read is answered: \"new\" on at"
                    + " least W = 2 of them").filteredOn("new"::equals).hasSizeGreaterThanOrEqualTo(2);
        }

        @Test
        @DisplayName("a read whose answers already agree on W replicas writes nothing back: 2 + 2N messages")
        void noWriteBackWhenOnAQuorum() {
            Cluster cluster = Cluster.of(6, QuorumConfig.of(3, 2, 2).withReadRepair(ReadRepair.SYNC));
            SimClient<KvCommand, String> client = cluster.client("c1", N1);
            cluster.write(client, "x", "a");
            cluster.sim.runUntilIdle();
            Operation<KvCommand, String> read = cluster.read(client, "x");
            cluster.sim.runUntilIdle();
            assertThat(read.result()).isEqualTo("a");
            assertThat(cluster.sim.costOf(read.id()).messages()).as("messages of a read whose R = W = 2 answers"
                    + " agree").isEqualTo(2 + 2 * 3);
        }

        /**
         * N = 5, W = 4, R = 2: "new" reached only n1 and n2. A read via n1 hears n1 and n2, which
         * agree, but two replicas are not a write quorum; a read via n5 then asks {n4, n5}.
         */
        @Test
        @DisplayName("answers that agree are not enough when they are fewer than W: the value is still written back")
        void agreeingButFewerThanW() {
            Cluster cluster = Cluster.of(7, QuorumConfig.of(5, 4, 2).withReadRepair(ReadRepair.SYNC)
                    .withTimeout(ms(300)));
            SimClient<KvCommand, String> writer = cluster.client("writer", N1);
            cluster.write(writer, "x", "old");
            cluster.sim.runUntilIdle();
            List<NodeId> others = List.of(NodeId.of("n3"), NodeId.of("n4"), N5);
            cluster.sim.network().block(Set.of(N1), Set.copyOf(others));
            assertThat(cluster.write(writer, "x", "new").outcome()).as("a write that reached n1 and n2 only")
                    .isEqualTo(Outcome.UNKNOWN);
            cluster.sim.network().heal();
            others.forEach(n -> cluster.sim.network().slowLink(n, N1, ms(100))); // the first read hears n1 and n2
            assertThat(cluster.read(cluster.client("first", N1), "x").result()).as("the first read").isEqualTo("new");
            cluster.sim.network().heal();
            cluster.sim.network().slowLink(N1, N5, ms(100)); // the second read hears n4 and n5 first
            cluster.sim.network().slowLink(N2, N5, ms(100));
            cluster.sim.network().slowLink(NodeId.of("n3"), N5, ms(100));
            assertThat(cluster.read(cluster.client("second", N5), "x").result())
                    .as("a read via n5 after a read via n1 returned \"new\"").isEqualTo("new");
        }

        @Test
        @DisplayName("a read whose write-back cannot reach W replicas fails within its timeouts")
        void writeBackFails() {
            Cluster cluster = staleN2(8, QuorumConfig.of(3, 2, 2).withReadRepair(ReadRepair.SYNC));
            SimClient<KvCommand, String> reader = cluster.client("reader", N1);
            cluster.sim.network().heal();
            cluster.sim.network().slowLink(N3, N1, ms(100));
            // n2 answers the read, but the write-back to n2 and n3 is lost
            cluster.sim.after(ms(3), "cut n1 off from n2 and n3", () -> cluster.sim.network().block(Set.of(N1),
                    Set.of(N2, N3)));
            Operation<KvCommand, String> read = cluster.read(reader, "x");
            assertThat(read.outcome()).as("the outcome of a read whose write-back reached only n1")
                    .isEqualTo(Outcome.FAIL);
            assertThat(cluster.protocol(reader).errors()).as("the coordinator's errors").hasSize(1);
        }

        @Test
        @DisplayName("linearizable reads (SYNC) with W + R <= N are refused, saying why")
        void refusesDisjointQuorums() {
            assertThatThrownBy(() -> QuorumConfig.of(3, 1, 2).withReadRepair(ReadRepair.SYNC))
                    .as("W = 1, R = 2, N = 3: the message says why, with the numbers")
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageFindingMatch(wholeNumber(1)).hasMessageFindingMatch(wholeNumber(2))
                    .hasMessageFindingMatch(wholeNumber(3));
            assertThatThrownBy(() -> new QuorumConfig(5, 2, 3, ms(100), ReadRepair.SYNC,
                    QuorumConfig.VersionSource.QUORUM)).as("N = 5, W = 2, R = 3: the message says why, with the numbers")
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageFindingMatch(wholeNumber(2)).hasMessageFindingMatch(wholeNumber(3))
                    .hasMessageFindingMatch(wholeNumber(5));
            assertThat(QuorumConfig.of(3, 1, 2).withReadRepair(ReadRepair.ASYNC).readRepair())
                    .as("the same quorums with reads that may be stale (ASYNC) are allowed").isEqualTo(ReadRepair.ASYNC);
        }
    }

    /**
     * The classic counterexample (Attiya, Bar-Noy and Dolev): a write reaches one replica, a read
     * finds it there, and a later read, asking other replicas, does not. N = 3, W = R = 2.
     * <pre>
     *   write "new" via n1     n1 ✔  n2 ✘  n3 ✘              unknown (1 of W = 2 acks)
     *   read A via n1          hears n1 "new", n2 "old"      → "new"    (the repair to n2 takes 50 ms)
     *   read B via n3, after A hears n2 "old", n3 "old"      → "old"    a stale read
     * </pre>
     * With SYNC read repair, read A writes "new" back to n2 before answering, and read B finds it.
     */
    @Nested
    @DisplayName("Two reads after a write that reached one replica (the ABD counterexample)")
    class Counterexample {

        Cluster run(ReadRepair repair) {
            Cluster cluster = staleN2(9, QuorumConfig.of(3, 2, 2).withReadRepair(repair));
            cluster.sim.network().slowLink(N1, N2, ms(50));  // read A hears n2 after 50 ms; a repair takes as long
            cluster.sim.network().slowLink(N1, N3, ms(200)); // read B does not hear n1 in time
            Operation<KvCommand, String> readA = cluster.read(cluster.client("cA", N1), "x");
            assertThat(readA.result()).as("read A, via n1").isEqualTo("new");
            cluster.sim.runFor(ms(1)); // read B begins after read A has ended
            cluster.read(cluster.client("cB", N3), "x");
            return cluster;
        }

        @Test
        @DisplayName("without read repair, read B returns the older value and the checker refuses the history (see the trace page)")
        void withoutRepair(TestReporter reporter) {
            expectStaleRead(run(ReadRepair.NONE), reporter);
        }

        @Test
        @DisplayName("with asynchronous read repair too: read B comes before the repair")
        void withAsyncRepair(TestReporter reporter) {
            expectStaleRead(run(ReadRepair.ASYNC), reporter);
        }

        @Test
        @DisplayName("with synchronous read repair, a deletion that reached one replica is written back like a value")
        void withSyncRepairOfADeletion() {
            Cluster cluster = Cluster.of(23, QuorumConfig.of(3, 2, 2).withReadRepair(ReadRepair.SYNC).withTimeout(ms(300)));
            SimClient<KvCommand, String> writer = cluster.client("writer", N1);
            cluster.write(writer, "x", "old");
            cluster.sim.runUntilIdle();
            cluster.sim.network().block(Set.of(N1), Set.of(N2, N3));
            assertThat(cluster.write(writer, "x", null).outcome()).as("the deletion, which reaches n1 only")
                    .isEqualTo(Outcome.UNKNOWN);
            cluster.sim.network().heal();
            cluster.sim.network().slowLink(N3, N1, ms(100));  // read A via n1 hears n1 and n2
            assertThat(cluster.read(cluster.client("cA", N1), "x").result()).as("read A, via n1").isNull();
            cluster.sim.network().heal();
            cluster.sim.network().slowLink(N1, N3, ms(200));  // read B via n3 hears n2 and n3
            cluster.sim.runFor(ms(1));
            assertThat(cluster.read(cluster.client("cB", N3), "x").result()).as("read B, via n3, after read A saw x deleted")
                    .isNull();
            cluster.assertLinearizable();
        }

        @Test
        @DisplayName("with synchronous read repair, read B sees \"new\": linearizable")
        void withSyncRepair() {
            Cluster cluster = run(ReadRepair.SYNC);
            assertThat(cluster.history().operations().get(3).result()).as("read B, via n3").isEqualTo("new");
            cluster.assertLinearizable();
        }

        private void expectStaleRead(Cluster cluster, TestReporter reporter) {
            Operation<KvCommand, String> readB = cluster.history().operations().get(3);
            assertThat(readB.result()).as("read B, via n3, after read A returned \"new\"").isEqualTo("old");
            cluster.sim.summarize("The ABD counterexample, " + cluster.config + ": write(x, new) reached only n1;"
                    + " read A via n1 heard n1 and n2 and returned new; read B via n3, after A, heard n2 and n3 and"
                    + " returned old.");
            LinearizabilityResult<KvCommand, String> result = cluster.check();
            assertThat(result.isLinearizable()).as("whether the checker accepts the history").isFalse();
            assertThat(result.operationIds()).as("the operations the checker blames: the two reads among them")
                    .contains(cluster.history().operations().get(2).id(), readB.id());
            reporter.publishEntry("trace", cluster.writeTrace().toAbsolutePath().toString());
            reporter.publishEntry("checker", result.explanation());
        }
    }

    /**
     * Three clients read and write through every server in turn, while the nemesis crashes, pauses,
     * partitions and slows servers and makes the network lossy. With synchronous read repair every
     * history is linearizable. A failure is shrunk to its shortest fault schedule.
     */
    @RandomizedTest(seeds = 20)
    @DisplayName("under a nemesis, with synchronous read repair, every history is linearizable")
    void linearizableUnderNemesis(long seed) {
        QuorumConfig config = QuorumConfig.of(3, 2, 2).withReadRepair(ReadRepair.SYNC).withTimeout(ms(200));
        Shrinker.check(Cluster.faults(seed, Duration.ofSeconds(10)), 30, schedule ->
                Cluster.underNemesis(seed, config, schedule, ClockConfig.perfect()).assertLinearizable());
    }

    /**
     * The same runs without read repair: some seed among the first twenty gives a history that no
     * order explains. The test publishes the first one's trace page and the checker's words.
     */
    @Test
    @DisplayName("under the same nemesis, without synchronous read repair, the checker finds a history that is not linearizable")
    void notLinearizableWithoutSyncRepair(TestReporter reporter) {
        QuorumConfig config = QuorumConfig.of(3, 2, 2).withReadRepair(ReadRepair.NONE).withTimeout(ms(200));
        for (long seed = 1; seed <= 20; seed++) {
            Cluster cluster = Cluster.underNemesis(seed, config, Cluster.faults(seed, Duration.ofSeconds(10)),
                    ClockConfig.perfect());
            LinearizabilityResult<KvCommand, String> result = cluster.check();
            if (result.verdict() == LinearizabilityResult.Verdict.NOT_LINEARIZABLE) {
                reporter.publishEntry("seed", String.valueOf(seed));
                reporter.publishEntry("trace", cluster.writeTrace().toAbsolutePath().toString());
                reporter.publishEntry("checker", result.explanation());
                return;
            }
        }
        throw new AssertionError("no history of seeds 1 to 20 was found not linearizable without read repair:"
                + " the nemesis should have produced a stale read");
    }
}
