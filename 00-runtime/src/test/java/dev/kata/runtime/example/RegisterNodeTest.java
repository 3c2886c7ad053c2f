package dev.kata.runtime.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.runtime.checker.KvCommand;
import dev.kata.runtime.checker.Operation;
import dev.kata.runtime.checker.Outcome;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.client.ClientConfig;
import dev.kata.runtime.sim.FaultSchedule;
import dev.kata.runtime.sim.Nemesis;
import dev.kata.runtime.sim.NetworkConfig;
import dev.kata.runtime.sim.Shrinker;
import dev.kata.runtime.sim.SimClient;
import dev.kata.runtime.sim.Simulation;
import dev.kata.runtime.sim.SimulationConfig;
import dev.kata.runtime.sim.Workload;
import dev.kata.runtime.testing.RandomizedTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * How a test drives a cluster, on the runtime's example node. Each test builds a simulation from a
 * seed, adds servers and clients, runs virtual time, injects faults, and checks what the clients saw.
 */
@DisplayName("The example register, driven by the simulation")
class RegisterNodeTest {

    static final NodeId N1 = NodeId.of("n1");

    Simulation sim;
    SimClient<KvCommand, String> client;

    void cluster(long seed) {
        sim = new Simulation(SimulationConfig.of(seed, RegisterMessage.CODEC));
        sim.addServer("n1", RegisterNode::new);
        client = sim.addClient("c1", new RegisterClient(N1));
    }

    Operation<KvCommand, String> await(KvCommand command) {
        client.submit(command);
        sim.runUntil(() -> !client.busy(), Duration.ofSeconds(10), "c1's " + command + " ends");
        return client.lastOperation();
    }

    @Test
    @DisplayName("answers a client's write, then its read")
    void writeThenRead() {
        cluster(1);
        assertThat(await(new KvCommand.Write("x", "1")).outcome()).isEqualTo(Outcome.OK);
        Operation<KvCommand, String> read = await(new KvCommand.Read("x"));
        assertThat(read.outcome()).isEqualTo(Outcome.OK);
        assertThat(read.result()).isEqualTo("1");
    }

    @Test
    @DisplayName("keeps an answered write through a crash: it persists before it replies")
    void survivesACrash() {
        cluster(2);
        await(new KvCommand.Write("x", "1"));
        sim.crash(N1);
        sim.restart(N1);
        assertThat(sim.node(N1, RegisterNode.class).values()).containsEntry("x", "1");
        assertThat(await(new KvCommand.Read("x")).result()).isEqualTo("1");
    }

    @Test
    @DisplayName("spends two messages on a write: the request and the answer")
    void budget() {
        cluster(3);
        await(new KvCommand.Write("x", "1"));
        assertThat(sim.costOf(client.lastOperation().id()).messages()).isEqualTo(2);
    }

    @Test
    @DisplayName("records a write whose answer was lost as unknown: it happened all the same")
    void lostAnswerIsUnknown() {
        cluster(4);
        sim.network().block(N1, client.id()); // requests arrive, answers are lost
        Operation<KvCommand, String> write = await(new KvCommand.Write("x", "1"));
        assertThat(write.outcome()).isEqualTo(Outcome.UNKNOWN);
        sim.network().heal();
        assertThat(await(new KvCommand.Read("x")).result()).isEqualTo("1");
    }

    /**
     * A randomized story: three clients, a server that crashes, pauses and loses messages. Phrased as
     * "given a fault schedule, run and check", so that a failure is shrunk to its shortest story.
     */
    @RandomizedTest(seeds = 10)
    @DisplayName("under a nemesis, never answers a write before it is durable, and stays linearizable")
    void underANemesis(long seed) {
        FaultSchedule faults = Nemesis.standard()
                .withFaults(Nemesis.FaultKind.CRASH, Nemesis.FaultKind.PAUSE, Nemesis.FaultKind.LOSSY,
                        Nemesis.FaultKind.SLOW)
                .withMaxDown(1)
                .schedule(seed, List.of(N1), Duration.ofSeconds(20));
        Shrinker.check(faults, schedule -> {
            Simulation run = new Simulation(SimulationConfig.of(seed, RegisterMessage.CODEC)
                    .withNetwork(NetworkConfig.reliable().withLatency(Duration.ofMillis(1), Duration.ofMillis(20)))
                    .withClients(ClientConfig.defaults().withRetryInterval(Duration.ofMillis(300))));
            run.addServer("n1", RegisterNode::new);
            List<SimClient<KvCommand, String>> clients = run.addClients(3, () -> new RegisterClient(N1));
            run.invariant("a write is durable before it is answered", () -> {
                for (RegisterNode node : run.nodes(RegisterNode.class)) {
                    assertThat(node.acknowledgedWrites()).isLessThanOrEqualTo(node.durableWrites());
                }
            });
            Workload<KvCommand> workload = Workload.readsWritesAndCas("x", "y");
            for (SimClient<KvCommand, String> c : clients) {
                c.runWorkload(30, workload);
            }
            schedule.applyTo(run);
            run.runFor(schedule.duration());
            run.runUntil(() -> clients.stream().allMatch(SimClient::finished), Duration.ofMinutes(5),
                    "every client finishes its workload after the faults");
            // Not linearizable: the failing operations are marked on the trace page.
            run.checkLinearizability().assertLinearizable();
        });
    }
}
