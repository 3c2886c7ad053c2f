// Generated from solutions/05-replicated-log/src/test/java/dev/kata/log/bench/ReplicatedLogBenchmark.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint 474e43c51935
package dev.kata.log.bench;

import dev.kata.election.KvClient;
import dev.kata.log.LogProgram;
import dev.kata.runtime.cell.ProcessCell;
import dev.kata.runtime.checker.KvCommand;
import dev.kata.runtime.checker.Operation;
import dev.kata.runtime.checker.Outcome;
import dev.kata.runtime.client.ClientConfig;
import dev.kata.runtime.cluster.ClusterClient;
import dev.kata.runtime.cluster.ProcessCellCluster;
import dev.kata.runtime.node.NodeId;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * How fast is the replicated log for real? A 3-node cell of processes on loopback ({@link LogProgram}
 * in each: 05's {@code ReplicaNode}, 01's write-ahead log on a real {@code FileDisk}, forced before an
 * entry counts), and clients on TCP writing 100-byte values, each to a key of its own, one write at a
 * time (a closed loop), as {@code ../shared/peers/}'s LockBench times etcd and ZooKeeper in its mode
 * {@code put}: the same priming, warm-up, window and interleaved rounds, and the same {@code RESULT}
 * lines, so that the figures sit side by side.
 * <pre>
 * ./kata bench 05                                 # 1 and 8 clients, 2 rounds of 10 s (about a minute)
 * ./kata bench 05 --rounds 1 --duration 5         # a quicker look
 * ./kata bench 05 --peers ../shared/peers        # etcd and ZooKeeper first (their mode put), then this;
 *                                                 # one table of the three (about 6 minutes)
 * ./kata bench 05 --csv /tmp/peer-bench/results/T/locks.csv   # beside the rows of a peers' run
 * ./kata bench 05 --max-append 256                # a tuning knob of ReplicaConfig
 * ./kata bench 05 --batch-micros 500              # step 8's batch window (0: every command alone;
 *                                                 # natural, the default: what came during the last force)
 * ./kata bench 05 --exercise                      # the same, on your own code in 05-replicated-log
 * </pre>
 * Each client is a {@code ClusterClient} of the runtime's {@code ProcessCellCluster}: its own TCP
 * connections, 03's {@code KvClient} protocol (it follows {@code NotLeader} to the leader, retries
 * after a second, gives up after five). Only operations that start after the warm-up and end before
 * the deadline count; ops/s = counted operations / window.
 */
public final class ReplicatedLogBenchmark {

    /** The value of every write: 100 bytes (ASCII), as LockBench's put. */
    static final String VALUE = "v".repeat(100);
    private static final List<NodeId> SERVERS = List.of(NodeId.of("n1"), NodeId.of("n2"), NodeId.of("n3"));
    private static final Duration OPERATION_WAIT = Duration.ofSeconds(10);

    private ReplicatedLogBenchmark() {
    }

