// Generated from solutions/02-quorum/src/test/java/dev/kata/quorum/Cluster.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint 1d8532fc2190
package dev.kata.quorum;

import dev.kata.runtime.checker.KvCommand;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.client.ClientConfig;
import dev.kata.runtime.sim.ClockConfig;
import dev.kata.runtime.sim.DurabilityWatch;
import dev.kata.runtime.sim.FaultSchedule;
import dev.kata.runtime.sim.KvClusterHarness;
import dev.kata.runtime.sim.Nemesis;
import dev.kata.runtime.sim.NetworkConfig;
import dev.kata.runtime.sim.SimClient;
import dev.kata.runtime.sim.Simulation;
import dev.kata.runtime.sim.SimulationConfig;
import dev.kata.runtime.sim.Workload;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A simulated quorum store for the tests: N servers running {@link QuorumNode}, clients that speak
 * {@link QuorumClient}, and the few things every scenario needs (run an operation to its end, look
 * at what a replica holds, check the history). What every module's test cluster shares (the
 * servers under a durability watch, operations, checks, the trace page) is the runtime's
 * {@link KvClusterHarness}; this class adds what is the quorum store's own.
 */
final class Cluster extends KvClusterHarness {

    static final NodeId N1 = NodeId.of("n1");
    static final NodeId N2 = NodeId.of("n2");
    static final NodeId N3 = NodeId.of("n3");
    static final NodeId N4 = NodeId.of("n4");
    static final NodeId N5 = NodeId.of("n5");

    // The names the tests read: cluster.sim, cluster.servers.
    final Simulation sim = simulation();
    final List<NodeId> servers = servers();
    final QuorumConfig config;
    private final Map<SimClient<KvCommand, String>, QuorumClient> protocols = new HashMap<>();
    private final ClientConfig clientConfig;

    private Cluster(Simulation sim, QuorumConfig config) {
        // Every replica's ack is checked, as it is sent, against what a crash would leave (AckDurability).
        super(sim, config.n(), new DurabilityWatch(new AckDurability()), name -> QuorumNode.factory(config));
        this.config = config;
        this.clientConfig = clientConfig(config);
    }

    /** A cluster on a reliable network whose messages take exactly 1 ms: scripted scenarios read like stories. */
    static Cluster of(long seed, QuorumConfig config) {
        return of(SimulationConfig.of(seed, QuorumMessage.CODEC).withNetwork(NetworkConfig.fixedLatency(ms(1))),
                config);
    }

    static Cluster of(SimulationConfig simulation, QuorumConfig config) {
        return new Cluster(new Simulation(simulation), config);
    }

    static SimulationConfig simulation(long seed, NetworkConfig network) {
        return SimulationConfig.of(seed, QuorumMessage.CODEC).withNetwork(network).withClocks(ClockConfig.perfect());
    }

    /**
     * Clients give up after every round a coordinator may wait for (two, for a SYNC read or a QUORUM
     * write) and a little more; they never retry, so no write is carried out twice by two coordinators.
     */
    static ClientConfig clientConfig(QuorumConfig config) {
        Duration timeout = config.timeout().multipliedBy(2).plus(ms(100));
        return ClientConfig.defaults().withOperationTimeout(timeout).withRetryInterval(timeout)
                .withMaxThinkTime(ms(20));
    }

    /** A client that sends every operation to {@code server}. */
    SimClient<KvCommand, String> client(String name, NodeId server) {
        return client(name, QuorumClient.pinned(server));
    }

    /** A client that asks every server in turn, starting with the {@code first}-th. */
    SimClient<KvCommand, String> rotatingClient(String name, int first) {
        return client(name, new QuorumClient(servers, first));
    }

    private SimClient<KvCommand, String> client(String name, QuorumClient protocol) {
        SimClient<KvCommand, String> client = sim.addClient(name, protocol, clientConfig);
        protocols.put(client, protocol);
        return client;
    }

