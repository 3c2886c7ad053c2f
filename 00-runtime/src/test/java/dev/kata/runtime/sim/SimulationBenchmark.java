package dev.kata.runtime.sim;

import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.Node;
import dev.kata.runtime.node.NodeContext;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.wire.RecordCodec;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * How many simulated messages the simulation delivers per second of CPU time, on one core, with 3
 * and 5 nodes under a nemesis (crashes, pauses, partitions, slow links, lossy periods). Not a unit
 * test: run it by hand.
 *
 * <pre>
 * ./mvnw -q -pl 00-runtime test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.kata.runtime.sim.SimulationBenchmark [-Dexec.args="virtual-seconds"]
 * </pre>
 *
 * <p>Every node keeps messages moving: each message it receives it forwards to a random peer, until
 * the message has made 1000 hops, and every 5 ms it starts a new one. Reported: messages delivered per
 * second, with the messages through the runtime's {@link RecordCodec} or passed through, with the
 * trace on (bounded) or off.
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

    private SimulationBenchmark() {
    }

    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 2.0;
        System.out.printf("simulated messages delivered per second of CPU time on one thread, %.1f virtual s per case%n",
                seconds);
        System.out.printf("%-6s %-14s %-12s %14s %12s %10s%n", "nodes", "messages", "trace", "delivered/s",
                "events/s", "CPU s");
        // Warm the JIT on every path first, so the first case measured is not the slowest.
        for (int nodes : new int[] {3, 5}) {
            run(nodes, true, true, Math.min(0.5, seconds));
        }
        for (int nodes : new int[] {3, 5}) {
            for (boolean codec : new boolean[] {true, false}) {
                for (boolean trace : new boolean[] {false, true}) {
                    Result r = run(nodes, codec, trace, seconds);
                    System.out.printf(Locale.ROOT, "%-6d %-14s %-12s %,14.0f %,12.0f %10.1f%n", nodes,
                            codec ? "RecordCodec" : "pass-through", trace ? "on (100k)" : "off", r.deliveredPerSecond,
                            r.eventsPerSecond, r.cpuSeconds);
                }
            }
        }
    }

    public record Result(double deliveredPerSecond, double eventsPerSecond, double cpuSeconds) {
    }

    /**
     * Runs one case: virtual seconds 1 to 1 + {@code virtualSeconds} of the same seeded run, so every
     * case handles the same events. Measured in this thread's CPU time, not wall time: on a shared
     * machine other processes steal the core, and "per second on one core" is what is asked.
     */
    public static Result run(int nodes, boolean codec, boolean trace, double virtualSeconds) {
        SimulationConfig config = (codec ? SimulationConfig.of(42, CODEC) : SimulationConfig.withoutCodec(42))
                .withTraceLimit(trace ? 100_000 : 0);
        Simulation sim = new Simulation(config);
        List<NodeId> servers = sim.addServers(nodes, HopNode::new);
        Nemesis.standard().schedule(42, servers, Duration.ofMinutes(10)).applyTo(sim);
        sim.runFor(Duration.ofSeconds(1)); // warm up
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
