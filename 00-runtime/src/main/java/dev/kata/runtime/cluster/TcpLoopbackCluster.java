package dev.kata.runtime.cluster;

import dev.kata.runtime.cell.NodeProgram;
import dev.kata.runtime.disk.FileDisk;
import dev.kata.runtime.net.TcpClient;
import dev.kata.runtime.net.TcpCluster;
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
        return new TcpLoopbackCluster<>(TcpCluster.startOnLoopback(servers, program.codec(),
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
