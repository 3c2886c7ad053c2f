package dev.kata.runtime.cell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kata.runtime.example.RegisterMessage.Request;
import dev.kata.runtime.net.TcpClient;
import dev.kata.runtime.node.NodeId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("real-time")
@DisplayName("The cell's launcher")
class CellNodeTest {

    private static final NodeId N1 = NodeId.of("n1");

    @TempDir
    Path directory;

    @Test
    @DisplayName("a node whose handler throws stops its process with status 70 and says why, so a supervisor restarts it")
    void handlerFailureEndsTheProcess() throws Exception {
        try (ProcessCell cell = ProcessCell.start(directory, List.of(N1), FailingProgram.class);
             TcpClient client = cell.newClient(NodeId.of("c1"))) {
            Process process = cell.process(N1);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
                client.send(N1, new Request("c1", 1, "read", "x", null, null));
                return !process.isAlive();
            });
            assertThat(process.exitValue()).isEqualTo(CellNode.EXIT_FAILED);
            assertThat(Files.readString(cell.logFile(N1)))
                    .contains("n1 threw while handling message from c1")
                    .contains("a bug in the handler, as the test asked");

            cell.restart(N1); // the same command again
            assertThat(cell.isRunning(N1)).isTrue();
        }
    }
}