    QuorumClient protocol(SimClient<KvCommand, String> client) {
        return protocols.get(client);
    }

    /** What {@code server} holds for {@code key} now. */
    Optional<VersionedValue> held(NodeId server, String key) {
        return sim.node(server, QuorumNode.class).held(key);
    }

    /** The value (not the version) each running server holds for {@code key}, in order of server. */
    List<String> values(String key) {
        return List.copyOf(replicaValues(server -> held(server, key).map(v -> v.isTombstone() ? "<deleted>" : v.value()))
                .values());
    }

    /** A failed linearizability check names the quorum configuration. */
    @Override
    protected String settings() {
        return config.toString();
    }

    /**
     * The randomized scenario of steps 4 and 5: three servers, three clients that ask every server in
     * turn, reads and writes of unique values on two keys, and the nemesis's {@code schedule} of
     * faults. Runs until every client has finished, and returns the cluster to check.
     */
    static Cluster underNemesis(long seed, QuorumConfig config, FaultSchedule schedule, ClockConfig clocks) {
        Cluster cluster = of(SimulationConfig.of(seed, QuorumMessage.CODEC)
                .withNetwork(NetworkConfig.reliable().withLatency(ms(1), ms(10)))
                .withClocks(clocks), config);
        List<SimClient<KvCommand, String>> clients = new ArrayList<>();
        Workload<KvCommand> workload = readsAndWrites(0.7, "x");
        // Clients think up to 300 ms between operations, so that their operations span the faults.
        ClientConfig thinking = cluster.clientConfig.withMaxThinkTime(ms(300));
        for (int i = 0; i < 3; i++) {
            QuorumClient protocol = new QuorumClient(cluster.servers, i);
            SimClient<KvCommand, String> client = cluster.sim.addClient("c" + (i + 1), protocol, thinking);
            cluster.protocols.put(client, protocol);
            client.runWorkload(40, workload);
            clients.add(client);
        }
        schedule.applyTo(cluster.sim);
        cluster.sim.runFor(schedule.duration());
        cluster.sim.network().heal();
        cluster.sim.runUntil(() -> clients.stream().allMatch(SimClient::finished), Duration.ofMinutes(5),
                "every client finishes its workload after the faults");
        return cluster;
    }

    /**
     * The standard nemesis (crashes, pauses, partitions both ways and one way, slow and lossy links,
     * never more than a minority down), with an episode every 400 ms on average, each up to 800 ms:
     * many short faults give many writes that reach only some replicas. {@code extra} adds kinds (a
     * drifting clock).
     */
    static FaultSchedule faults(long seed, Duration duration, Nemesis.FaultKind... extra) {
        Nemesis nemesis = Nemesis.standard().withMeanInterval(ms(400)).withMaxFaultLength(ms(800));
        if (extra.length > 0) {
            EnumSet<Nemesis.FaultKind> kinds = EnumSet.copyOf(nemesis.faults());
            kinds.addAll(List.of(extra));
            nemesis = new Nemesis(kinds, nemesis.meanInterval(), nemesis.maxFaultLength(), nemesis.maxDown(),
                    nemesis.lossy(), nemesis.maxClockDrift());
        }
        return nemesis.schedule(seed, List.of(N1, N2, N3), duration);
    }

    /** Reads and writes over {@code keys}, half of them reads; every write writes a value never written before. */
    static Workload<KvCommand> readsAndWrites(String... keys) {
        return readsAndWrites(0.5, keys);
    }

    /** Reads and writes over {@code keys}, a share {@code reads} of them reads; every write writes a new value. */
    static Workload<KvCommand> readsAndWrites(double reads, String... keys) {
        int[] written = {0};
        return random -> {
            String key = keys[random.nextInt(keys.length)];
            if (random.nextDouble() < reads) {
                return new KvCommand.Read(key);
            }
            return new KvCommand.Write(key, "v" + (++written[0]));
        };
    }
}
