package dev.kata.election;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.runtime.checker.KvCommand;
import dev.kata.runtime.checker.LinearizabilityResult;
import dev.kata.runtime.checker.Operation;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.sim.ClientConfig;
import dev.kata.runtime.sim.ClockConfig;
import dev.kata.runtime.sim.DurabilityWatch;
import dev.kata.runtime.sim.NetworkConfig;
import dev.kata.runtime.sim.SimClient;
import dev.kata.runtime.sim.Simulation;
import dev.kata.runtime.sim.SimulationConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A simulated cluster of {@link ElectionNode}s for the tests: every node's sends watched by a
 * {@link DurabilityWatch} with the {@link ClockDurability} check, the {@link ElectionInvariants} checked
 * at every event, and a few questions
 * a test asks again and again (who leads? is the cluster settled?). From step 5 on, clients of the
 * key-value store and a look at the history.
 */
final class TestCluster {

    final Simulation sim;
    final List<NodeId> servers;
    final DurabilityWatch watch;

    private TestCluster(Simulation sim, List<NodeId> servers, DurabilityWatch watch) {
        this.sim = sim;
        this.servers = servers;
        this.watch = watch;
    }

    static Builder of(long seed) {
        return new Builder(seed);
    }

    static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    /**
     * Clients give up after 1 s (a compare-and-set takes up to three rounds of the leader's 200 ms
     * request timeout, and a redirect or two) and never retry: without an Idempotent Receiver a retried
     * write could be carried out twice, by two leaders.
     */
    static final ClientConfig CLIENTS = ClientConfig.defaults().withOperationTimeout(Duration.ofSeconds(1))
            .withRetryInterval(Duration.ofSeconds(1)).withMaxThinkTime(Duration.ofMillis(20));

    /** Election timeouts of 10 to 20 s: a node with this config never stands within a short test. */
    static ElectionConfig patient() {
        return ElectionConfig.DEFAULT.withElectionTimeout(Duration.ofSeconds(10), Duration.ofSeconds(20));
    }

    static final class Builder {
        private final long seed;
        private int size = 3;
        private ElectionConfig config = ElectionConfig.DEFAULT;
        private final Map<String, ElectionConfig> configs = new TreeMap<>();
        private NetworkConfig network = NetworkConfig.reliable().withLatency(ms(1), ms(5));
        private ClockConfig clocks = ClockConfig.perfect();
        private ClientConfig clients = CLIENTS;

        private Builder(long seed) {
            this.seed = seed;
        }

        Builder servers(int count) {
            this.size = count;
            return this;
        }

        /** The configuration of every node that has none of its own. */
        Builder config(ElectionConfig all) {
            this.config = all;
            return this;
        }

        /** The configuration of one node, to script who stands first, or who steps down late. */
        Builder config(String node, ElectionConfig own) {
            configs.put(node, own);
            return this;
        }

        Builder network(NetworkConfig conditions) {
            this.network = conditions;
            return this;
        }

        Builder clocks(ClockConfig clockConfig) {
            this.clocks = clockConfig;
            return this;
        }

        Builder clients(ClientConfig clientConfig) {
            this.clients = clientConfig;
            return this;
        }

        TestCluster build() {
            Simulation sim = new Simulation(SimulationConfig.of(seed, PeerMessage.CODEC).withNetwork(network)
                    .withClocks(clocks).withClients(clients));
            DurabilityWatch watch = new DurabilityWatch(new ClockDurability());
            List<NodeId> ids = new ArrayList<>();
            for (int i = 1; i <= size; i++) {
                String name = "n" + i;
                ids.add(sim.addServer(name, watch.around(ElectionNode.factory(configs.getOrDefault(name, config)))));
            }
            ElectionInvariants.install(sim);
            return new TestCluster(sim, List.copyOf(ids), watch);
        }
    }

    NodeId id(int number) {
        return servers.get(number - 1);
    }

    ElectionNode node(NodeId id) {
        return sim.node(id, ElectionNode.class);
    }

    /** The nodes that are up (paused ones too). */
    List<ElectionNode> nodes() {
        return sim.nodes(ElectionNode.class);
    }

