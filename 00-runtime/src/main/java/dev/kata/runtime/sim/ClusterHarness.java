package dev.kata.runtime.sim;

import dev.kata.runtime.checker.History;
import dev.kata.runtime.checker.LinearizabilityChecker;
import dev.kata.runtime.checker.LinearizabilityResult;
import dev.kata.runtime.checker.Operation;
import dev.kata.runtime.client.ClientConfig;
import dev.kata.runtime.node.NodeFactory;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.wire.MessageCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The shape every module's test cluster has, written once: a {@link Simulation} with servers n1 to nN,
 * each watched by one {@link DurabilityWatch}, clients whose commands are {@code C} and results
 * {@code R}, and what scenarios ask again and again (run an operation to its end, check the history,
 * end every fault, write the trace page, say which servers are up).
 *
 * <p>A module's harness extends it (or {@link KvClusterHarness}, for a key-value store) and adds only
 * what is its own: how its clients speak, what a node is asked ("who leads?"), its invariants.
 * <pre>{@code
 * final class MyCluster extends KvClusterHarness {
 *     private MyCluster(Simulation sim, int size, MyConfig config) {
 *         super(sim, size, new DurabilityWatch(new MyDurability()), name -> MyNode.factory(config));
 *     }
 *
 *     static Builder of(long seed) { return new Builder(seed); }
 *
 *     static final class Builder extends KvClusterHarness.Builder<Builder> {
 *         private MyConfig config = MyConfig.DEFAULT;
 *         private Builder(long seed) { super(seed, MyMessage.CODEC, CLIENTS); }
 *         Builder config(MyConfig all) { config = all; return this; }
 *         MyCluster build() { return new MyCluster(simulation(), size(), config); }
 *     }
 *
 *     SimClient<KvCommand, String> client(String name, NodeId server) {
 *         return simulation().addClient(name, new MyClient(servers(), server));
 *     }
 * }
 * }</pre>
 *
 * @param <C> the commands the clients issue
 * @param <R> their results
 */
public class ClusterHarness<C, R> {

    private final Simulation sim;
    private final List<NodeId> servers;
    private final DurabilityWatch watch;
    private final LinearizabilityChecker<C, R> checker;

    /**
     * Adds servers n1 to n{@code size} to {@code sim}, in order, each made by {@code factories} (given
     * the server's name, so one node can be configured apart) and watched by {@code watch}; histories
     * are checked with {@code checker}.
     */
    public ClusterHarness(Simulation sim, int size, DurabilityWatch watch, Function<String, NodeFactory> factories,
                          LinearizabilityChecker<C, R> checker) {
        this.sim = Objects.requireNonNull(sim, "sim");
        this.watch = Objects.requireNonNull(watch, "watch");
        this.checker = Objects.requireNonNull(checker, "checker");
        if (size < 1) {
            throw new IllegalArgumentException("a cluster needs at least one server, but size is " + size);
        }
        List<NodeId> ids = new ArrayList<>();
        for (int i = 1; i <= size; i++) {
            String name = "n" + i;
            ids.add(sim.addServer(name, watch.around(factories.apply(name))));
        }
        this.servers = List.copyOf(ids);
    }

    public static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    public Simulation simulation() {
        return sim;
    }

    /** n1 to nN, in order. */
    public List<NodeId> servers() {
        return servers;
    }

    /** The watch on every server's sends. */
    public DurabilityWatch watch() {
        return watch;
    }

    /** The {@code number}-th server: {@code id(1)} is n1. */
    public NodeId id(int number) {
        if (number < 1 || number > servers.size()) {
            throw new IllegalArgumentException("servers are numbered 1 to " + servers.size() + ", not " + number);
        }
        return servers.get(number - 1);
    }

    /** The history of this cluster's clients. */
    public History<C, R> history() {
        return sim.history();
    }

    /**
     * Runs {@code command} for {@code client} until it has its outcome, then 1 ms more, so that the
     * next operation starts strictly after it ({@link SimClient#runOperation}).
     */
    public Operation<C, R> run(SimClient<C, R> client, C command) {
        return client.runOperation(command);
    }

    /** Checks the history; marks the failing piece on the trace page and writes the verdict there. */
    public LinearizabilityResult<C, R> check() {
        return sim.checkLinearizability(checker);
    }

    /**
     * Fails, with the checker's explanation, if the history is not linearizable. The message names
     * the number of operations and the harness's {@link #settings()}.
     */
    public void assertLinearizable() {
        LinearizabilityResult<C, R> result = check();
        if (!result.isLinearizable()) {
            String settings = settings();
            throw new AssertionError("the history of " + sim.history().operations().size() + " operations"
                    + (settings.isEmpty() ? "" : " (" + settings + ")") + " is not linearizable:"
                    + System.lineSeparator() + result.explanation());
        }
    }

    /** What a failure message should say about how the cluster was set up; nothing by default. */
    protected String settings() {
        return "";
    }

    /**
     * Heals the network (and its conditions: {@link Fault.Heal}), restarts every crashed server and
     * resumes every paused one.
     */
    public void endEveryFault() {
        new Fault.Heal().applyTo(sim);
        for (NodeId id : servers) {
            if (!sim.isUp(id)) {
                sim.restart(id);
            } else if (sim.isPaused(id)) {
                sim.resume(id);
            }
        }
    }

    /** Writes this run's trace page now (for a test that passes, to show what it found); returns its path. */
    public Path writeTrace() {
        return sim.writeTrace();
    }

    /** Every server, for failure messages: "n1 up, n2 down, n3 up (paused)" ({@link #describeRunning}). */
    public String describe() {
        return servers.stream()
                .map(id -> id + " " + (sim.isUp(id) ? describeRunning(id) + (sim.isPaused(id) ? " (paused)" : "") : "down"))
                .collect(Collectors.joining(", "));
    }

    /** How {@link #describe} names a server that is up: "up"; a harness may say more ("leader g3"). */
    protected String describeRunning(NodeId id) {
        return "up";
    }

    /**
     * What every module's builder sets: the seed, the number of servers, the network, the clocks and
     * the clients. A module's builder extends it with its own configuration and a {@code build()}
     * that calls {@link #simulation()} and {@link #size()}.
     *
     * @param <B> the module's builder, which every setter returns
     */
    public abstract static class Builder<B extends Builder<B>> {
        private SimulationConfig config;
        private int size = 3;

        /**
         * Three servers, a reliable network whose messages take 1 to 5 ms, perfect clocks, and
         * {@code clients} for the simulated clients.
         */
        protected Builder(long seed, MessageCodec codec, ClientConfig clients) {
            this.config = SimulationConfig.of(seed, codec).withNetwork(NetworkConfig.reliable().withLatency(ms(1), ms(5)))
                    .withClients(clients);
        }

        public B servers(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("a cluster needs at least one server, not " + count);
            }
            this.size = count;
            return self();
        }

        public B network(NetworkConfig conditions) {
            config = config.withNetwork(conditions);
            return self();
        }

        public B clocks(ClockConfig clocks) {
            config = config.withClocks(clocks);
            return self();
        }

        public B clients(ClientConfig clients) {
            config = config.withClients(clients);
            return self();
        }

        /** The number of servers. */
        protected int size() {
            return size;
        }

        /** A new simulation as configured. */
        protected Simulation simulation() {
            return new Simulation(config);
        }

        @SuppressWarnings("unchecked") // B is the class that extends this one: see the type parameter
        private B self() {
            return (B) this;
        }
    }
}
