package dev.kata.runtime.cluster;

import dev.kata.runtime.checker.History;
import dev.kata.runtime.checker.KvCommand;
import dev.kata.runtime.checker.Operation;
import dev.kata.runtime.cell.NodeProgram;
import dev.kata.runtime.client.ClientConfig;
import dev.kata.runtime.node.NodeFactory;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.client.ClientProtocol;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * One cluster seam, three drivers, generic in the commands clients send ({@code C}) and their
 * results ({@code R}), like the simulation's clients and histories: a scenario written once against this interface runs on the
 * simulation ({@link SimulatedCluster}, virtual time), on real TCP in one JVM
 * ({@link TcpLoopbackCluster}) and on a cell of processes ({@link ProcessCellCluster}), as Apache
 * Ratis runs one suite per transport.
 * <pre>{@code
 * void answeredWriteSurvivesACrash(Cluster cluster) {
 *     ClusterClient<KvCommand, String> client = cluster.addClient("c1", new RegisterClient(n1));
 *     assertThat(cluster.perform(client, new KvCommand.Write("x", "1"), WAIT).outcome()).isEqualTo(Outcome.OK);
 *     cluster.crash(n1);
 *     cluster.restart(n1);
 *     assertThat(cluster.perform(client, new KvCommand.Read("x"), WAIT).result()).isEqualTo("1");
 *     LinearizabilityChecker.keyValue().check(cluster.history()).assertLinearizable();
 * }
 * }</pre>
 * Time is the driver's: {@link #awaitUntil} runs virtual time on the simulation and waits in real
 * time elsewhere, so a scenario never sleeps.
 */
public interface Cluster<C, R> extends AutoCloseable {

    /** The servers, sorted. */
    List<NodeId> servers();

    /** Ends the node as a crash would: what it did not force may be lost. */
    void crash(NodeId id);

    /** Starts a crashed node again, from its disk. */
    void restart(NodeId id);

    /** Freezes the node (a long GC pause, SIGSTOP): it handles nothing until {@link #resume}. */
    void pause(NodeId id);

    void resume(NodeId id);

    /** Whether this driver can {@link #isolate} a node; a scenario that needs it skips the others. */
    boolean canIsolate();

    /** Cuts the node off from every other node and client, both ways, until {@link #heal()}. */
    void isolate(NodeId id);

    /** Ends every cut. */
    void heal();

    /**
     * A client that runs commands through a module's {@link ClientProtocol}: it sends, retries, follows
     * redirects, gives up (unknown) as the driver's client configuration says, and records every
     * operation in {@link #history()}.
     */
    ClusterClient<C, R> addClient(String name, ClientProtocol<C, R> protocol);

    /**
     * Starts a node that is not a member of the cluster (not in {@code cluster()}) but listens: a
     * client that servers push to, a resource server that is sent sequencers to check. Servers send
     * to it by its id, whether or not it ever connected to them. On the simulation any new name will
     * do ({@link dev.kata.runtime.sim.Simulation#addClientNode}); the real drivers need it named when
     * they start, so that its address is in every server's address book
     * ({@link TcpLoopbackCluster#start(List, List, NodeProgram, java.nio.file.Path, ClientConfig)},
     * {@link ProcessCellCluster#start(java.nio.file.Path, List, List, Class, ClientConfig)}). It runs
     * in the test's JVM on every driver, so a test can look at it; it stops with the cluster.
     */
    NodeId startListener(String name, NodeFactory factory);

    /**
     * Lets the cluster run until {@code condition} holds, for at most {@code maxTime} (virtual or
     * real), and fails with an {@link AssertionError} naming {@code description} if it never does.
     */
    void awaitUntil(BooleanSupplier condition, Duration maxTime, String description);

    /** Every client operation so far. */
    History<C, R> history();

    /** Submits {@code command} and waits until it ends (ok, failed or unknown). */
    default Operation<C, R> perform(ClusterClient<C, R> client, C command, Duration maxTime) {
        client.submit(command);
        awaitUntil(() -> !client.busy(), maxTime, client.id() + "'s " + command + " ends");
        return client.lastOperation();
    }

    /** Stops every node and client the cluster started. */
    @Override
    void close();
}
