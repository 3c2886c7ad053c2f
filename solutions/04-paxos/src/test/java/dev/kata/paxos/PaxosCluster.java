package dev.kata.paxos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.election.KvClient;
import dev.kata.paxos.ClientMessage.Decided;
import dev.kata.paxos.ClientMessage.Propose;
import dev.kata.runtime.checker.KvCommand;
import dev.kata.runtime.checker.LinearizabilityResult;
import dev.kata.runtime.checker.Operation;
import dev.kata.runtime.disk.ScopedDisk;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.sim.ClientConfig;
import dev.kata.runtime.sim.DurabilityWatch;
import dev.kata.runtime.sim.Fault;
import dev.kata.runtime.sim.NetworkConfig;
import dev.kata.runtime.sim.Probe;
import dev.kata.runtime.sim.SimClient;
import dev.kata.runtime.sim.Simulation;
import dev.kata.runtime.sim.SimulationConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A simulated cluster of {@link PaxosNode}s for the tests: every node's sends watched by the runtime's
 * {@link DurabilityWatch} (with {@link PaxosDurability}), {@link Agreement} checked at every event (for
 * single-decree registers), and the questions a test asks again and again.
 */
final class PaxosCluster {

    final Simulation sim;
    final List<NodeId> servers;
    final DurabilityWatch watch;
    /** Null for a key-value cluster (step 7), whose registers change by design. */
    private final Agreement agreement;
    private long sequence;

    private PaxosCluster(Simulation sim, List<NodeId> servers, DurabilityWatch watch, Agreement agreement) {
        this.sim = sim;
        this.servers = servers;
        this.watch = watch;
        this.agreement = agreement;
    }

    static Builder of(long seed) {
        return new Builder(seed);
    }

    static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    /**
     * Clients give up after 1 s and never send an operation twice: a second server would run a second
     * round, and the operation could take effect twice.
     */
    static final ClientConfig CLIENTS = ClientConfig.defaults().withOperationTimeout(Duration.ofSeconds(1))
            .withRetryInterval(Duration.ofSeconds(1)).withMaxThinkTime(Duration.ofMillis(20));

    static final class Builder {
        private final long seed;
        private int size = 3;
        private PaxosConfig config = PaxosConfig.DEFAULT;
        private NetworkConfig network = NetworkConfig.reliable().withLatency(ms(1), ms(5));
        private ClientConfig clients = CLIENTS;
        private boolean keyValue;

        private Builder(long seed) {
            this.seed = seed;
        }

        Builder servers(int count) {
            this.size = count;
            return this;
        }

        Builder config(PaxosConfig all) {
            this.config = all;
            return this;
        }

        Builder network(NetworkConfig conditions) {
            this.network = conditions;
            return this;
        }

        Builder clients(ClientConfig clientConfig) {
            this.clients = clientConfig;
            return this;
        }

        /** A key-value store (step 7): its registers change, so single-decree agreement is not checked. */
        Builder keyValue() {
            this.keyValue = true;
            return this;
        }

        PaxosCluster build() {
            Simulation sim = new Simulation(SimulationConfig.of(seed, PaxosMessage.CODEC).withNetwork(network)
                    .withClients(clients));
            DurabilityWatch watch = new DurabilityWatch(new PaxosDurability());
            List<NodeId> ids = new ArrayList<>();
            for (int i = 1; i <= size; i++) {
                ids.add(sim.addServer("n" + i, watch.around(PaxosNode.factory(config))));
            }
            Agreement agreement = keyValue ? null : Agreement.install(sim, size);
            return new PaxosCluster(sim, List.copyOf(ids), watch, agreement);
        }
    }

    NodeId id(int number) {
        return servers.get(number - 1);
    }

    PaxosNode node(NodeId id) {
        return sim.node(id, PaxosNode.class);
    }

    /**
     * Puts {@code state} for register {@code key} on {@code server}'s disk, as if its acceptor had
     * promised and accepted so before: call it before the simulation starts.
     */
    void preload(NodeId server, String key, AcceptorState state) {
        try (AcceptorStorage storage = AcceptorStorage.open(new ScopedDisk(sim.disk(server),
                PaxosNode.ACCEPTOR_FILES))) {
            storage.save(key, state);
        }
    }

    /** The value chosen for {@code key}, judged from the acceptors (single-decree clusters only). */
    Optional<String> chosen(String key) {
        return agreement.chosen(key);
    }

    // ------------------------------------------------------------------ single-decree proposals, through a probe

    Probe probe(String name) {
        return Probe.add(sim, name);
    }

    /** Sends a proposal of {@code value} for {@code key} to {@code server}; returns its sequence number. */
    long propose(Probe probe, NodeId server, String key, String value) {
        long seq = ++sequence;
        probe.send(server, new Propose(seq, key, value));
        return seq;
    }

    /** The answer to proposal {@code sequence}, if the probe got one. */
    static Optional<Decided> answer(Probe probe, long sequence) {
        return probe.received(Decided.class).stream().filter(d -> d.sequence() == sequence).findFirst();
    }

    /** Proposes and waits for the answer; returns the value the server says was chosen. */
    String proposeAndWait(Probe probe, NodeId server, String key, String value, Duration max) {
        long seq = propose(probe, server, key, value);
        sim.runUntil(() -> answer(probe, seq).isPresent(), max,
                server + " answers the proposal of " + value + " for " + key + " (" + describe() + ")");
        return answer(probe, seq).orElseThrow().value();
    }

    // ------------------------------------------------------------------ step 7: clients of the key-value store

    /** A client of the key-value store (03's client) that asks {@code server} first, and stays with it. */
    SimClient client(String name, NodeId server) {
        return sim.addClient(name, KvClient.startingAt(servers, server));
    }

    /** Runs {@code command} until it has its outcome, and 1 ms more (the next one starts strictly after). */
    Operation run(SimClient client, KvCommand command) {
        client.submit(command);
        sim.runUntil(() -> !client.busy(), sim.config().clients().operationTimeout().plus(ms(10)),
                client.id() + "'s " + command + " ends");
        sim.runFor(ms(1));
        return client.lastOperation();
    }

    LinearizabilityResult check() {
        return sim.checkLinearizability();
    }

    void assertLinearizable() {
        LinearizabilityResult result = check();
        assertThat(result.isLinearizable()).as("the history of %d operations is linearizable:%n%s",
                sim.history().operations().size(), result.explanation()).isTrue();
    }

    /** Heals the network, restarts every crashed server and resumes every paused one. */
    void endEveryFault() {
        new Fault.Heal().applyTo(sim);
        for (NodeId id : servers) {
            if (!sim.isUp(id)) {
                sim.restart(id);
            } else if (sim.isPaused(id)) {
                sim.resume(id);
            }
        }
    }

    /** What each acceptor holds for {@code key}, by server ("down" if it is). */
    Map<NodeId, String> acceptors(String key) {
        Map<NodeId, String> states = new TreeMap<>();
        for (NodeId id : servers) {
            states.put(id, sim.isUp(id) ? describe(node(id).acceptorState(key)) : "down");
        }
        return states;
    }

    static String describe(AcceptorState state) {
        return "promised " + state.promised() + state.accepted().map(p -> ", accepted " + p.value() + " in "
                + p.ballot()).orElse(", accepted nothing");
    }

    /** Which servers are up: "n1 up, n2 down, n3 up (paused)". */
    String describe() {
        return servers.stream().map(id -> id + (sim.isUp(id) ? " up" : " down") + (sim.isPaused(id) ? " (paused)" : ""))
                .collect(Collectors.joining(", "));
    }
}
