package dev.kata.election;

import dev.kata.runtime.checker.KvCommand;
import dev.kata.runtime.client.ClientConfig;
import dev.kata.runtime.node.NodeFactory;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.sim.DurabilityWatch;
import dev.kata.runtime.sim.KvClusterHarness;
import dev.kata.runtime.sim.SimClient;
import dev.kata.runtime.sim.Simulation;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A simulated cluster of {@link ElectionNode}s for the tests: every node's sends watched by a
 * {@link DurabilityWatch} with the {@link ClockDurability} check, the {@link ElectionInvariants} checked
 * at every event, and a few questions
 * a test asks again and again (who leads? is the cluster settled?). From step 5 on, clients of the
 * key-value store and a look at the history. What every module's test cluster shares (the servers,
 * operations, checks, ending every fault, the trace page) is the runtime's {@link KvClusterHarness}.
 */
final class TestCluster extends KvClusterHarness {

    // The names the tests read: cluster.sim, cluster.servers.
    final Simulation sim = simulation();
    final List<NodeId> servers = servers();

    private TestCluster(Simulation sim, int size, Function<String, NodeFactory> factories) {
        super(sim, size, new DurabilityWatch(new ClockDurability()), factories);
    }

    static Builder of(long seed) {
        return new Builder(seed);
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

    /** Three servers on a reliable network whose messages take 1 to 5 ms, perfect clocks, {@link #CLIENTS}. */
    static final class Builder extends KvClusterHarness.Builder<Builder> {
        private ElectionConfig config = ElectionConfig.DEFAULT;
        private final Map<String, ElectionConfig> configs = new TreeMap<>();

        private Builder(long seed) {
            super(seed, PeerMessage.CODEC, CLIENTS);
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

        TestCluster build() {
            TestCluster cluster = new TestCluster(simulation(), size(),
                    name -> ElectionNode.factory(configs.getOrDefault(name, config)));
            ElectionInvariants.install(cluster.sim);
            return cluster;
        }
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
    SimClient<KvCommand, String> client(String name, NodeId first) {
        return sim.addClient(name, KvClient.startingAt(servers, first));
    }

    /** The value each running server's replica holds for {@code key} ("<none>" if nothing), by server. */
    Map<NodeId, String> values(String key) {
        return replicaValues(id -> node(id).held(key).map(v -> String.valueOf(v.value())));
    }

    /** Each node's role and generation, for {@link #describe()}: "n1 leader g3, n2 follower g3, n3 down". */
    @Override
    protected String describeRunning(NodeId id) {
        ElectionNode node = node(id);
        return node.role().getClass().getSimpleName().toLowerCase(Locale.ROOT) + " g" + node.generation();
    }
}
