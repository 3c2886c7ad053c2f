package dev.kata.runtime.cluster;

import dev.kata.runtime.cell.NodeProgram;
import dev.kata.runtime.disk.FileDisk;
import dev.kata.runtime.net.TcpClient;
import dev.kata.runtime.net.TcpCluster;
import dev.kata.runtime.node.NodeFactory;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.client.ClientConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * Real TCP in one JVM behind the {@link Cluster} seam: a {@link TcpCluster} on loopback. A crash
 * stops the node object (its files stay, as written); a pause freezes its event loop; isolation
 * refuses its frames both ways while the connections stay open.
 */
public final class TcpLoopbackCluster<C, R> extends RealTimeCluster<C, R> {

    private final TcpCluster cluster;

    public TcpLoopbackCluster(TcpCluster cluster, ClientConfig clients) {
        super(clients);
        this.cluster = cluster;
    }

    /**
     * Starts {@code servers} on loopback, each running {@code program}'s node with a {@link FileDisk}
     * in {@code directory}'s subdirectory of its name, accepting from clients what the program says.
     */
    public static <C, R> TcpLoopbackCluster<C, R> start(List<NodeId> servers, NodeProgram program, Path directory,
                                                        ClientConfig clients) {
        return start(servers, List.of(), program, directory, clients);
    }

    /** As {@link #start(List, NodeProgram, Path, ClientConfig)}, with a port kept for each of {@code listeners}. */
    public static <C, R> TcpLoopbackCluster<C, R> start(List<NodeId> servers, List<NodeId> listeners,
                                                        NodeProgram program, Path directory, ClientConfig clients) {
        return new TcpLoopbackCluster<>(TcpCluster.startOnLoopback(servers, listeners, program.codec(),
                id -> new FileDisk(directory.resolve(id.name())), program.factory(),
                config -> config.withClientMessages(program.clientMessages())), clients);
    }

    public TcpCluster tcpCluster() {
        return cluster;
    }

    @Override
    TcpClient newEndpoint(NodeId clientId) {
        return cluster.newClient(clientId);
    }

    @Override
    public List<NodeId> servers() {
        return cluster.servers();
    }

    @Override
    public void crash(NodeId id) {
        cluster.stop(id);
    }

    @Override
    public void restart(NodeId id) {
        cluster.restart(id);
    }

    @Override
    public void pause(NodeId id) {
        cluster.pause(id);
    }

    @Override
    public void resume(NodeId id) {
        cluster.resume(id);
    }

    @Override
    public NodeId startListener(String name, NodeFactory factory) {
        return cluster.startListener(NodeId.of(name), factory).id();
    }

    @Override
    public boolean canIsolate() {
        return true;
    }

    @Override
    public void isolate(NodeId id) {
        cluster.isolate(id);
    }

    @Override
    public void heal() {
        cluster.heal();
    }

    @Override
    public void close() {
        closeClients();
        cluster.close();
    }
}
