package dev.kata.log;

import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.sim.DurabilityWatch;
import dev.kata.runtime.sim.NetworkConfig;
import dev.kata.runtime.sim.Simulation;
import dev.kata.runtime.sim.SimulationConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A simulated cluster of {@link RaftNode}s, as 05's {@link LogCluster} makes one of {@code ReplicaNode}s,
 * with the same network, clients and timing ({@link LogCluster#CLIENTS}, {@link LogCluster#PATIENT}):
 * every send watched by {@link RaftDurability}, 05's {@link LogInvariants} after every event.
 */
final class RaftCluster {

    final Simulation sim;
    final List<NodeId> servers;

    private RaftCluster(Simulation sim, List<NodeId> servers) {
        this.sim = sim;
        this.servers = servers;
    }

    static Builder of(long seed) {
        return new Builder(seed);
    }

    static final class Builder {
        private final long seed;
        private int size = 3;
        private ReplicaConfig config = RaftNode.DEFAULT;
        private NetworkConfig network = NetworkConfig.reliable().withLatency(LogCluster.ms(1), LogCluster.ms(5));
        private final Set<NodeId> favourites = new TreeSet<>();
        private boolean invariants = true;
        private final List<Consumer<Simulation>> beforeStart = new ArrayList<>();

        private Builder(long seed) {
            this.seed = seed;
        }

        Builder servers(int count) {
            this.size = count;
            return this;
        }

        /** No {@link LogInvariants} of its own: the contract suite installs them itself. */
        Builder withoutInvariants() {
            this.invariants = false;
            return this;
        }

        Builder config(ReplicaConfig all) {
            this.config = all;
            return this;
        }

        /**
         * {@code servers} stand for election after 150 to 300 ms of silence, the others after 1 to 2 s
         * ({@link LogCluster#PATIENT}): how a scenario decides who stands first.
         */
        Builder favourites(String... servers) {
            for (String server : servers) {
                favourites.add(NodeId.of(server));
            }
            return this;
        }

        /**
         * Writes {@code entries} into {@code server}'s log before the run, its commit index at
         * {@code commitIndex}, its term at {@code term} with its vote there for {@code votedFor}: what
         * a history of earlier leaders left on its disk (05's files, 05's {@link ReplicaLog}).
         */
        Builder preload(String server, long term, String votedFor, long commitIndex, Entry... entries) {
            beforeStart.add(sim -> LogCluster.writeHistory(sim, NodeId.of(server), config.codec(), term,
                    NodeId.of(votedFor), commitIndex, entries));
            return this;
        }

        RaftCluster build() {
            Simulation sim = new Simulation(SimulationConfig.of(seed, config.codec()).withNetwork(network)
                    .withClients(LogCluster.CLIENTS));
            DurabilityWatch watch = new DurabilityWatch(new RaftDurability(config.codec()));
            ReplicaConfig patient = config.withTiming(LogCluster.PATIENT);
            List<NodeId> ids = new ArrayList<>();
            for (int i = 1; i <= size; i++) {
                NodeId id = NodeId.of("n" + i);
                ReplicaConfig mine = favourites.isEmpty() || favourites.contains(id) ? config : patient;
                ids.add(sim.addServer(id.name(), watch.around(RaftNode.factory(mine))));
            }
            beforeStart.forEach(step -> step.accept(sim));
            if (invariants) {
                LogInvariants.install(sim, RaftNode.class);
            }
            return new RaftCluster(sim, List.copyOf(ids));
        }
    }

    NodeId id(int number) {
        return servers.get(number - 1);
    }

    RaftNode node(NodeId id) {
        return sim.node(id, RaftNode.class);
    }

    RaftNode node(int number) {
        return node(id(number));
    }

    /** The leader of the highest term among the servers that are up, if one leads. */
    Optional<RaftNode> leader() {
        return servers.stream().filter(sim::isUp).map(this::node).filter(RaftNode::isLeader)
                .max(java.util.Comparator.comparingLong(RaftNode::generation));
    }

    RaftNode awaitLeader(Duration max) {
        sim.runUntil(() -> leader().isPresent(), max, "a leader is elected (" + describe() + ")");
        return leader().orElseThrow();
    }

    /** Each server, its role and its log: "n1 (leader, term 2, log 3, commit 3, applied 3), n2 down". */
    String describe() {
        return servers.stream().map(id -> sim.isUp(id) ? node(id) + " " + logOf(id) : id + " down")
                .collect(Collectors.joining(", "));
    }

    /** {@code server}'s log, one entry per index: "[x(g2), NoOp[term=4](g4)]". */
    String logOf(NodeId server) {
        RaftNode node = node(server);
        List<String> entries = new ArrayList<>();
        for (long i = 1; i <= node.lastIndex(); i++) {
            entries.add(LogCluster.describe(node.entry(i)));
        }
        return entries.toString();
    }
}
