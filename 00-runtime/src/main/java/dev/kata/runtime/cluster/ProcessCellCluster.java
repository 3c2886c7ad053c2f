package dev.kata.runtime.cluster;

import dev.kata.runtime.cell.NodeProgram;
import dev.kata.runtime.cell.ProcessCell;
import dev.kata.runtime.net.TcpClient;
import dev.kata.runtime.node.NodeFactory;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.client.ClientConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * A cell of processes behind the {@link Cluster} seam: crash is kill -9, pause is SIGSTOP, restart
 * runs the same command again, isolate cuts the node off through every process's control channel
 * (each refuses the frames to and from the other side, as a firewall would drop them).
 */
public final class ProcessCellCluster<C, R> extends RealTimeCluster<C, R> {

    private final ProcessCell cell;

    public ProcessCellCluster(ProcessCell cell, ClientConfig clients) {
        super(clients);
        this.cell = cell;
    }

    /** Starts a cell of {@code servers} running {@code program} (see {@link ProcessCell#start}) behind the seam. */
    public static <C, R> ProcessCellCluster<C, R> start(Path directory, List<NodeId> servers,
                                                        Class<? extends NodeProgram> program, ClientConfig clients) {
        return new ProcessCellCluster<>(ProcessCell.start(directory, servers, program), clients);
    }

    /** As {@link #start(Path, List, Class, ClientConfig)}, with an address in the book for each of {@code listeners}. */
    public static <C, R> ProcessCellCluster<C, R> start(Path directory, List<NodeId> servers, List<NodeId> listeners,
                                                        Class<? extends NodeProgram> program, ClientConfig clients) {
        return new ProcessCellCluster<>(ProcessCell.start(directory, servers, listeners, program), clients);
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
    public NodeId startListener(String name, NodeFactory factory) {
        return cell.startListener(NodeId.of(name), factory).id();
    }

    @Override
    public boolean canIsolate() {
        return true;
    }

    /** Through the processes' control channels: see {@link ProcessCell#isolate}. */
    @Override
    public void isolate(NodeId id) {
        cell.isolate(id);
    }

    @Override
    public void heal() {
        cell.heal();
    }

    @Override
    public void close() {
        closeClients();
        cell.close();
    }
}
