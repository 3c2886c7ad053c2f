package dev.kata.runtime.cluster;

import dev.kata.runtime.checker.KvCommand;
import dev.kata.runtime.example.RegisterProgram;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

@Tag("real-time")
@DisplayName("The register's scenarios on a cell of processes")
class RegisterOnCellTest extends RegisterScenarios {

    @TempDir
    Path directory;

    @Override
    protected Cluster<KvCommand, String> start() {
        return ProcessCellCluster.start(directory, SERVERS, RegisterProgram.class, CLIENTS);
    }
}
