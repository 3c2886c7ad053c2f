package dev.kata.runtime.cell;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("real-time")
@DisplayName("A cell from one command, and its console")
class CellConsoleTest {

    @TempDir
    Path directory;

    @Test
    @DisplayName("it starts the nodes, kills, stops, continues, restarts and isolates them on command, and kills them all at the end")
    void console() {
        String commands = String.join("\n", "status", "kill n1", "stop n2", "cont n2", "restart n1", "isolate n2",
                "heal", "fly n1", "quit", "status");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = CellConsole.run(new String[] {"--nodes", "2", "--program", "dev.kata.runtime.example.RegisterProgram",
                "--dir", directory.toString()}, new BufferedReader(new StringReader(commands)),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String output = bytes.toString(StandardCharsets.UTF_8);
        assertThat(status).as(output).isZero();
        assertThat(output).contains("address book: " + directory.resolve("cell.book").toAbsolutePath())
                .containsPattern("n1 running, pid \\d+, listening on ")
                .contains("n1 killed with SIGKILL, exit status 137")
                .contains("n2 paused").containsPattern("n1 running, pid \\d+")
                .contains("n2 running, pid").contains("cut off from *")
                .contains("healed: no node is cut off")
                .contains("unknown command 'fly'")
                .endsWith("killing every process of the cell" + System.lineSeparator());
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().arguments().map(a -> String.join(" ", a)
                .contains(directory.toString())).orElse(false))).as("processes of the cell after the console ended").isEmpty();
    }

    @Test
    @DisplayName("a wrong command line ends it with status 64 and the usage")
    void usage() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = CellConsole.run(new String[] {"--nodes", "2"}, new BufferedReader(new StringReader("")),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(64);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("missing --program").contains(CellConsole.USAGE);
    }
}