    /** The leader of the highest generation that has one now, if any. */
    Optional<ElectionNode> leader() {
        return nodes().stream().filter(ElectionNode::isLeader)
                .max(Comparator.comparingLong(n -> n.leaderOf().orElseThrow()));
    }

    /**
     * The leader, if the cluster has settled: exactly one node leads, and every node that is up and not
     * paused is in its generation and follows it.
     */
    Optional<ElectionNode> settledLeader() {
        List<ElectionNode> leaders = nodes().stream().filter(ElectionNode::isLeader).toList();
        if (leaders.size() != 1) {
            return Optional.empty();
        }
        ElectionNode leader = leaders.get(0);
        long generation = leader.leaderOf().orElseThrow();
        for (ElectionNode node : nodes()) {
            if (sim.isPaused(node.id())) {
                continue;
            }
            if (node.generation() != generation || !node.knownLeader().equals(Optional.of(leader.id()))) {
                return Optional.empty();
            }
        }
        return Optional.of(leader);
    }

    ElectionNode awaitLeader(Duration max) {
        sim.runUntil(() -> leader().isPresent(), max, "some node is elected leader");
        return leader().orElseThrow();
    }

    ElectionNode awaitSettledLeader(Duration max) {
        sim.runUntil(() -> settledLeader().isPresent(), max,
                "the cluster settles: one leader, every running node in its generation and following it");
        return settledLeader().orElseThrow();
    }

    /** Waits for a leader of a generation above {@code generation}. */
    ElectionNode awaitLeaderAbove(long generation, Duration max) {
        sim.runUntil(() -> leader().filter(l -> l.leaderOf().orElseThrow() > generation).isPresent(), max,
                "a leader of a generation above " + generation + " is elected");
        return leader().orElseThrow();
    }

    // ------------------------------------------------------------------ step 5: clients and histories

    /** A client that asks {@code first} first, and follows "not the leader" answers from there. */
    SimClient client(String name, NodeId first) {
        return sim.addClient(name, KvClient.startingAt(servers, first));
    }

    /**
     * Runs {@code command} for {@code client} until it has its outcome (ok, or unknown after its
     * timeout), and 1 ms more: the next operation then starts strictly after this one ended (the
     * checker takes operations that touch at one instant for concurrent).
     */
    Operation run(SimClient client, KvCommand command) {
        client.submit(command);
        sim.runUntil(() -> !client.busy(), sim.config().clients().operationTimeout().plus(ms(10)),
                client.id() + "'s " + command + " ends");
        sim.runFor(ms(1));
        return client.lastOperation();
    }

    Operation write(SimClient client, String key, String value) {
        return run(client, new KvCommand.Write(key, value));
    }

    Operation read(SimClient client, String key) {
        return run(client, new KvCommand.Read(key));
    }

    Operation compareAndSet(SimClient client, String key, String expected, String value) {
        return run(client, new KvCommand.CompareAndSet(key, expected, value));
    }

    /** The value each running server's replica holds for {@code key} ("<none>" if nothing), by server. */
    Map<NodeId, String> values(String key) {
        Map<NodeId, String> values = new TreeMap<>();
        for (ElectionNode node : nodes()) {
            values.put(node.id(), node.held(key).map(v -> String.valueOf(v.value())).orElse("<none>"));
        }
        return values;
    }

    /** Checks the history; marks the failing piece on the trace page and writes the verdict there. */
    LinearizabilityResult check() {
        return sim.checkLinearizability();
    }

    void assertLinearizable() {
        LinearizabilityResult result = check();
        assertThat(result.isLinearizable()).as("the history of %d operations is linearizable:%n%s",
                sim.history().operations().size(), result.explanation()).isTrue();
    }

    /** Writes this run's trace page now (for a test that passes, to show what happened); returns its path. */
    Path writeTrace() {
        return sim.writeTrace(Path.of(System.getProperty("kata.traces.dir", "target/kata-traces")));
    }

    /** Every node's role and generation, for failure messages: "n1 leader g3, n2 follower g3, n3 down". */
    String describe() {
        return servers.stream().map(id -> {
            if (!sim.isUp(id)) {
                return id + " down";
            }
            ElectionNode node = node(id);
            String role = node.role().getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
            return id + " " + role + " g" + node.generation() + (sim.isPaused(id) ? " (paused)" : "");
        }).collect(Collectors.joining(", "));
    }
}
