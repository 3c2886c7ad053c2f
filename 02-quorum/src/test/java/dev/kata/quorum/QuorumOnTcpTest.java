// Generated from solutions/02-quorum/src/test/java/dev/kata/quorum/QuorumOnTcpTest.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint bf753b6dc253
package dev.kata.quorum;

import dev.kata.runtime.checker.KvCommand;
import dev.kata.runtime.cluster.Cluster;
import dev.kata.runtime.cluster.TcpLoopbackCluster;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

@Tag("real-time")
@DisplayName("The quorum store's real-time scenarios, on real TCP in one JVM")
class QuorumOnTcpTest extends QuorumScenarios {

    @TempDir
    Path directory;

    @Override
    protected Cluster<KvCommand, String> start() {
        return TcpLoopbackCluster.start(SERVERS, new QuorumProgram(), directory, CLIENTS);
    }
}
