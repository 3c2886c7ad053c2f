package dev.kata.runtime.cluster;

import dev.kata.runtime.checker.KvCommand;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

/** The servers are processes; the listeners run in the test's JVM, at the addresses the cell's book gives them. */
@Tag("real-time")
@DisplayName("Listeners of a cell of processes")
class ListenersOnCellTest extends ListenerScenarios {

    @TempDir
    Path directory;

    @Override
    protected Cluster<KvCommand, String> start() {
        return ProcessCellCluster.start(directory, SERVERS, LISTENERS, PushProgram.class, CLIENTS);
    }
}
