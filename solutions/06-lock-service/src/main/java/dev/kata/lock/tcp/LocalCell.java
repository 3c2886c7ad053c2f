package dev.kata.lock.tcp;

import dev.kata.lock.tcp.CellAdmin.Status;
import dev.kata.runtime.cell.AddressBookFile;
import dev.kata.runtime.cell.CellNode;
import dev.kata.runtime.cell.ProcessCell;
import dev.kata.runtime.net.ClusterSecret;
import dev.kata.runtime.node.NodeId;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A lock-service cell of processes on this machine that outlives the command that started it
 * ({@code ./kata cell start 5}), unlike a {@link ProcessCell}, which a test or demo owns:
 * <pre>
 * LocalCell start N [--dir D]   N servers on loopback (D/cell.book, D/data/n1, D/n1.log, D/n1.pid);
 *                               in a directory that has a cell already: starts the servers that are
 *                               not running, each recovering from its data directory
 * LocalCell status [--dir D]    each server: pid, master or follower, generation; sessions, locks
 * LocalCell kill n1 [--dir D]   kill -9 one server (./kata cell start brings it back)
 * LocalCell stop [--dir D]      SIGTERM to every server, each stops cleanly
 * </pre>
 * The default directory is {@code target/lock-cell}. Given code.
 */
public final class LocalCell {

    static final String USAGE = "usage: cell start N | status | kill NODE | stop   [--dir DIRECTORY]";
    static final Path DEFAULT_DIRECTORY = Path.of("target", "lock-cell");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Path directory;
    private final PrintStream out;

    LocalCell(Path directory, PrintStream out) {
        this.directory = directory;
        this.out = out;
    }

    public static void main(String[] args) {
        LockCli.quietLogs();
        System.exit(run(List.of(args), System.out));
    }

    static int run(List<String> args, PrintStream out) {
        List<String> words = new ArrayList<>(args);
        Path directory = DEFAULT_DIRECTORY;
        int at = words.indexOf("--dir");
        if (at >= 0 && at + 1 < words.size()) {
            directory = Path.of(words.get(at + 1));
            words.subList(at, at + 2).clear();
        }
        LocalCell cell = new LocalCell(directory, out);
        try {
            if (words.size() == 2 && words.get(0).equals("start")) {
                return cell.start(Integer.parseInt(words.get(1)));
            } else if (words.size() == 1 && words.get(0).equals("start")) {
                return cell.start(5);
            } else if (words.size() == 1 && words.get(0).equals("status")) {
                return cell.status();
            } else if (words.size() == 1 && words.get(0).equals("stop")) {
                return cell.stop();
            } else if (words.size() == 2 && words.get(0).equals("kill")) {
                return cell.kill(words.get(1));
            }
        } catch (NumberFormatException e) {
            out.println("the number of servers must be a number: " + e.getMessage());
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            out.println("cell: " + e.getMessage());
            return 1;
        }
        out.println(USAGE);
        return 64;
    }

    // ------------------------------------------------------------------ start

