// Generated from solutions/04-paxos/src/test/java/dev/kata/paxos/PaxosCluster.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint 5bd53f8a636c
package dev.kata.paxos;

import dev.kata.election.KvClient;
import dev.kata.paxos.ClientMessage.Decided;
import dev.kata.paxos.ClientMessage.Propose;
import dev.kata.runtime.checker.KvCommand;
import dev.kata.runtime.disk.ScopedDisk;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.client.ClientConfig;
import dev.kata.runtime.sim.DurabilityWatch;
import dev.kata.runtime.sim.KvClusterHarness;
import dev.kata.runtime.sim.Probe;
import dev.kata.runtime.sim.SimClient;
import dev.kata.runtime.sim.Simulation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A simulated cluster of {@link PaxosNode}s for the tests: every node's sends watched by the runtime's
 * {@link DurabilityWatch} (with {@link PaxosDurability}), {@link Agreement} checked at every event (for
 * single-decree registers), and the questions a test asks again and again. What every module's test
 * cluster shares (the servers, operations, checks, ending every fault, the trace page) is the
 * runtime's {@link KvClusterHarness}.
 */
final class PaxosCluster extends KvClusterHarness {

    // The names the tests read: cluster.sim, cluster.servers.
    final Simulation sim = simulation();
    final List<NodeId> servers = servers();
    /** Null for a key-value cluster (step 7), whose registers change by design. */
    private final Agreement agreement;
    private long sequence;

    private PaxosCluster(Simulation sim, int size, PaxosConfig config, boolean keyValue) {
        super(sim, size, new DurabilityWatch(new PaxosDurability()), name -> PaxosNode.factory(config));
        this.agreement = keyValue ? null : Agreement.install(sim, size);
    }

    static Builder of(long seed) {
        return new Builder(seed);
    }

    /**
     * Clients give up after 1 s and never send an operation twice: a second server would run a second
     * round, and the operation could take effect twice.
     */
    static final ClientConfig CLIENTS = ClientConfig.defaults().withOperationTimeout(Duration.ofSeconds(1))
            .withRetryInterval(Duration.ofSeconds(1)).withMaxThinkTime(Duration.ofMillis(20));

    /** Three servers on a reliable network whose messages take 1 to 5 ms, perfect clocks, {@link #CLIENTS}. */
    static final class Builder extends KvClusterHarness.Builder<Builder> {
        private PaxosConfig config = PaxosConfig.DEFAULT;
        private boolean keyValue;

        private Builder(long seed) {
            super(seed, PaxosMessage.CODEC, CLIENTS);
        }

        Builder config(PaxosConfig all) {
            this.config = all;
            return this;
        }

        /** A key-value store (step 7): its registers change, so single-decree agreement is not checked. */
        Builder keyValue() {
            this.keyValue = true;
            return this;
        }

        PaxosCluster build() {
            return new PaxosCluster(simulation(), size(), config, keyValue);
        }
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
    SimClient<KvCommand, String> client(String name, NodeId server) {
        return sim.addClient(name, KvClient.startingAt(servers, server));
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
}
