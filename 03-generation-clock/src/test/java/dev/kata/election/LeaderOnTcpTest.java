// Generated from solutions/03-generation-clock/src/test/java/dev/kata/election/LeaderOnTcpTest.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint 734136082a05
package dev.kata.election;

import dev.kata.runtime.checker.KvCommand;
import dev.kata.runtime.cluster.Cluster;
import dev.kata.runtime.cluster.TcpLoopbackCluster;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

@Tag("real-time")
@DisplayName("The leader's real-time scenarios, on real TCP in one JVM")
class LeaderOnTcpTest extends LeaderScenarios {

    @TempDir
    Path directory;

    @Override
    protected Cluster<KvCommand, String> start() {
        return TcpLoopbackCluster.start(SERVERS, new ElectionProgram(), directory, CLIENTS);
    }
}
