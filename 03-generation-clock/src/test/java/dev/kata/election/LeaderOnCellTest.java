// Generated from solutions/03-generation-clock/src/test/java/dev/kata/election/LeaderOnCellTest.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint 69f64fd436a3
package dev.kata.election;

import dev.kata.runtime.checker.KvCommand;
import dev.kata.runtime.cluster.Cluster;
import dev.kata.runtime.cluster.ProcessCellCluster;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

/** Each server its own JVM: the leader's crash is kill -9, a pause (the zombie's, a frozen follower's) SIGSTOP. */
@Tag("real-time")
@DisplayName("The leader's real-time scenarios, on a cell of five processes")
class LeaderOnCellTest extends LeaderScenarios {

    @TempDir
    Path directory;

    @Override
    protected Cluster<KvCommand, String> start() {
        return ProcessCellCluster.start(directory, SERVERS, ElectionProgram.class, CLIENTS);
    }
}