    /** Starts the servers that are not running (all of them in a fresh directory); returns once a master serves. */
    int start(int count) {
        if (count < 1 || count > 9) {
            throw new IllegalArgumentException("a cell has 1 to 9 servers (Chubby's have 5), not " + count);
        }
        AddressBookFile book = bookOrNew(count);
        List<NodeId> started = new ArrayList<>();
        for (NodeId id : book.servers().keySet()) {
            Optional<ProcessHandle> running = process(id);
            if (running.isPresent()) {
                out.println(id + " is running already, pid " + running.get().pid());
            } else {
                launch(id);
                started.add(id);
            }
        }
        for (NodeId id : started) {
            awaitListening(id);
        }
        out.println("waiting for a master ...");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            Optional<Status> master = CellProbe.master(book, Duration.ofSeconds(1));
            if (master.isPresent() && master.get().serving()) {
                break;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        status();
        out.println("clients: ./kata lock ls /ls/cell   (./kata lock help; address book " + bookFile().toAbsolutePath() + ")");
        return 0;
    }

    private AddressBookFile bookOrNew(int count) {
        if (Files.exists(bookFile())) {
            AddressBookFile book = AddressBookFile.read(bookFile());
            out.println("the cell in " + directory + " has " + book.servers().size()
                    + " servers; each one not running starts again from its data directory");
            return book;
        }
        Map<NodeId, InetSocketAddress> servers = new TreeMap<>();
        for (int i = 1; i <= count; i++) {
            servers.put(NodeId.of("n" + i), new InetSocketAddress(InetAddress.getLoopbackAddress(), ProcessCell.freePort()));
        }
        Map<NodeId, InetSocketAddress> listeners = Map.of(NodeId.of("r1"),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), ProcessCell.freePort()));
        AddressBookFile book = new AddressBookFile(servers, ClusterSecret.random(), listeners);
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory + ": " + e.getMessage(), e);
        }
        book.write(bookFile(), "cell.secret");
        out.println("a new cell of " + count + " servers in " + directory + " (address book " + bookFile() + ")");
        return book;
    }

    private void launch(NodeId id) {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), CellNode.class.getName(),
                "--address-book", bookFile().toString(), "--node", id.name(), "--data", directory.resolve("data")
                        .resolve(id.name()).toString(), "--program", LockProgram.class.getName());
        try {
            Files.createDirectories(directory.resolve("data").resolve(id.name()));
            Files.writeString(log(id), "", StandardCharsets.UTF_8); // this run's log only: its listening line
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log(id).toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File(File.separatorChar == '/' ? "/dev/null" : "NUL")))
                    .start();
            Files.writeString(pidFile(id), process.pid() + "\n", StandardCharsets.US_ASCII);
            out.println(id + " started, pid " + process.pid() + ", log " + log(id));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + id + ": " + e.getMessage(), e);
        }
    }

    private void awaitListening(NodeId id) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            String log = read(log(id));
            if (log.contains("listening on")) {
                return;
            }
            if (process(id).isEmpty()) {
                throw new IllegalStateException(id + " exited before it listened; its log " + log(id) + " says:\n" + log);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        throw new IllegalStateException(id + " did not listen within " + START_TIMEOUT.toSeconds() + " s; see " + log(id));
    }

    // ------------------------------------------------------------------ status, kill, stop

    int status() {
        if (!Files.exists(bookFile())) {
            out.println("no cell in " + directory + ": ./kata cell start 5");
            return 1;
        }
        AddressBookFile book = AddressBookFile.read(bookFile());
        Map<String, Optional<Status>> statuses = CellProbe.ask(book, Duration.ofSeconds(2));
        Status master = null;
        for (NodeId id : book.servers().keySet()) {
            Optional<Status> status = statuses.get(id.name());
            String pid = process(id).map(p -> "pid " + p.pid()).orElse("not running");
            String role = status.map(LocalCell::role).orElse(process(id).isPresent() ? "does not answer" : "");
            out.printf("%-4s %-16s %-22s %s%n", id, book.servers().get(id).getPort() + " " + pid.replace("not running", "down"),
                    role, status.map(s -> "log applied to " + s.applied()).orElse(""));
            if (status.isPresent() && status.get().master()) {
                master = status.get();
            }
        }
        if (master == null) {
            out.println("no master: a majority must be running to elect one (./kata cell start)");
            return 1;
        }
        out.println("master " + master.server() + ", generation " + master.generation()
                + (master.serving() ? "" : " (taking over: only KeepAlives until every session acknowledged)"));
        out.println("sessions (" + master.sessions().size() + "): " + (master.sessions().isEmpty() ? "none"
                : String.join(" ", master.sessions())));
        out.println("locks (" + master.locks().size() + "): " + (master.locks().isEmpty() ? "none"
                : String.join("; ", master.locks().stream().map(l -> l.replace(" ", " held by ")).toList())));
        if (!master.delayed().isEmpty()) {
            out.println("in lock-delay: " + String.join(" ", master.delayed()));
        }
        return 0;
    }

    private static String role(Status status) {
        if (status.master()) {
            return "MASTER gen " + status.generation();
        }
        return "replica" + (status.leader().isEmpty() ? "" : " (master " + status.leader() + ")");
    }

    int kill(String node) {
        NodeId id = NodeId.of(node);
        Optional<ProcessHandle> process = process(id);
        if (process.isEmpty()) {
            out.println(id + " is not running");
            return 1;
        }
        process.get().destroyForcibly(); // SIGKILL: a power cut, its data directory stays
        await(process.get());
        out.println(id + " killed with SIGKILL (pid " + process.get().pid() + "); ./kata cell start restarts it from its data");
        return 0;
    }

    int stop() {
        List<ProcessHandle> stopping = new ArrayList<>();
        if (Files.exists(bookFile())) {
            for (NodeId id : AddressBookFile.read(bookFile()).servers().keySet()) {
                process(id).ifPresent(process -> {
                    process.destroy(); // SIGTERM: the node stops cleanly (exit status 143)
                    stopping.add(process);
                    out.println(id + " stopping, pid " + process.pid());
                });
            }
        }
        stopping.forEach(LocalCell::await);
        out.println(stopping.isEmpty() ? "no server of the cell in " + directory + " was running"
                : "stopped; the data stays in " + directory.resolve("data") + " (./kata cell start recovers from it)");
        return 0;
    }

    private static void await(ProcessHandle process) {
        try {
            process.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The server's process, if the pid its start wrote is alive and a java process. */
    private Optional<ProcessHandle> process(NodeId id) {
        String pid = read(pidFile(id)).strip();
        if (pid.isEmpty()) {
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(pid)).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(true));
    }

    Path bookFile() {
        return directory.resolve("cell.book");
    }

    private Path log(NodeId id) {
        return directory.resolve(id.name() + ".log");
    }

    private Path pidFile(NodeId id) {
        return directory.resolve(id.name() + ".pid");
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
