package dev.kata.lock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.election.ElectionConfig;
import dev.kata.runtime.checker.LockCommand.Mode;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.sim.ClockConfig;
import dev.kata.runtime.sim.NetworkConfig;
import dev.kata.runtime.sim.Simulation;
import dev.kata.runtime.sim.SimulationConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * A simulated Chubby cell for the tests: {@link LockServer}s on 05's log, {@link LockClient}s and a
 * {@link FencedResource} as nodes of their own, and the questions a test asks again and again. The
 * timing is Chubby's shape at a smaller scale (a 2 s lease, a 5 s grace period, a 3 s lock-delay) so
 * that a scenario of leases and fail-overs takes seconds of virtual time; {@link LockServiceConfig#DEFAULT}
 * (Chubby's own numbers) is tested on its own.
 */
final class LockCluster {

    /** 2 s leases answered 300 ms before they run out, a 5 s grace period, a 3 s lock-delay, 1% drift. */
    static final LockServiceConfig CONFIG = LockServiceConfig.DEFAULT.withLease(Duration.ofSeconds(2), ms(300))
            .withGracePeriod(Duration.ofSeconds(5)).withLockDelay(Duration.ofSeconds(3))
            .withReplica(LockServiceConfig.DEFAULT.replica().withTiming(ElectionConfig.DEFAULT));

    final Simulation sim;
    final List<NodeId> servers;
    final LockServiceConfig config;
    final NodeId resource;

    private LockCluster(Simulation sim, List<NodeId> servers, LockServiceConfig config, NodeId resource) {
        this.sim = sim;
        this.servers = servers;
        this.config = config;
        this.resource = resource;
    }

    static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    static Builder of(long seed) {
        return new Builder(seed);
    }

    static final class Builder {
        private final long seed;
        private int size = 3;
        private LockServiceConfig config = CONFIG;
        private NetworkConfig network = NetworkConfig.reliable().withLatency(ms(1), ms(5));
        private ClockConfig clocks = ClockConfig.drifting(Duration.ZERO, 0.01);

        private Builder(long seed) {
            this.seed = seed;
        }

        Builder servers(int count) {
            this.size = count;
            return this;
        }

        Builder config(LockServiceConfig all) {
            this.config = all;
            return this;
        }

        Builder network(NetworkConfig conditions) {
            this.network = conditions;
            return this;
        }

        LockCluster build() {
            Simulation sim = new Simulation(SimulationConfig.of(seed, LockMessage.CODEC).withNetwork(network)
                    .withClocks(clocks));
            assertThat(sim.driftBound().maxDrift()).as("the simulation's drift bound is within the cell's")
                    .isLessThanOrEqualTo(config.driftBound().maxDrift());
            List<NodeId> ids = sim.addServers(size, LockServer.factory(config));
            NodeId resource = sim.addClientNode("resource", FencedResource.factory(ids, config));
            return new LockCluster(sim, ids, config, resource);
        }
    }

    LockServer server(NodeId id) {
        return sim.node(id, LockServer.class);
    }

    LockClient client(NodeId id) {
        return sim.node(id, LockClient.class);
    }

    FencedResource resource() {
        return sim.node(resource, FencedResource.class);
    }

    /** The master, if a server that is up is master now. */
    Optional<LockServer> master() {
        return servers.stream().filter(sim::isUp).map(this::server).filter(LockServer::isMaster).findFirst();
    }

    LockServer awaitMaster() {
        sim.runUntil(() -> master().isPresent(), Duration.ofSeconds(10), "a master takes over (" + describe() + ")");
        return master().orElseThrow();
    }

    /** Adds a client and runs until its session is open. */
    NodeId newClient(String name) {
        NodeId id = sim.addClientNode(name, LockClient.factory(servers, config));
        sim.runUntil(() -> client(id).isSafe(), Duration.ofSeconds(10), name + "'s session opens (" + describe() + ")");
        return id;
    }

    /** Makes a call and runs until it is answered (at most {@code max}). */
    LockReply call(NodeId client, LockOp op, Duration max) {
        AtomicReference<LockReply> answer = new AtomicReference<>();
        client(client).call(op, answer::set);
        sim.runUntil(() -> answer.get() != null, max, client + "'s " + op + " is answered (" + describe() + ")");
        return answer.get();
    }

    LockReply call(NodeId client, LockOp op) {
        return call(client, op, Duration.ofSeconds(5));
    }

    /** Makes a call that must wait (an Acquire in line): returns where its answer will be. */
    AtomicReference<LockReply> callLater(NodeId client, LockOp op) {
        AtomicReference<LockReply> answer = new AtomicReference<>();
        client(client).call(op, answer::set);
        return answer;
    }

    /** Opens (creating if needed) the file at {@code path}; returns the handle. */
    long open(NodeId client, String path) {
        LockReply reply = call(client, new LockOp.Open(path, true, false, false));
        assertThat(reply).as("%s opens %s", client, path).isInstanceOf(LockReply.Opened.class);
        return ((LockReply.Opened) reply).handle();
    }

    long acquire(NodeId client, long handle) {
        LockReply reply = call(client, new LockOp.Acquire(handle, Mode.EXCLUSIVE));
        assertThat(reply).as("%s's acquire", client).isInstanceOf(LockReply.Granted.class);
        return ((LockReply.Granted) reply).generation();
    }

    /** Writes to the fenced resource as {@code client}, the holder of {@code lock}; runs until the resource decides. */
    Boolean write(NodeId client, String lock, String data) {
        AtomicReference<Boolean> accepted = new AtomicReference<>();
        client(client).writeTo(resource, lock, data, accepted::set);
        sim.runUntil(() -> accepted.get() != null, Duration.ofSeconds(5), client + "'s write to the resource is decided");
        return accepted.get();
    }

    /** Each server and client: "n1 (master of generation 2) ..., c1 (session ..., SAFE, held [...])". */
    String describe() {
        List<String> parts = new ArrayList<>();
        for (NodeId id : servers) {
            parts.add(sim.isUp(id) ? server(id).toString() : id + " down");
        }
        sim.nodes(LockClient.class).forEach(client -> parts.add(client.toString()));
        return parts.stream().collect(Collectors.joining("; "));
    }
}
