package dev.kata.runtime.cluster;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The base of a suite of scenarios written once against the {@link Cluster} seam and run on every
 * driver, as Apache Ratis runs one abstract suite per transport: each driver's subclass only says
 * how to start the cluster. A fresh cluster for every test, closed after it, pass or fail, so every
 * process and thread it started is gone.
 * <pre>{@code
 * abstract class LeaderScenarios extends ClusterScenarios<KvCommand, String> {
 *     @Test void writeSurvivesLeaderCrash() { ... cluster.crash(leader); ... }
 * }
 * class LeaderOnCellTest extends LeaderScenarios {
 *     @TempDir Path directory;
 *     protected Cluster<KvCommand, String> start() {
 *         return ProcessCellCluster.start(directory, SERVERS, ElectionProgram.class, CLIENTS);
 *     }
 * }
 * }</pre>
 * Tag the subclasses of the real drivers {@code @Tag("real-time")}.
 */
public abstract class ClusterScenarios<C, R> {

    /** The cluster of the running test. */
    protected Cluster<C, R> cluster;

    /** Starts the cluster a test runs on. */
    protected abstract Cluster<C, R> start();

    @BeforeEach
    final void startCluster() {
        cluster = start();
    }

    @AfterEach
    final void closeCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }
}