    /**
     * One configuration's figures; {@code cpuMicros} is the processor time each server process and this
     * (the clients') process used in the measured window, per counted write.
     */
    record Result(int clients, int round, long ops, double seconds, double p50Ms, double p99Ms, double maxMs,
                  long minPerClient, long maxPerClient, long errors, Map<String, Long> cpuMicros) {

        double opsPerSecond() {
            return ops / seconds;
        }

        String line() {
            return String.format(Locale.ROOT, "RESULT system=kata-log clients=%d mode=put round=%d ops=%d secs=%.2f "
                            + "ops_s=%.1f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f per_client_min=%d per_client_max=%d errors=%d",
                    clients, round, ops, seconds, opsPerSecond(), p50Ms, p99Ms, maxMs, minPerClient, maxPerClient, errors)
                    + "\n# cpu per write (us): " + cpuMicros;
        }

        String csv() {
            return String.format(Locale.ROOT, "kata-log,%d,put,%d,%d,%.2f,%.1f,%.3f,%.3f,%.3f,%d,%d,%d", clients, round,
                    ops, seconds, opsPerSecond(), p50Ms, p99Ms, maxMs, minPerClient, maxPerClient, errors);
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int[] clientCounts = Arrays.stream(options.get("clients").split(",")).mapToInt(Integer::parseInt).toArray();
        int rounds = Integer.parseInt(options.get("rounds"));
        double warmup = Double.parseDouble(options.get("warmup"));
        double duration = Double.parseDouble(options.get("duration"));
        double prime = Double.parseDouble(options.get("prime"));
        Path directory = Path.of(options.get("dir")).toAbsolutePath();
        deleteRecursively(directory);
        List<String> jvm = new ArrayList<>(List.of(options.get("jvm").split(" ")));
        jvm.add("-D" + LogProgram.MAX_APPEND_PROPERTY + "=" + options.get("max-append"));
        if (!options.get("batch-micros").equals("natural")) {
            jvm.add("-D" + LogProgram.BATCH_PROPERTY + "=" + options.get("batch-micros"));
        }
        Path csv = options.get("csv").isEmpty() ? null : Path.of(options.get("csv"));
        if (!options.get("peers").isEmpty()) {
            csv = runPeers(Path.of(options.get("peers")), options);
        }

        System.out.println("# ReplicatedLogBenchmark " + Instant.now() + " options=" + options
                + " java=" + System.getProperty("java.version") + " cpus=" + Runtime.getRuntime().availableProcessors());
        System.out.println("# data in " + directory + " (" + fileSystem(directory.getParent()) + "); loadavg at start: "
                + loadAverage());
        int most = Arrays.stream(clientCounts).max().orElse(1);
        List<Result> results = new ArrayList<>();
        ProcessCell cell = ProcessCell.start(directory, SERVERS, LogProgram.class, jvm);
        try (ProcessCellCluster<KvCommand, String> cluster = new ProcessCellCluster<>(cell,
                ClientConfig.defaults().withMaxThinkTime(Duration.ZERO))) {
            List<ClusterClient<KvCommand, String>> clients = new ArrayList<>();
            List<KvClient> protocols = new ArrayList<>();
            for (int i = 0; i < most; i++) {
                KvClient protocol = new KvClient(SERVERS, i);
                protocols.add(protocol);
                clients.add(cluster.addClient("c" + i, protocol));
            }
            awaitLeader(cluster, clients.get(0));
            System.out.println("# leader: " + protocols.get(0).leader() + "; pids " + SERVERS.stream()
                    .map(n -> n + "=" + cell.process(n).pid()).toList());
            if (prime > 0) {
                runOne(cluster, clients.subList(0, 1), 0, prime, 0.001, null); // the JIT, in the client and the servers
                System.out.println("# primed " + prime + "s (discarded)");
            }
            // Interleaved, as LockBench: every configuration once, then every one again.
            for (int round = 1; round <= rounds; round++) {
                for (int count : clientCounts) {
                    Result result = runOne(cluster, clients.subList(0, count), round, warmup, duration, leader(protocols));
                    System.out.println(result.line());
                    results.add(result);
                }
            }
        }
        System.out.println("# loadavg at end: " + loadAverage());
        printTable(results, clientCounts);
        if (csv != null) {
            appendCsv(csv, results);
            System.out.println("# appended to " + csv);
            if (!options.get("peers").isEmpty()) {
                printSideBySide(csv);
            }
        }
        deleteRecursively(directory);
    }

    /**
     * Runs {@code ../shared/peers/run-all.sh} (its fsync baseline, then etcd, then ZooKeeper, one at a
     * time, mode put only) with this run's clients, rounds, warm-up and window, right before this
     * benchmark, and returns the CSV its rows went to, for this benchmark's rows to join them.
     */
    private static Path runPeers(Path peers, Map<String, String> options) throws IOException, InterruptedException {
        Path root = Path.of("").toAbsolutePath(); // ./kata bench runs this in the module's directory
        while (root.getParent() != null && !Files.exists(root.resolve("mvnw"))) {
            root = root.getParent(); // run-all.sh falls back on the project's ./mvnw, from its root
        }
        Path script = root.resolve(peers).normalize().resolve("run-all.sh"); // relative: to the project's root
        if (!Files.isRegularFile(script)) {
            throw new IllegalArgumentException("no " + script + ": --peers takes the directory of the peers' scripts"
                    + " (../shared/peers from the project's root)");
        }
        ProcessBuilder run = new ProcessBuilder("bash", script.toString()).directory(root.toFile()).inheritIO();
        run.environment().put("MODES", "put");
        run.environment().put("CLIENTS", options.get("clients"));
        run.environment().put("ROUNDS", options.get("rounds"));
        run.environment().put("WARMUP", options.get("warmup"));
        run.environment().put("DURATION", options.get("duration"));
        String work = run.environment().getOrDefault("PEER_BENCH_DIR", "/tmp/peer-bench");
        System.out.println("# the peers first: MODES=put ROUNDS=" + options.get("rounds") + " DURATION="
                + options.get("duration") + " bash " + script + " (results under " + work + "/results)");
        int status = run.start().waitFor();
        if (status != 0) {
            throw new IllegalStateException(script + " failed with status " + status + "; see its output above");
        }
        try (Stream<Path> runs = Files.list(Path.of(work, "results"))) {
            Path latest = runs.filter(Files::isDirectory).max(Comparator.naturalOrder()).orElseThrow(
                    () -> new IllegalStateException("the peers' run left no results under " + work + "/results"));
            return latest.resolve("locks.csv");
        }
    }

    /** Every put row of the CSV, system by system: each round's figures, as RESULTS-2026-11-22.md gives them. */
    private static void printSideBySide(Path csv) throws IOException {
        Map<String, List<String[]>> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(csv, StandardCharsets.UTF_8)) {
            String[] f = line.split(",");
            if (f.length >= 9 && f[2].equals("put")) {
                rows.computeIfAbsent(f[0] + "," + f[1], k -> new ArrayList<>()).add(f);
            }
        }
        System.out.println();
        System.out.println("| system | clients | ops/s | p50 ms | p99 ms |");
        System.out.println("|---|---:|---:|---:|---:|");
        rows.entrySet().stream().sorted(Comparator.comparing((Map.Entry<String, List<String[]>> e) ->
                        Integer.parseInt(e.getKey().split(",")[1])).thenComparing(Map.Entry::getKey))
                .forEach(e -> System.out.println("| " + e.getValue().get(0)[0] + " | " + e.getValue().get(0)[1] + " | "
                        + column(e.getValue(), 6) + " | " + column(e.getValue(), 7) + " | " + column(e.getValue(), 8) + " |"));
    }

