package dev.kata.runtime.cell;

import dev.kata.runtime.net.ClusterSecret;
import dev.kata.runtime.net.TcpClient;
import dev.kata.runtime.net.TcpNode;
import dev.kata.runtime.net.TcpNodeConfig;
import dev.kata.runtime.node.NodeFactory;
import dev.kata.runtime.node.NodeId;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A cell of real processes on this machine: each server is its own JVM, started by the
 * {@link CellNode} launcher with the same {@code java} and class path as this one, an address-book
 * file, and a data directory of its own. A test (or a demo) can then do to a node what happens to
 * real ones:
 * <ul>
 *   <li>{@link #crash}: kill -9 (SIGKILL). The process's files stay; bytes it wrote but did not
 *       force may be lost, as the operating system decides;</li>
 *   <li>{@link #pause} and {@link #resume}: SIGSTOP and SIGCONT, a process frozen mid-step, like a
 *       long garbage-collection pause; its connections stay open and its peers hear nothing;</li>
 *   <li>{@link #restart}: the same command again, so the node recovers from its data directory;</li>
 *   <li>{@link #isolate} and {@link #heal}: a cut through each node's control channel, its standard
 *       input ({@link CellNode}), as a firewall between hosts would drop packets.</li>
 * </ul>
 * Every process a cell started is gone when it is closed, and, should the test JVM end first, when
 * that JVM shuts down:
 * <pre>{@code
 * try (ProcessCell cell = ProcessCell.start(directory, ids, RegisterProgram.class)) {
 *     cell.crash(n1);
 *     cell.pause(n2);
 *     ...
 * }
 * }</pre>
 * Unix only (pause and resume use the {@code kill} command).
 */
public final class ProcessCell implements AutoCloseable {

    /** How long a started node may take to listen. Five JVMs starting at once on two cores need a few seconds. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    /** Small JVMs that start fast. */
    private static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xmx128m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1");
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(10);
    /** How long a running node may take to answer a control command (a loaded machine, a GC). */
    private static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(20);
    private static final String BOOK = "cell.book";
    private static final String SECRET = "cell.secret";
    /** Every process any cell of this JVM started and has not yet seen end: the shutdown hook's list. */
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
                "kata-process-cell-reaper"));
    }

    private final Path directory;
    private final AddressBookFile book;
    private final Class<? extends NodeProgram> program;
    private final List<String> jvmOptions;
    private final Map<NodeId, Process> processes = new LinkedHashMap<>();
    private final Set<NodeId> paused = ConcurrentHashMap.newKeySet();
    /** Listeners started in this JVM ({@link #startListener}). */
    private final Map<NodeId, TcpNode> listenerNodes = new TreeMap<>();
    /** Per node, whom it refuses frames from and to ("*" for everyone): given again to a restarted node. */
    private final Map<NodeId, Set<String>> cuts = new TreeMap<>();
    private long controlSequence; // guarded by this
    /** Per node, the number of the last command sent to it and not yet seen answered. */
    private final Map<NodeId, Long> unanswered = new TreeMap<>();

    private ProcessCell(Path directory, AddressBookFile book, Class<? extends NodeProgram> program, List<String> jvmOptions) {
        this.directory = directory;
        this.book = book;
        this.program = program;
        this.jvmOptions = jvmOptions;
    }

    /**
     * Starts one process per server on loopback ports chosen now, with small JVMs that start fast,
     * and returns once every one of them listens.
     *
     * @param directory where the address book, the secret, the data directories ({@code data/n1})
     *                  and the logs ({@code n1.log}) go
     */
    public static ProcessCell start(Path directory, List<NodeId> servers, Class<? extends NodeProgram> program) {
        return start(directory, servers, List.of(), program, DEFAULT_JVM_OPTIONS);
    }

    /** As {@link #start(Path, List, Class)}, with these options for each node's JVM. */
    public static ProcessCell start(Path directory, List<NodeId> servers, Class<? extends NodeProgram> program,
                                    List<String> jvmOptions) {
        return start(directory, servers, List.of(), program, jvmOptions);
    }

    /**
     * As {@link #start(Path, List, Class)}, with a loopback port in the address book for each of
     * {@code listeners}: nodes that are not members of the cluster but listen, so that servers can
     * send to them by id. Start each in this JVM with {@link #startListener} (or as a process:
     * {@code CellNode --node c1}).
     */
    public static ProcessCell start(Path directory, List<NodeId> servers, List<NodeId> listeners,
                                    Class<? extends NodeProgram> program) {
        return start(directory, servers, listeners, program, DEFAULT_JVM_OPTIONS);
    }

    private static ProcessCell start(Path directory, List<NodeId> servers, List<NodeId> listeners,
                                     Class<? extends NodeProgram> program, List<String> jvmOptions) {
        Map<NodeId, InetSocketAddress> addresses = new TreeMap<>();
        for (NodeId id : servers) {
            addresses.put(id, new InetSocketAddress(InetAddress.getLoopbackAddress(), freePort()));
        }
        Map<NodeId, InetSocketAddress> listening = new TreeMap<>();
        for (NodeId id : listeners) {
            listening.put(id, new InetSocketAddress(InetAddress.getLoopbackAddress(), freePort()));
        }
        AddressBookFile book = new AddressBookFile(addresses, ClusterSecret.random(), listening);
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the cell's directory " + directory, e);
        }
        book.write(directory.resolve(BOOK), SECRET);
        ProcessCell cell = new ProcessCell(directory, book, program, List.copyOf(jvmOptions));
        try {
            for (NodeId id : servers) {
                cell.launch(id);
            }
            for (NodeId id : servers) {
                cell.awaitListening(id);
            }
        } catch (RuntimeException | Error e) {
            cell.close();
            throw e;
        }
        return cell;
    }

    public Map<NodeId, InetSocketAddress> addressBook() {
        return book.servers();
    }

    public List<NodeId> servers() {
        return List.copyOf(book.servers().keySet());
    }

    public ClusterSecret secret() {
        return book.secret();
    }

    /** The address-book file every node was started with. */
    public Path addressBookFile() {
        return directory.resolve(BOOK);
    }

    /** The node's data directory: its files, kept across crashes and restarts. */
    public Path dataDirectory(NodeId id) {
        return directory.resolve("data").resolve(id.name());
    }

    /** The node's standard output and error, across its restarts. */
    public Path logFile(NodeId id) {
        return directory.resolve(id.name() + ".log");
    }

    /** The process now running the node. */
    public synchronized Process process(NodeId id) {
        Process process = processes.get(id);
        if (process == null) {
            throw new IllegalArgumentException("no node " + id + " in this cell; it has " + servers());
        }
        return process;
    }

    /** Whether the node is paused ({@link #pause}) and not yet resumed. */
    public boolean isPaused(NodeId id) {
        return paused.contains(id);
    }

    public synchronized boolean isRunning(NodeId id) {
        return process(id).isAlive();
    }

    /** The nodes that listen without being members of the cell, and where (see {@link #startListener}). */
    public Map<NodeId, InetSocketAddress> listeners() {
        return book.listeners();
    }

    /**
     * Starts a listener of the address book in this JVM: a node that is not a member of the cell (not
     * in {@code cluster()}) but that the servers can send to by its id, whether or not it connected to
     * them. It has no disk and no secret (it takes every peer for a client), accepts any message, and
     * stops when the cell closes.
     */
    public synchronized TcpNode startListener(NodeId id, NodeFactory factory) {
        if (!book.listeners().containsKey(id)) {
            throw new IllegalArgumentException(id + " is not a listener of this cell, whose listeners are "
                    + book.listeners().keySet() + "; name it when the cell starts: ProcessCell.start(directory,"
                    + " servers, listeners, program)");
        }
        TcpNode running = listenerNodes.get(id);
        if (running != null && running.isRunning()) {
            throw new IllegalStateException(id + " is already running");
        }
        TcpNode node = TcpNode.start(TcpNodeConfig.of(id, book.servers(), newProgram().codec(), null)
                .withListeners(book.listeners()), factory);
        listenerNodes.put(id, node);
        return node;
    }

    /** A client of this cell (it needs no secret); close it before the cell. */
    public TcpClient newClient(NodeId clientId) {
        return new TcpClient(clientId, book.servers(), newProgram().codec());
    }

    /**
     * Kills the node's process with SIGKILL (what {@link Process#destroyForcibly()} sends on Linux and
     * macOS), as a power cut would end it, and waits until it is gone.
     *
     * @return the exit status: 137 (128 + 9) for a process SIGKILL ended
     */
    public synchronized int crash(NodeId id) {
        Process process = process(id);
        process.destroyForcibly();
        paused.remove(id);
        return awaitExit(id, process);
    }

    /** Freezes the node's process with SIGSTOP: it does nothing at all until {@link #resume}. */
    public synchronized void pause(NodeId id) {
        signal(id, "STOP");
        paused.add(id);
    }

    /** Lets a paused process go on with SIGCONT, from exactly where it stopped. */
    public synchronized void resume(NodeId id) {
        signal(id, "CONT");
        paused.remove(id);
    }

    /**
     * Starts the node again with the same command (killing it first if it runs), and waits until it
     * listens. A node that was cut off is cut off again, through its control channel, before this returns.
     */
    public synchronized void restart(NodeId id) {
        if (process(id).isAlive()) {
            crash(id);
        }
        launch(id);
        Set<String> cut = cuts.getOrDefault(id, Set.of());
        if (!cut.isEmpty()) {
            control(id, "cut " + String.join(" ", cut)); // read as soon as the node starts, waited for below
        }
        awaitListening(id);
        if (!cut.isEmpty()) {
            awaitControl(id);
        }
    }

    /**
     * Cuts {@code id} off from every other node and every client, both ways, until {@link #heal()}:
     * it refuses their frames ({@code cut *} on its control channel, see {@link CellNode}), and every
     * other server refuses its frames ({@code cut id}). Connections stay open, as behind a firewall
     * that drops packets. Returns once every running node that is not paused has the cut in force; a
     * paused node reads the command when it resumes.
     */
    public synchronized void isolate(NodeId id) {
        process(id);
        cut(id, "*");
        for (NodeId other : servers()) {
            if (!other.equals(id)) {
                cut(other, id.name());
            }
        }
        awaitControls();
    }

    /**
     * Makes {@code id} refuse frames to and from {@code peers} (servers, clients or listeners), both
     * ways, until {@link #heal()}: one side of a partition, for scenarios finer than {@link #isolate}.
     */
    public synchronized void cutOff(NodeId id, Collection<NodeId> peers) {
        process(id);
        for (NodeId peer : peers) {
            cut(id, peer.name());
        }
        awaitControls();
    }

    /** Ends every cut, on every running node. */
    public synchronized void heal() {
        for (NodeId id : servers()) {
            if (cuts.remove(id) != null && process(id).isAlive()) {
                control(id, "heal");
            }
        }
        awaitControls();
    }

    /** Whom the node refuses frames from and to now ("*" for everyone); empty when it is not cut off. */
    public synchronized Set<String> cuts(NodeId id) {
        process(id);
        return Set.copyOf(cuts.getOrDefault(id, Set.of()));
    }

    private void cut(NodeId id, String peer) {
        if (cuts.computeIfAbsent(id, n -> new java.util.TreeSet<>()).add(peer) && process(id).isAlive()) {
            control(id, "cut " + peer);
        }
    }

    /** Writes one command to the node's control channel (its standard input). */
    private void control(NodeId id, String command) {
        long number = ++controlSequence;
        try {
            OutputStream in = process(id).getOutputStream();
            in.write((number + " " + command + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot give " + id + " the command '" + command + "': " + e.getMessage(), e);
        }
        unanswered.put(id, number);
    }

    private void awaitControls() {
        for (NodeId id : List.copyOf(unanswered.keySet())) {
            awaitControl(id);
        }
    }

    /**
     * Waits until the node has answered its last command (answers are in order, one line each in its
     * log), unless it is paused or gone: a paused node answers once it resumes.
     */
    private void awaitControl(NodeId id) {
        Long number = unanswered.remove(id);
        if (number == null || paused.contains(id)) {
            return;
        }
        String ok = "control " + number + " ok: ";
        String refused = "control " + number + " refused: ";
        long deadline = System.nanoTime() + CONTROL_TIMEOUT.toNanos();
        while (process(id).isAlive()) {
            String log = readLog(id);
            if (log.contains(ok)) {
                return;
            }
            int at = log.indexOf(refused);
            if (at >= 0) {
                throw new IllegalStateException(id + " refused a control command: " + log.substring(at).lines().findFirst().orElse(""));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(id + " did not answer control command " + number + " within "
                        + CONTROL_TIMEOUT + "; its log " + logFile(id) + " ends with:\n" + tail(id));
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private String readLog(NodeId id) {
        try {
            return Files.readString(logFile(id), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Kills every process of the cell and waits until they are gone. */
    @Override
    public synchronized void close() {
        listenerNodes.values().forEach(TcpNode::stop);
        for (Map.Entry<NodeId, Process> entry : processes.entrySet()) {
            entry.getValue().destroyForcibly(); // SIGKILL ends a stopped process too
        }
        for (Map.Entry<NodeId, Process> entry : processes.entrySet()) {
            awaitExit(entry.getKey(), entry.getValue());
        }
        paused.clear();
    }

    private NodeProgram newProgram() {
        try {
            return program.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(program.getName() + " needs a public constructor without arguments", e);
        }
    }

    private synchronized void launch(NodeId id) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(CellNode.class.getName());
        command.addAll(List.of("--address-book", addressBookFile().toString(), "--node", id.name(),
                "--data", dataDirectory(id).toString(), "--program", program.getName()));
        try {
            Files.createDirectories(dataDirectory(id));
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile(id).toFile()))
                    .start();
            LIVE.add(process);
            process.onExit().thenRun(() -> LIVE.remove(process));
            processes.put(id, process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the process of " + id + ": " + e.getMessage(), e);
        }
    }

    private void awaitListening(NodeId id) {
        Process process = process(id);
        InetSocketAddress address = book.servers().get(id);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            try (Socket probe = new Socket()) {
                probe.connect(address, 200);
                return; // it listens; closing before a hello costs it nothing but a debug line
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(id + " exited with status " + process.exitValue()
                            + " before it listened on " + address + "; its log " + logFile(id) + " ends with:\n" + tail(id));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(id + " does not listen on " + address + " after " + START_TIMEOUT
                            + "; its log " + logFile(id) + " ends with:\n" + tail(id));
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
        }
    }

    private int awaitExit(NodeId id, Process process) {
        try {
            if (!process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the process of " + id + " (pid " + process.pid()
                        + ") is still there " + EXIT_TIMEOUT + " after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + id + " to exit", e);
        }
        LIVE.remove(process);
        return process.exitValue();
    }

    private void signal(NodeId id, String signal) {
        Process process = process(id);
        if (!process.isAlive()) {
            throw new IllegalStateException(id + " is not running (it exited with " + process.exitValue() + ")");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            if (!kill.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed: "
                        + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill -" + signal + " (pause and resume need a Unix kill command)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIG" + signal + " to " + id, e);
        }
    }

    private String tail(NodeId id) {
        try {
            List<String> lines = Files.readAllLines(logFile(id), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(cannot read it: " + e.getMessage() + ")";
        }
    }

    /** A loopback port free now (another program may take it before it is bound: bind it soon). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on loopback", e);
        }
    }
}
