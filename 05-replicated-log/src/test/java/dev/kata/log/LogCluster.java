// Generated from solutions/05-replicated-log/src/test/java/dev/kata/log/LogCluster.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint da7b2bbf1a2d
package dev.kata.log;

import dev.kata.election.ClientMessage.KvRequest;
import dev.kata.election.ClientMessage.Operation;
import dev.kata.election.ElectionConfig;
import dev.kata.election.GenerationClock;
import dev.kata.election.KvClient;
import dev.kata.runtime.checker.KvCommand;
import dev.kata.runtime.checker.Outcome;
import dev.kata.runtime.client.ClientConfig;
import dev.kata.runtime.disk.ScopedDisk;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.sim.DurabilityWatch;
import dev.kata.runtime.sim.KvClusterHarness;
import dev.kata.runtime.sim.Probe;
import dev.kata.runtime.sim.SimClient;
import dev.kata.runtime.sim.Simulation;
import dev.kata.runtime.wire.RecordCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A simulated cluster of {@link ReplicaNode}s for the tests: every send watched by the runtime's
 * {@link DurabilityWatch} (with {@link LogDurability}), the log's safety invariants
 * ({@link LogInvariants}) checked after every event, and the questions a test asks again and again.
 * What every module's test cluster shares (the servers, operations, checks, ending every fault, the
 * trace page) is the runtime's {@link KvClusterHarness}.
 */
final class LogCluster extends KvClusterHarness {

    // The names the tests read: cluster.sim, cluster.servers.
    final Simulation sim = simulation();
    final List<NodeId> servers = servers();
    private long sequence;

    private LogCluster(Simulation sim, int size, ReplicaConfig config, java.util.function.Function<String, ReplicaConfig> configs) {
        super(sim, size, new DurabilityWatch(new LogDurability(config.codec())),
                name -> ReplicaNode.factory(configs.apply(name)));
    }

    static Builder of(long seed) {
        return new Builder(seed);
    }

    /** Clients give up after 1 s; 03's client never sends one operation twice to one server. */
    static final ClientConfig CLIENTS = ClientConfig.defaults().withOperationTimeout(Duration.ofSeconds(1))
            .withRetryInterval(Duration.ofMillis(300)).withMaxThinkTime(Duration.ofMillis(20));

    /** Elections after 1 to 2 s of silence: long enough that a test's favourite always stands first. */
    static final ElectionConfig PATIENT = ElectionConfig.DEFAULT.withElectionTimeout(ms(1000), ms(2000));

    /** Three servers on a reliable network whose messages take 1 to 5 ms, perfect clocks, {@link #CLIENTS}. */
    static final class Builder extends KvClusterHarness.Builder<Builder> {
        private ReplicaConfig config = ReplicaConfig.DEFAULT;
        private NodeId favourite;
        private ElectionConfig others = PATIENT;
        private boolean invariants = true;
        private final List<Consumer<Simulation>> beforeStart = new ArrayList<>();
        private final java.util.Map<String, ElectionConfig> timings = new java.util.TreeMap<>();

