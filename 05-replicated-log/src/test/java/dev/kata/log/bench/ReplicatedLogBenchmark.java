// Generated from solutions/05-replicated-log/src/test/java/dev/kata/log/bench/ReplicatedLogBenchmark.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint 3ce5eeef2295
package dev.kata.log.bench;

import dev.kata.election.KvClient;
import dev.kata.log.LogProgram;
import dev.kata.runtime.bench.BenchOperation;
import dev.kata.runtime.bench.BenchOptions;
import dev.kata.runtime.bench.BenchPlan;
import dev.kata.runtime.bench.BenchReport;
import dev.kata.runtime.bench.BenchResult;
import dev.kata.runtime.bench.ClosedLoop;
import dev.kata.runtime.bench.CpuMeter;
import dev.kata.runtime.bench.PeerRun;
import dev.kata.runtime.cell.ProcessCell;
import dev.kata.runtime.checker.KvCommand;
import dev.kata.runtime.checker.Operation;
import dev.kata.runtime.checker.Outcome;
import dev.kata.runtime.client.ClientConfig;
import dev.kata.runtime.cluster.ClusterClient;
import dev.kata.runtime.cluster.ProcessCellCluster;
import dev.kata.runtime.node.NodeId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * the deadline count; ops/s = counted operations / window. The harness (the closed loop, the figures,
 * the peers' run, the tables) is the runtime's {@code dev.kata.runtime.bench}, which 06's
 * {@code LockServiceBenchmark} shares.
 */
public final class ReplicatedLogBenchmark {

    /** The value of every write: 100 bytes (ASCII), as LockBench's put. */
    static final String VALUE = "v".repeat(100);
    private static final List<NodeId> SERVERS = List.of(NodeId.of("n1"), NodeId.of("n2"), NodeId.of("n3"));
    private static final Duration OPERATION_WAIT = Duration.ofSeconds(10);
    private static final List<String> MODES = List.of("put");

    private ReplicatedLogBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(BenchOptions.run("./kata bench 05", defaults(), args, System.err, ReplicatedLogBenchmark::run));
    }

    private static void run(BenchOptions options) throws Exception {
        BenchPlan plan = BenchPlan.of(options);
        List<String> jvm = plan.jvm(LogProgram.tuning(options.whole("max-append", 1), options.get("batch-micros")));
        Path csv = PeerRun.csvAfterPeers(options, "put", System.out); // the peers first, if asked
        BenchReport.deleteRecursively(plan.directory());

        System.out.println(BenchReport.header("ReplicatedLogBenchmark", options, plan.directory()));
        int most = plan.mostClients();
        List<BenchResult> results = new ArrayList<>();
        ProcessCell cell = ProcessCell.start(plan.directory(), SERVERS, LogProgram.class, jvm);
        try (ProcessCellCluster<KvCommand, String> cluster = new ProcessCellCluster<>(cell,
                ClientConfig.defaults().withMaxThinkTime(Duration.ZERO))) {
            List<KvClient> protocols = new ArrayList<>();
            List<ClusterClient<KvCommand, String>> clients = new ArrayList<>();
            for (int i = 0; i < most; i++) {
                KvClient protocol = new KvClient(SERVERS, i);
                protocols.add(protocol);
                clients.add(cluster.addClient("c" + i, protocol));
            }
            awaitLeader(cluster, clients.get(0));
            System.out.println("# leader: " + protocols.get(0).leader() + "; pids " + SERVERS.stream()
                    .map(n -> n + "=" + cell.process(n).pid()).toList());
            CpuMeter cpu = CpuMeter.of(cell);
            if (plan.primeSeconds() > 0) { // the JIT, in the client and the servers
                ClosedLoop.run("kata-log", "put", 0, writers(cluster, clients, 1, 0), plan.primeSeconds(), 0.001, null);
                System.out.println("# primed " + plan.primeSeconds() + "s (discarded)");
            }
            // Interleaved, as LockBench: every configuration once, then every one again.
            for (int round = 1; round <= plan.rounds(); round++) {
                for (int count : plan.clientCounts()) {
                    BenchResult result = ClosedLoop.run("kata-log", "put", round, writers(cluster, clients, count, round),
                            plan.warmupSeconds(), plan.durationSeconds(), cpu.withRole(leader(protocols), "leader"));
                    System.out.println(result.line());
                    results.add(result);
                }
            }
        }
        System.out.println(BenchReport.summary("05 replicated log", results, MODES, plan.clientCounts(), false, csv,
                !options.get("peers").isEmpty()));
        BenchReport.deleteRecursively(plan.directory());
    }

    /** The first {@code count} clients, each writing 100 bytes to a key of its own, one write at a time. */
    private static List<BenchOperation> writers(ProcessCellCluster<KvCommand, String> cluster,
                                                List<ClusterClient<KvCommand, String>> clients, int count, int round) {
        List<BenchOperation> writers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ClusterClient<KvCommand, String> client = clients.get(i);
            KvCommand write = new KvCommand.Write("r" + round + "-c" + count + "/k" + i, VALUE);
            writers.add(() -> cluster.perform(client, write, OPERATION_WAIT).outcome() == Outcome.OK);
        }
        return writers;
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

    private static Map<String, String> defaults() {
        Map<String, String> own = new LinkedHashMap<>();
        own.put("max-append", "64");
        own.put("batch-micros", LogProgram.NATURAL);
        return BenchOptions.cellDefaults(own, "target/log-bench");
    }
}
