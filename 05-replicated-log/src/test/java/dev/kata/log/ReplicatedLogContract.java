// Generated from solutions/05-replicated-log/src/test/java/dev/kata/log/ReplicatedLogContract.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint 423fddfb2c14
package dev.kata.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.election.KvClient;
import dev.kata.runtime.checker.KvCommand;
import dev.kata.runtime.checker.LinearizabilityResult;
import dev.kata.runtime.checker.Operation;
import dev.kata.runtime.checker.Outcome;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.sim.Fault;
import dev.kata.runtime.sim.FaultSchedule;
import dev.kata.runtime.sim.Nemesis;
import dev.kata.runtime.sim.Shrinker;
import dev.kata.runtime.sim.SimClient;
import dev.kata.runtime.sim.Simulation;
import dev.kata.runtime.sim.Workload;
import dev.kata.runtime.testing.RandomizedTest;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;

/**
 * The replicated log's safety suite, written once against {@link LogReplica} and 03's client, so that
 * every implementation of the log runs the same tests under the same nemesis, seed for seed (this
 * module's Multi-Paxos in {@link MultiPaxosLogContractTest}; a Raft log could be the next). A subclass
 * says how to make a cluster; the suite installs {@link LogInvariants} (agreement at every index,
 * nothing committed lost, the High-Water Mark never back, nothing applied uncommitted), drives three
 * clients of the key-value store through crashes and restarts, pauses, partitions and lossy periods,
 * and checks the history with the runtime's linearizability checker. A failure is shrunk to the
 * shortest fault schedule that still breaks it.
 */
abstract class ReplicatedLogContract {

    static final List<NodeId> FIVE = IntStream.rangeClosed(1, 5).mapToObj(i -> NodeId.of("n" + i)).toList();

    /** A simulation of five replicas n1 to n5 of the implementation under test, with no invariants yet. */
    protected abstract Simulation cluster(long seed);

    /** The type of the simulation's replicas. */
    protected abstract Class<? extends LogReplica> replicaType();

    private Simulation clusterWithClients(long seed) {
        Simulation sim = cluster(seed);
        LogInvariants.install(sim, replicaType());
        addClients(sim);
        return sim;
    }

    /** Three clients of the replicas n1 to n5, each running 1,000 reads, writes and compare-and-sets of x and y. */
    static void addClients(Simulation sim) {
        Workload<KvCommand> workload = Workload.readsWritesAndCas("x", "y");
        for (int i = 0; i < 3; i++) {
            sim.addClient("c" + (i + 1), new KvClient(FIVE, i)).runWorkload(1_000, workload);
        }
    }

    private static void assertLinearizable(Simulation sim) {
        LinearizabilityResult<KvCommand, String> result = sim.checkLinearizability();
        assertThat(result.isLinearizable()).as("the history of %d operations is linearizable:%n%s",
                sim.history().operations().size(), result.explanation()).isTrue();
    }

    @RandomizedTest(seeds = 20)
    @DisplayName("under the nemesis: replicas agree at every index, nothing committed is lost, the marks never go back, the history is linearizable")
    void safeUnderNemesis(long seed) {
        FaultSchedule faults = Nemesis.standard().schedule(seed, FIVE, Duration.ofSeconds(8));
        Shrinker.check(faults, schedule -> {
            Simulation sim = clusterWithClients(seed);
            schedule.applyTo(sim);
            sim.runFor(schedule.duration());
            long ok = sim.history().operations().stream().filter(op -> op.outcome() == Outcome.OK).count();
            assertThat(ok).as("operations that completed over %s of faults", schedule.duration()).isPositive();
            assertLinearizable(sim);
        });
    }

    @RandomizedTest(seeds = 10)
    @DisplayName("liveness: once every fault ends, a new client's write and read complete, each within 2 s")
    void liveAfterHealing(long seed) {
        FaultSchedule faults = Nemesis.standard().schedule(seed, FIVE, Duration.ofSeconds(5));
        Shrinker.check(faults, schedule -> {
            Simulation sim = clusterWithClients(seed);
            schedule.applyTo(sim);
            sim.runFor(schedule.duration());
            new Fault.Heal().applyTo(sim);
            for (NodeId id : FIVE) {
                if (!sim.isUp(id)) {
                    sim.restart(id);
                } else if (sim.isPaused(id)) {
                    sim.resume(id);
                }
            }
            SimClient<KvCommand, String> client = sim.addClient("d1", new KvClient(FIVE, 0));
            for (KvCommand command : List.of(new KvCommand.Write("k", "v"), new KvCommand.Read("k"))) {
                client.submit(command);
                sim.runUntil(() -> !client.busy(), Duration.ofSeconds(5), "d1's " + command + " ends");
                Operation<KvCommand, String> op = client.lastOperation();
                assertThat(op.outcome()).as("the outcome of %s after the faults ended", command).isEqualTo(Outcome.OK);
                assertThat(Duration.ofNanos(op.completedAt() - op.invokedAt())).as("how long %s took", command)
                        .isLessThanOrEqualTo(Duration.ofSeconds(2));
                sim.runFor(Duration.ofMillis(1));
            }
            assertLinearizable(sim);
        });
    }
}
