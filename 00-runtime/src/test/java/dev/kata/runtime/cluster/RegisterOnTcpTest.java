package dev.kata.runtime.cluster;

import dev.kata.runtime.checker.KvCommand;
import dev.kata.runtime.example.RegisterProgram;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

@Tag("real-time")
@DisplayName("The register's scenarios on real TCP in one JVM")
class RegisterOnTcpTest extends RegisterScenarios {

    @TempDir
    Path directory;

    @Override
    protected Cluster<KvCommand, String> start() {
        return TcpLoopbackCluster.start(SERVERS, new RegisterProgram(), directory, CLIENTS);
    }
}
