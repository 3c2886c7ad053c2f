package dev.kata.runtime.cluster;

import dev.kata.runtime.cell.NodeProgram;
import dev.kata.runtime.checker.History;
import dev.kata.runtime.checker.Operation;
import dev.kata.runtime.node.NodeFactory;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.client.ClientConfig;
import dev.kata.runtime.client.ClientProtocol;
import dev.kata.runtime.sim.SimClient;
import dev.kata.runtime.sim.Simulation;
import dev.kata.runtime.sim.SimulationConfig;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The simulation behind the {@link Cluster} seam: an adapter, so the simulation itself stays as it
 * is. Build the simulation (seed, network, servers) as usual, then hand it over.
 */
public final class SimulatedCluster<C, R> implements Cluster<C, R> {

    private final Simulation sim;
    private final ClientConfig clients;

    public SimulatedCluster(Simulation sim, ClientConfig clients) {
        this.sim = sim;
        this.clients = clients;
    }

    /**
     * A simulation of {@code servers} running {@code program}'s node and codec, with the
     * simulation's default network and clocks: the same program a cell's processes run.
     */
    public static <C, R> SimulatedCluster<C, R> of(long seed, List<NodeId> servers, NodeProgram program,
                                                   ClientConfig clients) {
        Simulation sim = new Simulation(SimulationConfig.of(seed, program.codec()));
        servers.forEach(id -> sim.addServer(id.name(), program.factory()));
        return new SimulatedCluster<>(sim, clients);
    }

    public Simulation simulation() {
        return sim;
    }

    @Override
    public List<NodeId> servers() {
        return sim.servers();
    }

    @Override
    public void crash(NodeId id) {
        sim.crash(id);
    }

    @Override
    public void restart(NodeId id) {
        sim.restart(id);
    }

    @Override
    public void pause(NodeId id) {
        sim.pause(id);
    }

    @Override
    public void resume(NodeId id) {
        sim.resume(id);
    }

    @Override
    public boolean canIsolate() {
        return true;
    }

    @Override
    public void isolate(NodeId id) {
        sim.network().isolate(id);
    }

    @Override
    public void heal() {
        sim.network().heal();
    }

    @Override
    public ClusterClient<C, R> addClient(String name, ClientProtocol<C, R> protocol) {
        SimClient<C, R> client = sim.addClient(name, protocol, clients);
        return new ClusterClient<>() {
            @Override
            public NodeId id() {
                return client.id();
            }

            @Override
            public long submit(C command) {
                return client.submit(command);
            }

            @Override
            public boolean busy() {
                return client.busy();
            }

            @Override
            public Operation<C, R> lastOperation() {
                return client.lastOperation();
            }
        };
    }

    @Override
    public NodeId startListener(String name, NodeFactory factory) {
        return sim.addClientNode(name, factory);
    }

    @Override
    public void awaitUntil(BooleanSupplier condition, Duration maxTime, String description) {
        sim.runUntil(condition, maxTime, description);
    }

    @Override
    public History<C, R> history() {
        return sim.history();
    }

    @Override
    public void close() {
        // Nothing runs outside the test's thread: there is nothing to stop.
    }
}
