package dev.kata.runtime.cluster;

import dev.kata.runtime.checker.History;
import dev.kata.runtime.checker.Operation;
import dev.kata.runtime.net.TcpClient;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.client.ClientConfig;
import dev.kata.runtime.client.ClientProtocol;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** What the real drivers share: clients on TCP, one history in {@link System#nanoTime()}, waiting in real time. */
abstract class RealTimeCluster<C, R> implements Cluster<C, R> {

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final ClientConfig clientConfig;
    private final History<C, R> history = new History<>();
    private final List<RealTimeClient<C, R>> clients = new ArrayList<>();

    RealTimeCluster(ClientConfig clientConfig) {
        this.clientConfig = clientConfig;
    }

    /** A TCP endpoint for a client of this cluster. */
    abstract TcpClient newEndpoint(NodeId clientId);

    @Override
    public synchronized ClusterClient<C, R> addClient(String name, ClientProtocol<C, R> protocol) {
        RealTimeClient<C, R> client = new RealTimeClient<>(newEndpoint(NodeId.of(name)), protocol, clientConfig, history);
        clients.add(client);
        return client;
    }

    @Override
    public void awaitUntil(BooleanSupplier condition, Duration maxTime, String description) {
        long deadline = System.nanoTime() + maxTime.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(description + " did not happen within " + maxTime + " of real time");
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /**
     * As {@link Cluster#perform}, but woken by the answer itself rather than by polling every 10 ms; run
     * on the calling thread when the operation's own timeout ends it within {@code maxTime}.
     */
    @Override
    public Operation<C, R> perform(ClusterClient<C, R> client, C command, Duration maxTime) {
        if (!(client instanceof RealTimeClient<C, R> mine)) {
            return Cluster.super.perform(client, command, maxTime);
        }
        if (mine.operationTimeout().compareTo(maxTime) <= 0) {
            return mine.performHere(command);
        }
        mine.submit(command);
        try {
            if (!mine.awaitIdle(maxTime)) {
                throw new AssertionError(client.id() + "'s " + command + " ends did not happen within " + maxTime
                        + " of real time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + client.id() + "'s " + command, e);
        }
        return mine.lastOperation();
    }

    @Override
    public History<C, R> history() {
        return history;
    }

    synchronized void closeClients() {
        clients.forEach(RealTimeClient::close);
        clients.clear();
    }
}
