package dev.kata.runtime.example;

import static dev.kata.runtime.sim.ClusterHarness.ms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.kata.runtime.checker.KvCommand;
import dev.kata.runtime.checker.Operation;
import dev.kata.runtime.checker.Outcome;
import dev.kata.runtime.example.RegisterMessage.Response;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.sim.ClockConfig;
import dev.kata.runtime.sim.DurabilityViolation;
import dev.kata.runtime.sim.DurabilityWatch;
import dev.kata.runtime.sim.KvClusterHarness;
import dev.kata.runtime.sim.NetworkConfig;
import dev.kata.runtime.sim.SimClient;
import dev.kata.runtime.sim.Simulation;
import dev.kata.runtime.sim.SimulationConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The shared test-cluster harness, on the example register ({@link RegisterCluster} wraps it as a module would). */
@DisplayName("The cluster harness that every module's test cluster extends")
class ClusterHarnessTest {

    static final NodeId N1 = NodeId.of("n1");
    static final NodeId N2 = NodeId.of("n2");
    static final NodeId N3 = NodeId.of("n3");

    @Test
    @DisplayName("adds servers n1 to nN, each made for its name and watched, and numbers them from 1")
    void servers() {
        Simulation sim = new Simulation(SimulationConfig.of(1, RegisterMessage.CODEC));
        List<String> names = new ArrayList<>();
        DurabilityWatch watch = new DurabilityWatch((from, to, message, image) -> Optional.empty());
        KvClusterHarness cluster = new KvClusterHarness(sim, 3, watch, name -> {
            names.add(name);
            return RegisterNode::new;
        });

        assertThat(names).containsExactly("n1", "n2", "n3");
        assertThat(cluster.servers()).containsExactly(N1, N2, N3).isEqualTo(sim.servers());
        assertThat(cluster.id(2)).isEqualTo(N2);
        assertThatThrownBy(() -> cluster.id(4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("servers are numbered 1 to 3, not 4");

        cluster.write(sim.addClient("c1", new RegisterClient(N1)), "x", "1");
        assertThat(cluster.watch()).isSameAs(watch);
        assertThat(watch.sends()).as("the watch saw n1's answer").isEqualTo(1);
    }

    @Test
    @DisplayName("runs a write, a read and a compare-and-set each to its end, the next one strictly after")
    void operations() {
        RegisterCluster cluster = RegisterCluster.of(2).build();
        SimClient<KvCommand, String> client = cluster.client("c1", N1);

        Operation<KvCommand, String> write = cluster.write(client, "x", "1");
        Operation<KvCommand, String> read = cluster.read(client, "x");
        Operation<KvCommand, String> cas = cluster.compareAndSet(client, "x", "1", "2");

        assertThat(List.of(write, read, cas)).extracting(Operation::outcome)
                .containsExactly(Outcome.OK, Outcome.OK, Outcome.OK);
        assertThat(read.result()).isEqualTo("1");
        assertThat(cas.result()).as("the compare-and-set found 1 and set 2").isEqualTo("true");
        assertThat(read.invokedAt()).as("the read starts after the write ended").isGreaterThan(write.completedAt());
        assertThat(cas.invokedAt()).as("the compare-and-set starts after the read ended").isGreaterThan(read.completedAt());
        assertThat(cluster.history().operations()).containsExactly(write, read, cas);
        assertThat(cluster.run(client, new KvCommand.Read("x")).result()).isEqualTo("2");
    }

    @Test
    @DisplayName("shows what each running server holds for a key, in order of server, and leaves a crashed one out")
    void replicaValues() {
        RegisterCluster cluster = RegisterCluster.of(3).build();
        cluster.write(cluster.client("c1", N1), "x", "a");
        cluster.write(cluster.client("c3", N3), "x", "c");

        assertThat(cluster.values("x")).containsExactly(entry(N1, "a"), entry(N2, "<none>"), entry(N3, "c"));

        cluster.simulation().crash(N2);
        assertThat(cluster.values("x")).containsExactly(entry(N1, "a"), entry(N3, "c"));
    }

    @Test
    @DisplayName("passes a linearizable history")
    void linearizable() {
        RegisterCluster cluster = RegisterCluster.of(4).build();
        SimClient<KvCommand, String> client = cluster.client("c1", N1);
        cluster.write(client, "x", "1");
        cluster.read(client, "x");

        assertThat(cluster.check().isLinearizable()).isTrue();
        cluster.assertLinearizable();
    }

    @Test
    @DisplayName("fails a history that is not linearizable with the checker's explanation and the harness's settings")
    void notLinearizable() {
        RegisterCluster cluster = RegisterCluster.of(5).build();
        cluster.write(cluster.client("c1", N1), "x", "1");
        cluster.read(cluster.client("c2", N2), "x"); // n2 is another register: it has never heard of 1

        String explanation = cluster.check().explanation();
        assertThatThrownBy(cluster::assertLinearizable).isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("the history of 2 operations (3 independent registers) is not linearizable:")
                .hasMessageEndingWith(explanation);
    }

    @Test
    @DisplayName("ends every fault: heals the network and its conditions, restarts crashed servers, resumes paused ones")
    void endEveryFault() {
        RegisterCluster cluster = RegisterCluster.of(6).build();
        Simulation sim = cluster.simulation();
        cluster.write(cluster.client("c1", N1), "x", "1");
        sim.crash(N1);
        sim.pause(N2);
        sim.network().isolate(N3);
        sim.network().setConditions(NetworkConfig.flaky());
        assertThat(cluster.describe()).isEqualTo("n1 down, n2 holds [] (paused), n3 holds []");

        cluster.endEveryFault();

        assertThat(cluster.describe()).isEqualTo("n1 holds [x], n2 holds [], n3 holds []");
        assertThat(sim.network().conditions()).isEqualTo(sim.config().network());
        assertThat(cluster.write(cluster.client("c3", N3), "y", "1").outcome())
                .as("a write to n3, no longer cut off").isEqualTo(Outcome.OK);
    }

    @Test
    @DisplayName("fails the run when the durability watch finds an answer that a crash would take back")
    void watchFails() {
        RegisterCluster cluster = RegisterCluster.of(7)
                .check((from, to, message, image) -> message instanceof Response
                        ? Optional.of("the test refuses every answer") : Optional.empty())
                .build();
        SimClient<KvCommand, String> client = cluster.client("c1", N1);

        assertThatThrownBy(() -> cluster.write(client, "x", "1")).isInstanceOf(DurabilityViolation.class)
                .hasMessageStartingWith("n1 sent Response").hasMessageEndingWith("but the test refuses every answer");
    }

    @Test
    @DisplayName("builds the simulation its builder describes: seed, servers, network, clocks and clients")
    void builder() {
        NetworkConfig network = NetworkConfig.fixedLatency(ms(3));
        ClockConfig clocks = ClockConfig.drifting(ms(10), 0.01);
        RegisterCluster cluster = RegisterCluster.of(8).servers(2).network(network).clocks(clocks)
                .clients(RegisterCluster.CLIENTS.withMaxThinkTime(ms(5))).build();

        SimulationConfig config = cluster.simulation().config();
        assertThat(config.seed()).isEqualTo(8);
        assertThat(cluster.servers()).containsExactly(N1, N2);
        assertThat(config.network()).isEqualTo(network);
        assertThat(config.clocks()).isEqualTo(clocks);
        assertThat(config.clients()).isEqualTo(RegisterCluster.CLIENTS.withMaxThinkTime(ms(5)));
        assertThat(RegisterCluster.of(8).build().simulation().config().network())
                .as("by default, a reliable network of 1 to 5 ms").isEqualTo(NetworkConfig.reliable().withLatency(ms(1), ms(5)));
        assertThatThrownBy(() -> RegisterCluster.of(8).servers(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a cluster needs at least one server, not 0");
    }

    @Test
    @DisplayName("writes the trace page of a run that passed, where a failing run writes its own")
    void writeTrace() {
        RegisterCluster cluster = RegisterCluster.of(9).build();
        cluster.write(cluster.client("c1", N1), "x", "1");

        Path page = cluster.writeTrace();
        assertThat(page).exists();
        assertThat(page.getFileName().toString()).endsWith(".html");
        assertThat(page.toAbsolutePath().normalize().toString())
                .startsWith(Path.of(System.getProperty("kata.traces.dir", "target/kata-traces")).toAbsolutePath().normalize().toString());
        assertThat(Files.isRegularFile(page)).isTrue();
    }
}
