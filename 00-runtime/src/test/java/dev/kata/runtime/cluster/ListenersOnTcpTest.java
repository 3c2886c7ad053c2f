package dev.kata.runtime.cluster;

import dev.kata.runtime.checker.KvCommand;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

@Tag("real-time")
@DisplayName("Listeners on real TCP in one JVM")
class ListenersOnTcpTest extends ListenerScenarios {

    @TempDir
    Path directory;

    @Override
    protected Cluster<KvCommand, String> start() {
        return TcpLoopbackCluster.start(SERVERS, LISTENERS, new PushProgram(), directory, CLIENTS);
    }
}
