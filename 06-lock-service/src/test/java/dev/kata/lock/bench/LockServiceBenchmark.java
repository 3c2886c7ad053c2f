// Generated from solutions/06-lock-service/src/test/java/dev/kata/lock/bench/LockServiceBenchmark.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint 4a9f5675cc78
package dev.kata.lock.bench;

import dev.kata.lock.LockOp;
import dev.kata.lock.Sequencer;
import dev.kata.lock.tcp.CellAdmin.Status;
import dev.kata.lock.tcp.CellProbe;
import dev.kata.lock.tcp.LockCli;
import dev.kata.lock.tcp.LockProgram;
import dev.kata.lock.tcp.LockSession;
import dev.kata.log.LogProgram;
import dev.kata.runtime.bench.BenchOperation;
import dev.kata.runtime.bench.BenchOptions;
import dev.kata.runtime.bench.BenchPlan;
import dev.kata.runtime.bench.BenchReport;
import dev.kata.runtime.bench.BenchResult;
import dev.kata.runtime.bench.ClosedLoop;
import dev.kata.runtime.bench.CpuMeter;
import dev.kata.runtime.bench.PeerRun;
import dev.kata.runtime.cell.AddressBookFile;
import dev.kata.runtime.cell.ProcessCell;
import dev.kata.runtime.checker.LockCommand.Mode;
import dev.kata.runtime.node.NodeId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How fast is the lock service for real? A 3-node cell of processes on loopback ({@link LockProgram} in
 * each: 06's {@code LockServer} on 05's log, every entry forced to disk before it counts), and clients in
 * this JVM, each a {@link LockSession} of its own (its own session, KeepAlives and TCP connections, as
 * each of the peers' clients has its own session), timed as {@code ../shared/peers/}'s LockBench times
 * etcd and ZooKeeper, in its three modes:
 * <ul>
 *   <li>{@code uncontended}: client i takes the exclusive lock of a file of its own and releases it
 *       (Acquire then Release: two calls, each one entry of the log);</li>
 *   <li>{@code contended}: every client on the lock of one file, each waiting in line;</li>
 *   <li>{@code put}: each client writes 100 bytes to a file of its own (SetContents: one entry).</li>
 * </ul>
 * The same priming, warm-up, window and interleaved rounds as LockBench, the same {@code RESULT} lines
 * and CSV columns, and, per operation, the processor time of each server and of the clients' JVM and
 * the log entries the master applied (its status, asked at both ends of the window):
 * <pre>
 * ./kata bench 06                                 # 1 and 8 clients, 3 modes, 2 rounds of 3 s + 10 s (about 3 minutes)
 * ./kata bench 06 --rounds 1 --duration 3 --warmup 1 --prime 1   # a quick look
 * ./kata bench 06 --peers ../shared/peers         # etcd and ZooKeeper first (the same modes), then this;
 *                                                 # one table of the three
 * ./kata bench 06 --modes contended --clients 8   # one configuration
 * ./kata bench 06 --batch-micros 500              # step 8's batch window of 05's log (0: every entry alone;
 *                                                 # natural, the default: what came during the last force)
 * ./kata bench 06 --exercise                      # the same, on your own code in 06-lock-service
 * </pre>
 * The harness (the closed loop, the figures, the peers' run, the tables) is the runtime's
 * {@code dev.kata.runtime.bench}, which 05's {@code ReplicatedLogBenchmark} shares.
 */
public final class LockServiceBenchmark {

    /** The contents of every put: 100 bytes (ASCII), as LockBench's. */
    static final String VALUE = "v".repeat(100);
    static final List<String> MODES = List.of("uncontended", "contended", "put");
    private static final List<NodeId> SERVERS = List.of(NodeId.of("n1"), NodeId.of("n2"), NodeId.of("n3"));
    /** As LockBench's acquire: a waiter in line gives up after this long (an error). */
    private static final Duration ACQUIRE_WAIT = Duration.ofSeconds(30);
    private static final Duration START_WAIT = Duration.ofSeconds(60);
    private static final Duration PROBE_WAIT = Duration.ofSeconds(2);

    private LockServiceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        LockCli.quietLogs(); // the sessions' notes (-Dkata.verbose=true shows them)
        // System.exit: nothing else to wait for, the sessions' event loops and the cell are gone
        System.exit(BenchOptions.run("./kata bench 06", defaults(), args, System.err, LockServiceBenchmark::run));
    }

    private static void run(BenchOptions options) throws Exception {
        BenchPlan plan = BenchPlan.of(options);
        List<String> modes = options.choices("modes", MODES);
        List<String> jvm = plan.jvm(LogProgram.tuning(options.whole("max-append", 1), options.get("batch-micros")));
        Path csv = PeerRun.csvAfterPeers(options, String.join(",", modes), System.out); // the peers first, if asked
        BenchReport.deleteRecursively(plan.directory());

        System.out.println(BenchReport.header("LockServiceBenchmark", options, plan.directory()));
        int most = plan.mostClients();
        List<BenchResult> results = new ArrayList<>();
        List<LockSession> sessions = new ArrayList<>();
        // Every process of the cell is killed when this block ends, on an error too, and on Ctrl-C by
        // ProcessCell's shutdown hook.
        try (ProcessCell cell = ProcessCell.start(plan.directory(), SERVERS, LockProgram.class, jvm)) {
            AddressBookFile book = AddressBookFile.read(cell.addressBookFile());
            try {
                for (int i = 0; i < most; i++) {
                    sessions.add(openSession(cell, "c" + i));
                }
                System.out.println("# master: " + master(book) + "; pids " + SERVERS.stream()
                        .map(n -> n + "=" + cell.process(n).pid()).toList() + "; " + most + " sessions open");
                // The entries the master applied over the window, per operation: what one costs the log.
                CpuMeter cpu = CpuMeter.of(cell).withCounter("log entries", () -> CellProbe.master(book, PROBE_WAIT)
                        .map(Status::applied).orElse(-1L));
                if (plan.primeSeconds() > 0) { // the JIT, in the clients and the servers
                    ClosedLoop.run("kata-lock", "uncontended", 0, operations(sessions, "uncontended", 1, 0),
                            plan.primeSeconds(), 0.001, null);
                    System.out.println("# primed " + plan.primeSeconds() + "s (discarded)");
                }
                // Interleaved, as LockBench: every configuration once, then every one again.
                for (int round = 1; round <= plan.rounds(); round++) {
                    for (int count : plan.clientCounts()) {
                        for (String mode : modes) {
                            List<BenchOperation> clients = operations(sessions, mode, count, round);
                            BenchResult result = ClosedLoop.run("kata-lock", mode, round, clients,
                                    plan.warmupSeconds(), plan.durationSeconds(), cpu.withRole(master(book), "master"));
                            System.out.println(result.line());
                            if (result.firstError() != null) {
                                System.out.println("# first error: " + result.firstError());
                            }
                            results.add(result);
                        }
                    }
                }
            } finally {
                sessions.forEach(LockSession::close);
            }
        }
        System.out.println(BenchReport.summary("06 lock service", results, modes, plan.clientCounts(), true, csv,
                !options.get("peers").isEmpty()));
        BenchReport.deleteRecursively(plan.directory());
    }

    /**
     * The first {@code count} sessions' operations in {@code mode}, each on a file of this configuration
     * (opened, and created, now: outside the timed loop, with no events), or all on one file when contended.
     */
    static List<BenchOperation> operations(List<LockSession> sessions, String mode, int count, int round) {
        List<BenchOperation> operations = new ArrayList<>();
        String prefix = "/ls/cell/bench-r" + round + "-c" + count + "-" + mode + "-";
        for (int i = 0; i < count; i++) {
            LockSession session = sessions.get(i);
            // No events asked for, as an application that only locks or writes asks for none in Chubby (and as
            // the peers' clients watch nothing but what their recipe needs): none comes on an op's path.
            long handle = session.open(new LockOp.Open(prefix + (mode.equals("contended") ? "shared" : "file-" + i),
                    true, false, false, Set.of()));
            operations.add(mode.equals("put") ? () -> {
                session.write(handle, VALUE);
                return true;
            } : () -> {
                Sequencer held = session.acquire(handle, Mode.EXCLUSIVE, ACQUIRE_WAIT);
                session.release(handle, held);
                return true;
            });
        }
        return operations;
    }

    /** A session of its own for client {@code name}; the first ones wait for the cell's first master. */
    private static LockSession openSession(ProcessCell cell, String name) {
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        while (true) {
            try {
                return LockSession.open(cell.addressBookFile(), name);
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no session opened within " + START_WAIT.toSeconds()
                            + " s (" + e.getMessage() + "); see the servers' logs in " + cell.logFile(SERVERS.get(0))
                            .getParent(), e);
                }
            }
        }
    }

    /** The server that says it is master now (null if none answers so). */
    private static NodeId master(AddressBookFile book) {
        return CellProbe.master(book, PROBE_WAIT).map(Status::server).map(NodeId::of).orElse(null);
    }

    private static Map<String, String> defaults() {
        Map<String, String> own = new LinkedHashMap<>();
        own.put("modes", String.join(",", MODES));
        own.put("max-append", "64"); // 05's log's knobs, as 05's benchmark has them
        own.put("batch-micros", LogProgram.NATURAL);
        return BenchOptions.cellDefaults(own, "target/lock-bench");
    }
}
