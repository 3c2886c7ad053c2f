package dev.kata.runtime.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A run of {@code ../shared/peers/run-all.sh}: its fsync baseline, then a 3-node etcd, then a 3-node
 * ZooKeeper, one at a time, timed by their LockBench in the given modes with a benchmark's clients,
 * rounds, warm-up and window, right before the benchmark's own run; the benchmark then appends its rows
 * to the CSV the peers' rows went to, and one table holds all three systems.
 * The script's output goes to this process's standard output and error, as it comes.
 */
public final class PeerRun {

    private final Path script;
    private final Path root;
    private final ProcessBuilder builder;
    private final String work;

    private PeerRun(Path script, Path root, ProcessBuilder builder, String work) {
        this.script = script;
        this.root = root;
        this.builder = builder;
        this.work = work;
    }

    /**
     * The peers' run in {@code modes} (LockBench's: {@code put}, or {@code uncontended,contended,put}),
     * with {@code options}' clients, rounds, warm-up and duration.
     *
     * @param peers the directory of the peers' scripts, absolute or relative to the project's root
     *              ({@code ../shared/peers}); a {@link BenchOptionException} if it has no run-all.sh
     */
    public static PeerRun of(String peers, String modes, BenchOptions options) {
        Path root = Path.of("").toAbsolutePath(); // ./kata bench runs a benchmark in the module's directory
        while (root.getParent() != null && !Files.exists(root.resolve("mvnw"))) {
            root = root.getParent(); // run-all.sh falls back on the project's ./mvnw, from its root
        }
        Path script = root.resolve(peers).normalize().resolve("run-all.sh");
        if (!Files.isRegularFile(script)) {
            throw new BenchOptionException("no " + script + ": --peers takes the directory of the peers' scripts"
                    + " (../shared/peers from the project's root)");
        }
        ProcessBuilder run = new ProcessBuilder("bash", script.toString()).directory(root.toFile()).inheritIO();
        run.environment().put("MODES", modes);
        run.environment().put("CLIENTS", options.get("clients"));
        run.environment().put("ROUNDS", options.get("rounds"));
        run.environment().put("WARMUP", options.get("warmup"));
        run.environment().put("DURATION", options.get("duration"));
        return new PeerRun(script, root, run, run.environment().getOrDefault("PEER_BENCH_DIR", "/tmp/peer-bench"));
    }

    /**
     * Where a benchmark's rows go: with {@code --peers DIR}, the CSV of a peers' run in {@code modes}
     * made now (what runs is said on {@code out} first); else {@code --csv}'s file, or null for none.
     */
    public static Path csvAfterPeers(BenchOptions options, String modes, PrintStream out)
            throws IOException, InterruptedException {
        if (options.get("peers").isEmpty()) {
            return options.get("csv").isEmpty() ? null : Path.of(options.get("csv"));
        }
        PeerRun peers = of(options.get("peers"), modes, options);
        out.println(peers.describe());
        return peers.run();
    }

    /** What runs, for the benchmark's output. */
    public String describe() {
        return "# the peers first: MODES=" + builder.environment().get("MODES") + " ROUNDS="
                + builder.environment().get("ROUNDS") + " DURATION=" + builder.environment().get("DURATION")
                + " bash " + script + " (results under " + work + "/results)";
    }

    /**
     * Runs the script to its end (it stops its servers itself, on failure too; should this JVM end
     * first, the script gets SIGTERM) and returns the CSV its rows went to.
     */
    public Path run() throws IOException, InterruptedException {
        Process process = builder.start();
        Thread stop = new Thread(process::destroy, "kata-peer-run-stopper");
        Runtime.getRuntime().addShutdownHook(stop);
        int status;
        try {
            status = process.waitFor();
        } finally {
            if (process.isAlive()) {
                process.destroy();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(stop);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
        if (status != 0) {
            throw new IllegalStateException(script + " failed with status " + status + "; see its output above");
        }
        try (Stream<Path> runs = Files.list(root.resolve(work).resolve("results"))) {
            Path latest = runs.filter(Files::isDirectory).max(Comparator.naturalOrder()).orElseThrow(
                    () -> new IllegalStateException("the peers' run left no results under " + work + "/results"));
            return latest.resolve("locks.csv");
        }
    }
}
