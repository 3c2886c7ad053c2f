package dev.kata.runtime.cluster;

import dev.kata.runtime.cell.ProcessCell;
import dev.kata.runtime.net.TcpClient;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.client.ClientConfig;
import java.util.List;

/**
 * A cell of processes behind the {@link Cluster} seam: crash is kill -9, pause is SIGSTOP, restart
 * runs the same command again. It cannot isolate a node yet: that takes a firewall rule or a proxy
 * between the processes, so partition scenarios run on the other drivers.
 */
public final class ProcessCellCluster<C, R> extends RealTimeCluster<C, R> {

    private final ProcessCell cell;

    public ProcessCellCluster(ProcessCell cell, ClientConfig clients) {
        super(clients);
        this.cell = cell;
    }

    public ProcessCell cell() {
        return cell;
    }

    @Override
    TcpClient newEndpoint(NodeId clientId) {
        return cell.newClient(clientId);
    }

    @Override
    public List<NodeId> servers() {
        return cell.servers();
    }

    @Override
    public void crash(NodeId id) {
        cell.crash(id);
    }

    @Override
    public void restart(NodeId id) {
        cell.restart(id);
    }

    @Override
    public void pause(NodeId id) {
        cell.pause(id);
    }

    @Override
    public void resume(NodeId id) {
        cell.resume(id);
    }

    @Override
    public boolean canIsolate() {
        return false;
    }

    @Override
    public void isolate(NodeId id) {
        throw new UnsupportedOperationException("a cell of processes cannot isolate " + id + " yet (it would take a"
                + " firewall rule or a proxy between the processes); check canIsolate() and run partition scenarios"
                + " on SimulatedCluster or TcpLoopbackCluster");
    }

    @Override
    public void heal() {
        // Nothing is ever cut.
    }

    @Override
    public void close() {
        closeClients();
        cell.close();
    }
}
