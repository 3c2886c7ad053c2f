package dev.kata.runtime.cell;

import dev.kata.runtime.node.NodeId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * A whole cell from one command, on this machine, and a console to do to its processes what happens
 * to real ones:
 * <pre>
 * java -cp CLASSPATH dev.kata.runtime.cell.CellConsole --nodes 5 \
 *      --program dev.kata.runtime.example.RegisterProgram [--dir cell]
 * </pre>
 * It starts nodes n1 to n5 as processes ({@link ProcessCell}: an address book and a secret in the
 * directory, a data directory and a log per node), prints where each listens and its pid, then reads
 * commands until {@code quit}, the end of its input or Ctrl-C, and kills every process it started:
 * <pre>
 *   status            each node: running, paused or exited, its pid, whom it is cut off from
 *   kill n1           kill -9: a crash (its data directory stays)
 *   stop n2           kill -STOP: a pause          cont n2     kill -CONT: it goes on
 *   restart n1        the same command again: it recovers from its data directory
 *   isolate n3        cut n3 off from everyone, both ways        heal     end every cut
 * </pre>
 * Clients connect with the address book ({@code cell.book} in the directory) as a
 * {@link dev.kata.runtime.net.TcpClient} does. Exit status: 0, or 64 for a wrong command line.
 */
public final class CellConsole {

    static final String USAGE = "usage: CellConsole --nodes N --program CLASS [--dir DIRECTORY]";
    static final String COMMANDS = "commands: status, kill N, stop N, cont N, restart N, isolate N, heal, quit";

    private CellConsole() {
    }

    public static void main(String[] args) {
        int status = run(args, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), System.out);
        System.exit(status);
    }

    /** Starts the cell, serves commands from {@code in} until quit or its end, closes the cell; returns the exit status. */
    static int run(String[] args, BufferedReader in, PrintStream out) {
        ProcessCell cell;
        try {
            Map<String, String> options = CellNode.options(args);
            int count = Integer.parseInt(options.getOrDefault("--nodes", "3"));
            if (count < 1 || count > 99) {
                throw new IllegalArgumentException("--nodes must be 1 to 99, not " + count);
            }
            String programName = options.get("--program");
            if (programName == null) {
                throw new IllegalArgumentException("missing --program");
            }
            Class<? extends NodeProgram> program = Class.forName(programName).asSubclass(NodeProgram.class);
            Path directory = options.containsKey("--dir") ? Path.of(options.get("--dir"))
                    : Files.createTempDirectory("kata-cell-");
            List<NodeId> servers = IntStream.rangeClosed(1, count).mapToObj(i -> NodeId.of("n" + i)).toList();
            out.println("starting " + count + " processes of " + programName + " in " + directory.toAbsolutePath() + " ...");
            cell = ProcessCell.start(directory, servers, program);
        } catch (IllegalArgumentException | ClassNotFoundException | ClassCastException e) {
            out.println("cannot start the cell: " + e.getMessage());
            out.println(USAGE);
            return 64;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (cell) {
            out.println("address book: " + cell.addressBookFile().toAbsolutePath());
            status(cell, out);
            out.println(COMMANDS);
            for (String line = readLine(in); line != null; line = readLine(in)) {
                String[] words = line.strip().split("\\s+");
                if (words[0].equals("quit") || words[0].equals("exit")) {
                    break;
                }
                if (!words[0].isEmpty()) {
                    out.println(command(cell, words));
                }
            }
            out.println("killing every process of the cell");
        }
        return 0;
    }

    private static String command(ProcessCell cell, String[] words) {
        try {
            if (words[0].equals("status")) {
                StringBuilder lines = new StringBuilder();
                cell.servers().forEach(id -> lines.append(describe(cell, id)).append('\n'));
                return lines.toString().stripTrailing();
            }
            if (words[0].equals("heal")) {
                cell.heal();
                return "healed: no node is cut off";
            }
            if (words.length != 2) {
                return "'" + String.join(" ", words) + "' is not a command; " + COMMANDS;
            }
            NodeId id = NodeId.of(words[1]);
            switch (words[0]) {
                case "kill" -> {
                    return id + " killed with SIGKILL, exit status " + cell.crash(id);
                }
                case "stop" -> cell.pause(id);
                case "cont" -> cell.resume(id);
                case "restart" -> cell.restart(id);
                case "isolate" -> cell.isolate(id);
                default -> {
                    return "unknown command '" + words[0] + "'; " + COMMANDS;
                }
            }
            return describe(cell, id);
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            return "cannot: " + e.getMessage();
        }
    }

    private static void status(ProcessCell cell, PrintStream out) {
        cell.servers().forEach(id -> out.println(describe(cell, id)));
    }

    private static String describe(ProcessCell cell, NodeId id) {
        Process process = cell.process(id);
        String state = !process.isAlive() ? "exited with " + process.exitValue()
                : cell.isPaused(id) ? "paused" : "running";
        String cut = cell.cuts(id).isEmpty() ? "" : ", cut off from " + String.join(" ", cell.cuts(id));
        return id + " " + state + ", pid " + process.pid() + ", listening on " + cell.addressBook().get(id)
                + cut + ", log " + cell.logFile(id);
    }

    private static String readLine(BufferedReader in) {
        try {
            return in.readLine();
        } catch (IOException e) {
            return null;
        }
    }
}
