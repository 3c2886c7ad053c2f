package dev.kata.runtime.cluster;

import dev.kata.runtime.net.TcpClient;
import dev.kata.runtime.net.TcpCluster;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.client.ClientConfig;
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
