package dev.kata.paxos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.election.KvClient;
import dev.kata.runtime.checker.KvCommand;
import dev.kata.runtime.checker.Operation;
import dev.kata.runtime.checker.Outcome;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.sim.FaultSchedule;
import dev.kata.runtime.sim.Nemesis;
import dev.kata.runtime.sim.Shrinker;
import dev.kata.runtime.sim.SimClient;
import dev.kata.runtime.sim.Workload;
import dev.kata.runtime.testing.RandomizedTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;

/**
 * The key-value store of step 7 against the nemesis: crashes and restarts, pauses, partitions, lossy
 * periods. The clients' history must be linearizable (the runtime's checker); once the faults end,
 * every client's next operations complete.
 */
@Tag("step-7")
@DisplayName("Step 7 under a nemesis: linearizable, and live once the network heals")
class KvUnderNemesisTest {

    private static List<SimClient> clients(PaxosCluster cluster) {
        List<SimClient> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            clients.add(cluster.sim.addClient("c" + (i + 1), new KvClient(cluster.servers, i)));
        }
        return clients;
    }

    @RandomizedTest(seeds = 20)
    @DisplayName("the history of reads, writes and compare-and-sets under the nemesis is linearizable")
    void linearizable(long seed) {
        FaultSchedule faults = Nemesis.standard().schedule(seed, AgreementUnderNemesisTest.FIVE, Duration.ofSeconds(8));
        Shrinker.check(faults, schedule -> {
            PaxosCluster cluster = PaxosCluster.of(seed).servers(5).keyValue().build();
            List<SimClient> clients = clients(cluster);
            Workload workload = Workload.readsWritesAndCas("x", "y");
            clients.forEach(c -> c.runWorkload(1_000, workload));
            schedule.applyTo(cluster.sim);
            cluster.sim.runFor(schedule.duration());
            long ok = cluster.sim.history().operations().stream().filter(op -> op.outcome() == Outcome.OK).count();
            assertThat(ok).as("operations that completed over %s of faults", schedule.duration()).isPositive();
            cluster.assertLinearizable();
        });
    }

    @RandomizedTest(seeds = 20)
    @DisplayName("liveness: after the network heals, new operations complete, each within 1 s")
    void liveAfterHealing(long seed) {
        FaultSchedule faults = Nemesis.standard().schedule(seed, AgreementUnderNemesisTest.FIVE, Duration.ofSeconds(5));
        Shrinker.check(faults, schedule -> {
            PaxosCluster cluster = PaxosCluster.of(seed).servers(5).keyValue().build();
            List<SimClient> clients = clients(cluster);
            Workload workload = Workload.readsWritesAndCas("x", "y");
            clients.forEach(c -> c.runWorkload(1_000, workload));
            schedule.applyTo(cluster.sim);
            cluster.sim.runFor(schedule.duration());
            cluster.endEveryFault();
            // New clients, each through its own server and on its own key, while the old ones go on with x
            // and y: proposers that contend for one register may end each other's operations as unknown
            // (see the README); these do not contend, and must all get through.
            for (int i = 1; i <= 3; i++) {
                SimClient client = cluster.client("d" + i, cluster.id(i));
                String key = "k" + i;
                for (KvCommand command : List.of(new KvCommand.Write(key, "w" + i), new KvCommand.Read(key),
                        new KvCommand.CompareAndSet(key, "w" + i, "z" + i))) {
                    Operation op = cluster.run(client, command);
                    assertThat(op.outcome()).as("the outcome of %s through %s, after the faults ended (%s)", command,
                            cluster.id(i), cluster.describe()).isEqualTo(Outcome.OK);
                    assertThat(Duration.ofNanos(op.completedAt() - op.invokedAt())).as("how long %s took", command)
                            .isLessThanOrEqualTo(Duration.ofSeconds(1));
                }
            }
            cluster.assertLinearizable();
        });
    }
}