        private Builder(long seed) {
            super(seed, ReplicaConfig.DEFAULT.codec(), CLIENTS);
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
         * {@code server} stands for election first: the others wait 1 to 2 s of silence before they
         * stand ({@link #PATIENT}, or {@link #othersTiming}), it 150 to 300 ms. How a scenario decides who leads.
         */
        Builder favourite(String server) {
            this.favourite = NodeId.of(server);
            return this;
        }

        /** The timing of the servers other than the favourite (by default {@link #PATIENT}). */
        Builder othersTiming(ElectionConfig timing) {
            this.others = timing;
            return this;
        }

        /** The timing of one server, whatever the favourite: to script who stands when. */
        Builder timing(String server, ElectionConfig timing) {
            timings.put(server, timing);
            return this;
        }

        /**
         * Writes {@code entries} into {@code server}'s log before the run, with its High-Water Mark at
         * {@code highWaterMark} and its generation clock at {@code generation} (its vote there its own): the state a history of
         * earlier leaders left (the disk of a crashed node, replayed).
         */
        Builder preload(String server, long generation, long highWaterMark, Entry... entries) {
            // It stood in that generation: nobody else gets its vote there.
            beforeStart.add(sim -> writeHistory(sim, NodeId.of(server), config.codec(), generation, NodeId.of(server),
                    highWaterMark, entries));
            return this;
        }

        LogCluster build() {
            ReplicaConfig patient = config.withTiming(others);
            LogCluster cluster = new LogCluster(simulation(), size(), config,
                    name -> timings.containsKey(name) ? config.withTiming(timings.get(name))
                            : favourite == null || favourite.name().equals(name) ? config : patient);
            beforeStart.forEach(step -> step.accept(cluster.sim));
            if (invariants) {
                LogInvariants.install(cluster.sim, ReplicaNode.class);
            }
            return cluster;
        }
    }

    /**
     * Writes onto {@code id}'s disk, before the run, what a history of earlier leaders left there: its
     * generation clock at {@code generation} with its vote for {@code votedFor}, and {@code entries} in its
     * log (05's files, 05's {@link ReplicaLog}) with the High-Water Mark at {@code highWaterMark}. The Raft
     * variant's cluster preloads the same files.
     */
    static void writeHistory(Simulation sim, NodeId id, RecordCodec codec, long generation, NodeId votedFor,
                             long highWaterMark, Entry... entries) {
        try (GenerationClock clock = GenerationClock.open(new ScopedDisk(sim.disk(id), ReplicaNode.CLOCK_FILES))) {
            clock.voteFor(generation, votedFor);
        }
        try (ReplicaLog log = ReplicaLog.open(new ScopedDisk(sim.disk(id), ReplicaNode.LOG_FILES), codec)) {
            for (Entry entry : entries) {
                log.append(entry);
            }
            log.force();
            log.raiseHighWaterMark(highWaterMark);
        }
    }

    static Entry entry(long generation, String client, String key, String value) {
        return new Entry(generation, new ClientCommand(new KvRequest(client, 1, Operation.WRITE, key, value, null)));
    }

    ReplicaNode node(NodeId id) {
        return sim.node(id, ReplicaNode.class);
    }

    ReplicaNode node(int number) {
        return node(id(number));
    }

    /** The leader, once one of the servers that are up leads. */
    Optional<ReplicaNode> leader() {
        return servers.stream().filter(sim::isUp).map(this::node).filter(ReplicaNode::isLeader).findFirst();
    }

    /** Runs until some server leads (at most {@code max}); returns it. */
    ReplicaNode awaitLeader(Duration max) {
        sim.runUntil(() -> leader().isPresent(), max, "a leader is elected (" + describe() + ")");
        return leader().orElseThrow();
    }

    /** Runs until every server that is up has applied up to {@code index}. */
    void awaitApplied(long index, Duration max) {
        sim.runUntil(() -> servers.stream().filter(sim::isUp).allMatch(id -> node(id).lastApplied() >= index), max,
                "every server applies up to " + index + " (" + describe() + ")");
    }

    // ------------------------------------------------------------------ clients

    Probe probe(String name) {
        return Probe.add(sim, name);
    }

    /** A client's write request, as 03's client would send it, from {@code probe}; a new sequence number. */
    KvRequest write(Probe probe, String key, String value) {
        return new KvRequest(probe.id().name(), ++sequence, Operation.WRITE, key, value, null);
    }

    /** A client of the key-value store (03's client) that asks {@code server} first. */
    SimClient<KvCommand, String> client(String name, NodeId server) {
        return sim.addClient(name, KvClient.startingAt(servers, server));
    }

    long completed() {
        return sim.history().operations().stream().filter(op -> op.outcome() == Outcome.OK).count();
    }

    /** "leader, generation 2, log 3, hwm 3, applied 3": what {@link #describe()} says of a server that is up. */
    @Override
    protected String describeRunning(NodeId id) {
        String full = node(id).toString(); // "n1 (leader, ...)"
        return full.substring(full.indexOf('(') + 1, full.length() - 1);
    }

    /** The commands of {@code server}'s log, one per index: "[x(g2), y(g3)]". */
    String logOf(NodeId server) {
        ReplicaNode node = node(server);
        List<String> entries = new ArrayList<>();
        for (long i = node.firstIndex(); i <= node.lastIndex(); i++) {
            entries.add(describe(node.entry(i)));
        }
        return entries.toString();
    }

    /**
     * The commands of {@code server}'s log, without generations: what replicas agree on. (A committed
     * entry that a new leader re-proposed keeps its old generation on a follower that had it committed.)
     */
    List<Command> commands(NodeId server) {
        ReplicaNode node = node(server);
        List<Command> commands = new ArrayList<>();
        for (long i = node.firstIndex(); i <= node.lastIndex(); i++) {
            commands.add(node.entry(i).command());
        }
        return commands;
    }

    static String describe(Entry entry) {
        String what = entry.command() instanceof ClientCommand c ? c.request().operation() == Operation.WRITE
                ? c.request().value() : c.request().operation() + " " + c.request().key() : entry.command().toString();
        return what + "(g" + entry.generation() + ")";
    }

}
