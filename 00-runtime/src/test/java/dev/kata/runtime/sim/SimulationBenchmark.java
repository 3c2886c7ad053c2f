package dev.kata.runtime.sim;

import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.Node;
import dev.kata.runtime.node.NodeContext;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.wire.RecordCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How many simulated messages the simulation delivers per second of CPU time, on one core, with 3
 * and 5 nodes under a nemesis (crashes, pauses, partitions, slow links, lossy periods). Not a unit
 * test: run it by hand, {@code ./kata bench runtime}.
 *
 * <p>Every node keeps messages moving: each message it receives it forwards to a random peer, until
 * the message has made 1000 hops, and every 5 ms it starts a new one, so thousands of messages are
 * in flight. Reported: messages delivered per second, with the messages through the runtime's
 * {@link RecordCodec} (as in every module's tests) or passed through, with the trace on (bounded)
 * or off.
 *
 * <p>Each case runs in a JVM of its own, as JMH forks one per benchmark: in a shared JVM the
 * just-in-time compiler would optimize the simulation for whichever case came first (a payload that
 * is always bytes, say) and the next case would pay for it, so the order of the cases would change
 * their figures by a fifth.
 */
public final class SimulationBenchmark {

    /** A message passed from node to node. */
    public record Hop(long id, int hops) implements Message {
    }

    /** The runtime's record codec, as every module uses it. */
    static final RecordCodec CODEC = RecordCodec.builder().register("bench.Hop", Hop.class).build();

    static final class HopNode implements Node {
        private final NodeContext ctx;
        private final List<NodeId> peers;
        private long started;
        private final Runnable pump = this::pump;

        HopNode(NodeContext ctx) {
            this.ctx = ctx;
            this.peers = ctx.cluster();
        }

        @Override
        public void onStart() {
            for (int i = 0; i < 20; i++) {
                pump();
            }
        }

        private void pump() {
            ctx.send(peers.get(ctx.random().nextInt(peers.size())), new Hop(++started, 0));
            ctx.schedule(Duration.ofMillis(5), pump);
        }

        @Override
        public void onMessage(NodeId from, Message message) {
            Hop hop = (Hop) message;
            if (hop.hops() < 1000) {
                ctx.send(peers.get(ctx.random().nextInt(peers.size())), new Hop(hop.id(), hop.hops() + 1));
            }
        }
    }

    private static final String USAGE = """
            ./kata bench runtime [options]
              --seconds S   virtual seconds per measured run (default 2)
              --runs R      measured runs per case, after one warm-up run (default 3)
            Prints, per case, the median of the runs and their range.
            """;

    private SimulationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<String> options = new ArrayList<>(Arrays.asList(args));
        if (options.contains("--help")) {
            System.out.print(USAGE);
            return;
        }
        double seconds = option(options, "--seconds", 2.0);
        int runs = (int) option(options, "--runs", 3);
        int caseIndex = options.indexOf("--case");
        if (caseIndex >= 0) {
            // A child JVM: one case, one line of figures for the parent.
            int nodes = Integer.parseInt(options.get(caseIndex + 1));
            boolean codec = Boolean.parseBoolean(options.get(caseIndex + 2));
            boolean trace = Boolean.parseBoolean(options.get(caseIndex + 3));
            runCase(nodes, codec, trace, seconds, runs);
            return;
        }
        System.out.printf(Locale.ROOT, "simulated messages delivered per second of CPU time on one thread, "
                + "%.1f virtual s per run, median of %d runs (range), each case in its own JVM%n", seconds, runs);
        System.out.printf("%-6s %-14s %-10s %14s %25s %8s%n", "nodes", "messages", "trace", "delivered/s",
                "range", "CPU s");
        for (int nodes : new int[] {3, 5}) {
            for (boolean codec : new boolean[] {true, false}) {
                for (boolean trace : new boolean[] {true, false}) {
                    double[] r = fork(nodes, codec, trace, seconds, runs);
                    System.out.printf(Locale.ROOT, "%-6d %-14s %-10s %,14.0f %,12.0f - %,10.0f %8.1f%n", nodes,
                            codec ? "RecordCodec" : "pass-through", trace ? "on (100k)" : "off", r[0], r[1], r[2], r[3]);
                }
            }
        }
    }

    /** Runs one case in a new JVM with this one's classpath; returns median, min, max and CPU seconds. */
    private static double[] fork(int nodes, boolean codec, boolean trace, double seconds, int runs)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SimulationBenchmark.class.getName(), "--case", String.valueOf(nodes), String.valueOf(codec),
                String.valueOf(trace), "--seconds", String.valueOf(seconds), "--runs", String.valueOf(runs))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            line = out.readLine();
        }
        if (child.waitFor() != 0 || line == null) {
            throw new IllegalStateException("the case " + nodes + " nodes, codec " + codec + ", trace " + trace
                    + " failed (exit code " + child.exitValue() + ")");
        }
        return Arrays.stream(line.trim().split(" ")).mapToDouble(Double::parseDouble).toArray();
    }

    private static void runCase(int nodes, boolean codec, boolean trace, double seconds, int runs) {
        run(nodes, codec, trace, seconds); // warm-up: the JIT compiles this case's paths
        double[] delivered = new double[runs];
        double cpu = 0;
        for (int i = 0; i < runs; i++) {
            Result r = run(nodes, codec, trace, seconds);
            delivered[i] = r.deliveredPerSecond();
            cpu += r.cpuSeconds();
        }
        Arrays.sort(delivered);
        System.out.println(delivered[runs / 2] + " " + delivered[0] + " " + delivered[runs - 1] + " " + cpu);
    }

    private static double option(List<String> options, String name, double otherwise) {
        int i = options.indexOf(name);
        return i >= 0 && i + 1 < options.size() ? Double.parseDouble(options.get(i + 1)) : otherwise;
    }

    public record Result(double deliveredPerSecond, double eventsPerSecond, double cpuSeconds) {
    }

    /**
     * Runs one case: virtual seconds 1 to 1 + {@code virtualSeconds} of the same seeded run, so every
     * run of a case handles the same events. Measured in this thread's CPU time, not wall time: on a
     * shared machine other processes steal the core, and "per second on one core" is what is asked.
     */
    public static Result run(int nodes, boolean codec, boolean trace, double virtualSeconds) {
        SimulationConfig config = (codec ? SimulationConfig.of(42, CODEC) : SimulationConfig.withoutCodec(42))
                .withTraceLimit(trace ? 100_000 : 0);
        Simulation sim = new Simulation(config);
        List<NodeId> servers = sim.addServers(nodes, HopNode::new);
        Nemesis.standard().schedule(42, servers, Duration.ofMinutes(10)).applyTo(sim);
        sim.runFor(Duration.ofSeconds(1)); // not measured: the cluster starts up
        long delivered = sim.counts().messagesDelivered();
        long events = sim.counts().events();
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long start = cpu.getCurrentThreadCpuTime();
        sim.runFor(Duration.ofNanos((long) (virtualSeconds * 1e9)));
        double elapsed = (cpu.getCurrentThreadCpuTime() - start) / 1e9;
        return new Result((sim.counts().messagesDelivered() - delivered) / elapsed,
                (sim.counts().events() - events) / elapsed, elapsed);
    }
}
