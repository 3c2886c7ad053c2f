// Generated from solutions/02-quorum/src/test/java/dev/kata/quorum/QuorumOnCellTest.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint 5086cca41c99
package dev.kata.quorum;

import dev.kata.runtime.checker.KvCommand;
import dev.kata.runtime.cluster.Cluster;
import dev.kata.runtime.cluster.ProcessCellCluster;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

/** Each server its own JVM: a crash is kill -9, a pause SIGSTOP. */
@Tag("real-time")
@DisplayName("The quorum store's real-time scenarios, on a cell of three processes")
class QuorumOnCellTest extends QuorumScenarios {

    @TempDir
    Path directory;

    @Override
    protected Cluster<KvCommand, String> start() {
        return ProcessCellCluster.start(directory, SERVERS, QuorumProgram.class, CLIENTS);
    }
}