    private static String column(List<String[]> rounds, int field) {
        return String.join(" / ", rounds.stream().map(f -> field == 6 ? f[field].replaceAll("\\.\\d+$", "")
                : String.format(Locale.ROOT, "%.2f", Double.parseDouble(f[field]))).toList());
    }

    /** The first write waits for an election: ask until one is answered. */
    private static void awaitLeader(ProcessCellCluster<KvCommand, String> cluster,
                                    ClusterClient<KvCommand, String> client) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            Operation<KvCommand, String> op = cluster.perform(client, new KvCommand.Write("hello", VALUE), OPERATION_WAIT);
            if (op.outcome() == Outcome.OK) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the cell elected no leader within 60 s; see the logs in "
                        + cluster.cell().logFile(SERVERS.get(0)).getParent());
            }
        }
    }

    /** The leader the clients last heard of (null if none knows one). */
    private static NodeId leader(List<KvClient> protocols) {
        return protocols.stream().map(KvClient::leader).filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    /** Processor time so far, in microseconds: of each server's process ("n1", ...), and of this one ("clients"). */
    private static Map<String, Long> cpuMicros(ProcessCellCluster<KvCommand, String> cluster) {
        Map<String, Long> cpu = new LinkedHashMap<>();
        for (NodeId server : SERVERS) {
            cpu.put(server.name(), cluster.cell().process(server).toHandle().info().totalCpuDuration()
                    .map(d -> d.toNanos() / 1000).orElse(0L));
        }
        cpu.put("clients", ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos() / 1000).orElse(0L));
        return cpu;
    }

    static Result runOne(ProcessCellCluster<KvCommand, String> cluster, List<ClusterClient<KvCommand, String>> clients,
                         int round, double warmupSeconds, double durationSeconds, NodeId leader)
            throws InterruptedException {
        int count = clients.size();
        long[][] samples = new long[count][];
        int[] sizes = new int[count];
        AtomicLong errors = new AtomicLong();
        CountDownLatch ready = new CountDownLatch(count);
        CountDownLatch go = new CountDownLatch(1);
        long[] window = new long[2];
        Thread[] threads = new Thread[count];
        for (int i = 0; i < count; i++) {
            int id = i;
            ClusterClient<KvCommand, String> client = clients.get(i);
            KvCommand write = new KvCommand.Write("r" + round + "-c" + count + "/k" + i, VALUE);
            threads[i] = new Thread(() -> {
                long[] mine = new long[1 << 14];
                int size = 0;
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                long measureFrom = window[0];
                long deadline = window[1];
                while (true) {
                    long t0 = System.nanoTime();
                    if (t0 >= deadline) {
                        break;
                    }
                    Operation<KvCommand, String> op = cluster.perform(client, write, OPERATION_WAIT);
                    long t1 = System.nanoTime();
                    if (op.outcome() != Outcome.OK) {
                        errors.incrementAndGet();
                        continue;
                    }
                    if (t0 >= measureFrom && t1 <= deadline) {
                        if (size == mine.length) {
                            mine = Arrays.copyOf(mine, size * 2);
                        }
                        mine[size++] = t1 - t0;
                    }
                }
                samples[id] = mine;
                sizes[id] = size;
            }, "bench-" + client.id());
            threads[i].start();
        }
        ready.await();
        long start = System.nanoTime();
        window[0] = start + (long) (warmupSeconds * 1e9);
        window[1] = window[0] + (long) (durationSeconds * 1e9);
        go.countDown(); // happens-before for the workers' reads of window[]
        java.util.concurrent.locks.LockSupport.parkNanos(window[0] - System.nanoTime());
        Map<String, Long> cpuBefore = cpuMicros(cluster); // processor time over the measured window only
        for (Thread thread : threads) {
            thread.join();
        }
        int total = Arrays.stream(sizes).sum();
        long[] all = new long[total];
        int at = 0;
        for (int i = 0; i < count; i++) {
            System.arraycopy(samples[i], 0, all, at, sizes[i]);
            at += sizes[i];
        }
        Arrays.sort(all);
        Map<String, Long> cpu = new LinkedHashMap<>();
        cpuMicros(cluster).forEach((who, micros) -> cpu.put(
                who + (leader != null && who.equals(leader.name()) ? " (leader)" : ""),
                total == 0 ? 0 : (micros - cpuBefore.get(who)) / total));
        return new Result(count, round, total, durationSeconds, percentileMs(all, 0.50), percentileMs(all, 0.99),
                total == 0 ? Double.NaN : all[total - 1] / 1e6, Arrays.stream(sizes).min().orElse(0),
                Arrays.stream(sizes).max().orElse(0), errors.get(), cpu);
    }

    /** As LockBench: the smallest sample with at least {@code q} of the samples at or below it. */
    static double percentileMs(long[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1));
        return sorted[index] / 1e6;
    }

    private static void printTable(List<Result> results, int[] clientCounts) {
        System.out.println();
        System.out.println("| system | clients | ops/s | p50 ms | p99 ms | rounds |");
        System.out.println("|---|---:|---:|---:|---:|---|");
        for (int count : clientCounts) {
            List<Result> mine = results.stream().filter(r -> r.clients() == count)
                    .sorted(Comparator.comparingDouble(Result::opsPerSecond)).toList();
            if (mine.isEmpty()) {
                continue;
            }
            Result median = mine.get(mine.size() / 2);
            String each = String.join(" / ", results.stream().filter(r -> r.clients() == count)
                    .map(r -> String.format(Locale.ROOT, "%.0f", r.opsPerSecond())).toList());
            System.out.println(String.format(Locale.ROOT, "| 05 replicated log | %d | %.0f | %.2f | %.2f | %s |", count,
                    median.opsPerSecond(), median.p50Ms(), median.p99Ms(), each));
        }
    }

    private static void appendCsv(Path file, List<Result> results) throws IOException {
        boolean fresh = !Files.exists(file);
        try (PrintStream csv = new PrintStream(Files.newOutputStream(file, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND), true, StandardCharsets.UTF_8)) {
            if (fresh) {
                csv.println("system,clients,mode,round,ops,secs,ops_s,p50_ms,p99_ms,max_ms,per_client_min,per_client_max,errors");
            }
            results.forEach(r -> csv.println(r.csv()));
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("clients", "1,8");
        options.put("warmup", "3");
        options.put("duration", "10");
        options.put("rounds", "2");
        options.put("prime", "5");
        options.put("max-append", "64");
        options.put("batch-micros", "natural");
        options.put("dir", "target/log-bench");
        // Each server as ZooKeeper's in the peers' run: a 256 MiB heap, the JVM's own compilers and collector.
        options.put("jvm", "-Xms256m -Xmx256m");
        options.put("csv", "");
        options.put("peers", "");
        for (int i = 0; i < args.length; i++) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (args[i].equals("--help") || !options.containsKey(name) || i + 1 >= args.length) {
                System.err.println("usage: ./kata bench 05 " + String.join(" ", options.entrySet().stream()
                        .map(e -> "[--" + e.getKey() + " " + e.getValue() + "]").toList()));
                System.exit(args[i].equals("--help") ? 0 : 2);
            }
            options.put(name, args[++i]);
        }
        return options;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String fileSystem(Path directory) {
        try {
            Files.createDirectories(directory);
            return Files.getFileStore(directory).type() + " " + Files.getFileStore(directory).name();
        } catch (IOException e) {
            return "unknown file system";
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + directory, e);
        }
    }
}
