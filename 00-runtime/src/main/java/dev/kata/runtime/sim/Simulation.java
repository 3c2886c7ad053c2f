package dev.kata.runtime.sim;

import dev.kata.runtime.checker.History;
import dev.kata.runtime.checker.KvCommand;
import dev.kata.runtime.checker.LinearizabilityChecker;
import dev.kata.runtime.checker.LinearizabilityResult;
import dev.kata.runtime.client.ClientConfig;
import dev.kata.runtime.client.ClientProtocol;
import dev.kata.runtime.disk.SimulatedDisk;
import dev.kata.runtime.node.DriftBound;
import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.Node;
import dev.kata.runtime.node.NodeFactory;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.testing.FailureReport;
import dev.kata.runtime.trace.Trace;
import dev.kata.runtime.trace.TraceEvent;
import dev.kata.runtime.trace.TraceHtml;
import dev.kata.runtime.wire.MessageCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * A deterministic simulation of a cluster: one thread, virtual time, one seed. The same
 * configuration and the same test steps replay the same run, event for event, so a failing seed is a
 * bug report that replays exactly.
 *
 * <p>How a test drives a cluster:
 * <pre>{@code
 * Simulation sim = new Simulation(SimulationConfig.of(seed, codec));
 * List<NodeId> servers = sim.addServers(3, MyNode::new);       // n1, n2, n3
 * SimClient<KvCommand, String> client = sim.addClient("c1", new MyClientProtocol(servers));
 * sim.invariant("at most one leader", () -> ...);              // checked after every event
 * sim.runUntil(() -> leaderOf(sim) != null, Duration.ofSeconds(5), "a leader is elected");
 * sim.crash(servers.get(0));
 * client.submit(new KvCommand.Write("x", "1"));
 * sim.runUntil(() -> !client.busy(), Duration.ofSeconds(10), "the write is answered");
 * }</pre>
 *
 * <p>What happens is a queue of events ordered by (virtual time, sequence number): a message
 * arriving, a timer firing, an action of the test. Each event runs to completion on its node before
 * the next begins, and nothing else moves time. Every message is encoded when sent and decoded when
 * delivered (see {@link SimulationConfig#codec}). Node faults are methods of this class (crash,
 * restart, pause, clock drift and steps); network faults are on {@link #network()}, and so are
 * scripted faults on chosen messages ({@link Network#hold}, {@link Network#dropNth}); random
 * schedules of both come from a {@link Nemesis}.
 *
 * <p>When a test that drove a simulation fails, the simulation writes its trace page (under the
 * system property {@code kata.traces.dir}, default {@code target/kata-traces}) and the failure
 * message names it.
 */
public final class Simulation {

    private static final System.Logger LOG = System.getLogger(Simulation.class.getName());

    /** While set (by the {@link Shrinker}), simulations register no failure report: only the final replay does. */
    static final ThreadLocal<Boolean> QUIET = ThreadLocal.withInitial(() -> Boolean.FALSE);

    /** More events than this at one virtual instant means a node loops without letting time pass. */
    private static final long SAME_INSTANT_LIMIT = 1_000_000;

    private static final Duration DEFAULT_IDLE_LIMIT = Duration.ofMinutes(10);

    private final SimulationConfig config;
    /** Null when messages are passed through uncoded. */
    private final MessageCodec codec;
    private final Network network;
    private final TraceRecorder trace;
    private final History<Object, Object> history = new History<>();
    private final SplittableRandom testRandom;
    /** The test method that built the simulation, if one was on the stack; null otherwise. */
    private final String pageTitle;
    /** The failure of the test that drove this simulation, in its own words, when it did not come from the simulation. */
    private String testFailure;
    private final EventQueue queue = new EventQueue();

    private final List<NodeSlot> slots = new ArrayList<>();
    private NodeSlot[] slotArray = new NodeSlot[0];
    private final Map<NodeId, NodeSlot> slotsById = new HashMap<>();
    private final Map<NodeId, SimClient<?, ?>> clients = new HashMap<>();
    private List<NodeId> servers = List.of();

    private final List<String> invariantNames = new ArrayList<>();
    private Invariant[] invariants = new Invariant[0];

    private final List<String> summary = new ArrayList<>();
    private final Set<Long> highlighted = new TreeSet<>();

    private long now;
    private long nextSeq;
    private long nextMessageId;
    private boolean started;
    /** Whether a run method is on the stack: they do not nest. */
    private boolean running;
    private long sameInstantEvents;
    /** The client operation whose consequences are running now, or -1. */
    private long currentTag = -1;
    /** Why the run stopped for good (an invariant failed, a node threw), or null. */
    private Throwable stoppedBy;
    /** The last failure the simulation itself reported (for the trace page's summary). */
    private String lastFailure;

    private long events;
    private long messagesSent;
    private long bytesSent;
    private long messagesDelivered;
    private long messagesDropped;
    private long messagesDuplicated;
    private long timersFired;
    private long backgroundMessages;
    private long backgroundBytes;
    private long[] operationMessages = new long[16];
    private long[] operationBytes = new long[16];

    public Simulation(SimulationConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.codec = config.encodesMessages() ? config.codec() : null;
        this.network = new Network(this, config.network(), Seeds.stream(config.seed(), "network"));
        this.trace = new TraceRecorder(config.traceLimit());
        this.testRandom = Seeds.stream(config.seed(), "test");
        this.pageTitle = config.title().equals(SimulationConfig.DEFAULT_TITLE)
                ? TestNames.current().orElse(null)
                : config.title();
        if (!QUIET.get()) {
            FailureReport.onFailure(this::writeTraceForFailure);
        }
    }

    // ------------------------------------------------------------------ the cluster

    /** Adds a server: it is listed in every node's {@link dev.kata.runtime.node.NodeContext#cluster()}. */
    public NodeId addServer(String name, NodeFactory factory) {
        if (started) {
            throw new IllegalStateException("cannot add server " + name + " after the simulation started: "
                    + "the cluster is fixed when it starts; add every server first");
        }
        return add(name, NodeSlot.Kind.SERVER, factory).id;
    }

    /** Adds {@code count} servers named n1, n2, ... (continuing after servers already added). */
    public List<NodeId> addServers(int count, NodeFactory factory) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, but is " + count);
        }
        int first = servers().size() + 1;
        List<NodeId> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(addServer("n" + (first + i), factory));
        }
        return List.copyOf(ids);
    }

    /**
     * Adds a node that is not a server (a client written as a node, such as a lock-service client
     * with its session): it is not in {@code cluster()}, but it crashes, restarts and pauses like one.
     */
    public NodeId addClientNode(String name, NodeFactory factory) {
        NodeSlot slot = add(name, NodeSlot.Kind.CLIENT_NODE, factory);
        if (started) {
            boot(slot);
        }
        return slot.id;
    }

    /** Adds a simulated client that issues operations through {@code protocol}, with the configured waits. */
    public <C, R> SimClient<C, R> addClient(String name, ClientProtocol<C, R> protocol) {
        return addClient(name, protocol, config.clients());
    }

    /**
     * Like {@link #addClient(String, ClientProtocol)}, with waits of its own. Every client of a
     * simulation records into the one {@link #history()}, so they all issue the same kind of
     * commands (all key-value, or all lock commands).
     */
    public <C, R> SimClient<C, R> addClient(String name, ClientProtocol<C, R> protocol, ClientConfig clientConfig) {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(clientConfig, "clientConfig");
        List<SimClient<C, R>> created = new ArrayList<>(1);
        NodeSlot slot = add(name, NodeSlot.Kind.SIM_CLIENT, context -> created.get(0).attach(context));
        SimClient<C, R> client = new SimClient<>(this, slot.id, protocol, clientConfig,
                Seeds.stream(config.seed(), "client " + name));
        created.add(client);
        clients.put(slot.id, client);
        if (started) {
            boot(slot);
        }
        return client;
    }

    /** Adds {@code count} clients named c1, c2, ..., each with its own protocol object. */
    public <C, R> List<SimClient<C, R>> addClients(int count, Supplier<? extends ClientProtocol<C, R>> protocols) {
        List<SimClient<C, R>> added = new ArrayList<>();
        int first = clients.size() + 1;
        for (int i = 0; i < count; i++) {
            added.add(addClient("c" + (first + i), protocols.get()));
        }
        return List.copyOf(added);
    }

    private NodeSlot add(String name, NodeSlot.Kind kind, NodeFactory factory) {
        Objects.requireNonNull(factory, "factory");
        NodeId id = NodeId.of(name);
        if (slotsById.containsKey(id)) {
            throw new IllegalArgumentException("there is already a node named " + name + " in this simulation");
        }
        NodeSlot slot = new NodeSlot(slots.size(), id, kind, factory, config.seed());
        ClockConfig clocks = config.clocks();
        if (clocks.maxOffset().toNanos() > 0 || clocks.maxDrift() > 0) {
            SplittableRandom clockRandom = Seeds.stream(config.seed(), "clock " + name);
            long offset = clocks.maxOffset().toNanos() == 0 ? 0 : clockRandom.nextLong(clocks.maxOffset().toNanos() + 1);
            double rate = 1.0 + (clockRandom.nextDouble() * 2 - 1) * clocks.maxDrift();
            slot.offsetClocks(offset);
            slot.setClockRate(now, rate);
        }
        slots.add(slot);
        slotArray = slots.toArray(new NodeSlot[0]);
        slotsById.put(id, slot);
        network.resize(slots.size());
        if (kind == NodeSlot.Kind.SERVER) {
            List<NodeId> ids = new ArrayList<>(servers);
            ids.add(id);
            Collections.sort(ids);
            servers = List.copyOf(ids);
        }
        return slot;
    }

    /**
     * Starts every node (its factory, then {@code onStart}), servers first in order of id. The run
     * methods start the simulation if the test has not; call it to look at nodes before any event.
     */
    public void start() {
        if (started) {
            return;
        }
        started = true;
        for (NodeSlot slot : startOrder()) {
            boot(slot);
        }
        checkInvariants("the start of the simulation");
    }

    private List<NodeSlot> startOrder() {
        List<NodeSlot> order = new ArrayList<>();
        for (NodeId id : servers) {
            order.add(slotsById.get(id));
        }
        for (NodeSlot slot : slots) {
            if (!slot.isServer()) {
                order.add(slot);
            }
        }
        return order;
    }

    private void boot(NodeSlot slot) {
        slot.up = true;
        slot.paused = false;
        slot.context = new SimContext(this, slot, slot.incarnation);
        long savedTag = currentTag;
        currentTag = -1;
        try {
            Node node = slot.factory.create(slot.context);
            if (node == null) {
                throw new IllegalStateException("the factory of " + slot.id + " returned null instead of a node");
            }
            slot.node = node;
            node.onStart();
        } catch (RuntimeException | Error e) {
            stop(e, "the start of " + slot.id);
            throw e;
        } finally {
            currentTag = savedTag;
        }
    }

    /** The server ids, sorted: what every node's {@code cluster()} returns. */
    public List<NodeId> servers() {
        return servers;
    }

    /** The simulated clients, in order of name. */
    public List<SimClient<?, ?>> clients() {
        List<SimClient<?, ?>> list = new ArrayList<>(clients.values());
        list.sort((a, b) -> a.id().compareTo(b.id()));
        return list;
    }

    /** The simulated client of that id. */
    public SimClient<?, ?> client(NodeId id) {
        SimClient<?, ?> client = clients.get(id);
        if (client == null) {
            throw new IllegalArgumentException(id + " is not a simulated client of this simulation (clients: "
                    + clients().stream().map(SimClient::id).toList() + ")");
        }
        return client;
    }

    /**
     * The live node object of {@code id}, for a test or an invariant to look at (not to change). The
     * object is replaced when the node restarts, so look it up again rather than keeping it.
     */
    public <T> T node(NodeId id, Class<T> type) {
        start();
        NodeSlot slot = slot(id);
        if (!slot.up) {
            throw new IllegalStateException(id + " is down (since " + VirtualTime.format(slot.changedAt)
                    + "): it has no node object until it restarts; check sim.isUp(id) first");
        }
        if (!type.isInstance(slot.node)) {
            throw new IllegalArgumentException(id + " is a " + slot.node.getClass().getName() + ", not a "
                    + type.getName());
        }
        return type.cast(slot.node);
    }

    /** The node objects of every server that is up (paused ones included), in order of id, that are of {@code type}. */
    public <T> List<T> nodes(Class<T> type) {
        start();
        List<T> list = new ArrayList<>();
        for (NodeId id : servers) {
            NodeSlot slot = slotsById.get(id);
            if (slot.up && type.isInstance(slot.node)) {
                list.add(type.cast(slot.node));
            }
        }
        return list;
    }

    /** Whether the node is running (it may be paused). */
    public boolean isUp(NodeId id) {
        return slot(id).up;
    }

    public boolean isPaused(NodeId id) {
        return slot(id).paused;
    }

    /** The node's simulated disk: to look at, or to {@link SimulatedDisk#corrupt corrupt}. */
    public SimulatedDisk disk(NodeId id) {
        return slot(id).disk;
    }

    /**
     * The client history: every simulated client's operations, in virtual time (the simulation's
     * true time, never a node's clock). Typed as the caller's clients are: the simulation does not
     * know what its clients issue, so {@code History<KvCommand, String> h = sim.history();} is the
     * caller's claim, and every client of one simulation must issue the same kind of commands.
     */
    @SuppressWarnings("unchecked") // the caller names its clients' types; see above
    public <C, R> History<C, R> history() {
        return (History<C, R>) (History<?, ?>) history;
    }

    /**
     * Checks the client history of a key-value store for linearizability
     * ({@link LinearizabilityChecker#keyValue()}). When it is not linearizable, the smallest failing
     * piece is marked on the trace page and the checker's explanation heads its summary, so the
     * page shows the operations the failure message names.
     */
    public LinearizabilityResult<KvCommand, String> checkLinearizability() {
        return checkLinearizability(LinearizabilityChecker.keyValue());
    }

    /**
     * {@link #checkLinearizability()} with a checker of your own: another model (a lock service's
     * {@code LinearizabilityChecker.of(LockModel.INSTANCE)}), or a larger search budget.
     */
    public <C, R> LinearizabilityResult<C, R> checkLinearizability(LinearizabilityChecker<C, R> checker) {
        LinearizabilityResult<C, R> result = checker.check(this.<C, R>history());
        if (!result.isLinearizable()) {
            highlight(result.operationIds());
            result.explanationLines().forEach(this::summarize);
        }
        return result;
    }

    /** The network's faults and conditions. */
    public Network network() {
        return network;
    }

    public SimulationConfig config() {
        return config;
    }

    public long seed() {
        return config.seed();
    }

    /** A random stream for the test's own choices (which node to crash), separate from every other stream. */
    public RandomGenerator random() {
        return testRandom;
    }

    // ------------------------------------------------------------------ time

    /** Virtual time since the run began, in nanoseconds. */
    public long nanos() {
        return now;
    }

    /** Virtual time since the run began. */
    public Duration elapsed() {
        return Duration.ofNanos(now);
    }

    /** What the node's wall clock reads now: its {@code now()} (offset, drifting, stepped: see {@link ClockConfig}). */
    public Instant clock(NodeId id) {
        return Instant.EPOCH.plusNanos(slot(id).wallNanos(now));
    }

    /**
     * What the node's monotonic clock reads now: its {@code nanoTime()}. It may start ahead and drift
     * (within {@link #driftBound()}), but is never stepped, and runs on across the node's crashes.
     */
    public long nanoTime(NodeId id) {
        return slot(id).monotonicNanos(now);
    }

    /** The bound every node's clock keeps to, whatever faults the test injects: {@link ClockConfig#driftBound()}. */
    public DriftBound driftBound() {
        return config.clocks().driftBound();
    }

    // ------------------------------------------------------------------ running

    /**
     * Runs until {@code condition} holds, checking it after every event, for at most
     * {@code maxVirtualTime}. Fails with {@link ConditionNeverMet}, saying that
     * {@code description} never happened, if the time runs out or nothing is left to happen.
     *
     * @return the virtual time it took
     */
    public Duration runUntil(BooleanSupplier condition, Duration maxVirtualTime, String description) {
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(description, "description");
        long begin = beginRun(maxVirtualTime);
        long deadline = saturatedAdd(begin, maxVirtualTime.toNanos());
        if (condition.getAsBoolean()) {
            return Duration.ZERO;
        }
        running = true;
        try {
            while (true) {
                Event next = queue.peek();
                if (next == null) {
                    throw neverMet(description, begin, deadline, true);
                }
                if (next.time > deadline) {
                    now = deadline;
                    throw neverMet(description, begin, deadline, false);
                }
                step();
                if (condition.getAsBoolean()) {
                    return Duration.ofNanos(now - begin);
                }
            }
        } finally {
            running = false;
        }
    }

    /** Runs every event of the next {@code duration} of virtual time; the clock then reads now + duration. */
    public void runFor(Duration duration) {
        long begin = beginRun(duration);
        long end = saturatedAdd(begin, duration.toNanos());
        running = true;
        try {
            while (!queue.isEmpty() && queue.peekTime() <= end) {
                step();
            }
        } finally {
            running = false;
        }
        now = end;
    }

    /** Runs until nothing is left to happen, for at most ten minutes of virtual time. */
    public Duration runUntilIdle() {
        return runUntilIdle(DEFAULT_IDLE_LIMIT);
    }

    /**
     * Runs until nothing is left to happen: no message in flight, no timer set. Fails with
     * {@link ConditionNeverMet} if the cluster is still busy after {@code maxVirtualTime} (nodes with
     * periodic timers, such as heartbeats, are never idle: use {@link #runFor} for them).
     *
     * @return the virtual time it took
     */
    public Duration runUntilIdle(Duration maxVirtualTime) {
        long begin = beginRun(maxVirtualTime);
        long deadline = saturatedAdd(begin, maxVirtualTime.toNanos());
        running = true;
        try {
            while (!queue.isEmpty()) {
                if (queue.peekTime() > deadline) {
                    now = deadline;
                    throw neverMet("the cluster became idle", begin, deadline, false);
                }
                step();
            }
        } finally {
            running = false;
        }
        return Duration.ofNanos(now - begin);
    }

    /** Schedules a test action at virtual time {@code time} (since the run began), as an event. */
    public void at(Duration time, String label, Runnable action) {
        long t = time.toNanos();
        if (t < now) {
            throw new IllegalArgumentException("cannot schedule '" + label + "' at " + VirtualTime.format(t)
                    + ": it is already " + VirtualTime.format(now));
        }
        enqueue(new Event.Action(Objects.requireNonNull(label, "label"), Objects.requireNonNull(action, "action")),
                t, -1);
    }

    /** Schedules a test action {@code delay} from now, as an event. */
    public void after(Duration delay, String label, Runnable action) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative, but is " + delay);
        }
        at(Duration.ofNanos(saturatedAdd(now, delay.toNanos())), label, action);
    }

    private long beginRun(Duration maxVirtualTime) {
        Objects.requireNonNull(maxVirtualTime, "maxVirtualTime");
        if (maxVirtualTime.isNegative()) {
            throw new IllegalArgumentException("the virtual time to run must not be negative, but is " + maxVirtualTime);
        }
        checkRunnable();
        if (running) {
            throw new IllegalStateException("a run method was called from inside an event (an action, an "
                    + "invariant or a node): schedule the next step with at() or after() instead");
        }
        start();
        return now;
    }

    private void checkRunnable() {
        if (stoppedBy != null) {
            throw new IllegalStateException("this simulation stopped at " + VirtualTime.format(now)
                    + " and cannot run on: " + InvariantViolation.explanation(stoppedBy), stoppedBy);
        }
    }

    /** Handles the next event. The hot loop: no allocation here beyond what the node does. */
    private void step() {
        Event e = queue.poll();
        NodeSlot target = e.target;
        if (target != null) {
            if (e instanceof Event.NodeTimer timer) {
                if (timer.cancelled || timer.incarnation != target.incarnation || !target.up) {
                    return; // a cancelled timer, or one of an earlier life: not an event at all
                }
                long early = timer.deadline - target.monotonicNanos(e.time);
                if (early > 0) {
                    // The node's clock slowed down after the timer was set: it is not due on that clock yet.
                    enqueue(timer, saturatedAdd(e.time, target.virtualDelay(early)), timer.tag);
                    return;
                }
            }
            if (target.paused) {
                target.held.addLast(e);
                return;
            }
        }
        if (e.time != now) {
            now = e.time;
            sameInstantEvents = 0;
        } else if (++sameInstantEvents > SAME_INSTANT_LIMIT) {
            IllegalStateException livelock = new IllegalStateException("livelock: more than " + SAME_INSTANT_LIMIT
                    + " events at " + VirtualTime.format(now) + " without time passing; a node probably sets "
                    + "zero-delay timers or messages in a loop. Last event: " + e.describe(this));
            stop(livelock, e.describe(this));
            throw livelock;
        }
        currentTag = e.tag;
        try {
            if (e instanceof Event.Delivery delivery) {
                deliver(delivery);
            } else if (e instanceof Event.NodeTimer timer) {
                timersFired++;
                trace.add(TraceRecorder.TIMER, now, timer.slot.index, 0, timer.delay, timer.setAt, null);
                timer.action.run();
            } else {
                ((Event.Action) e).action.run();
            }
        } catch (InvariantViolation v) {
            throw v; // already stopped the run
        } catch (RuntimeException | Error failure) {
            stop(failure, e.describe(this));
            throw failure;
        } finally {
            currentTag = -1;
        }
        events++;
        if (invariants.length > 0) {
            checkInvariants(e);
        }
    }

    private void deliver(Event.Delivery d) {
        NodeSlot to = d.to;
        if (!to.up) {
            dropped(d, TraceRecorder.RECEIVER_DOWN);
            return;
        }
        if (d.from != to && network.isCut(d.from.index, to.index)) {
            dropped(d, TraceRecorder.CUT_IN_FLIGHT);
            return;
        }
        Message message = codec == null ? (Message) d.payload : codec.decode((byte[]) d.payload);
        messagesDelivered++;
        trace.add(TraceRecorder.DELIVERED, now, d.from.index, to.index, d.messageId, 0, null);
        to.node.onMessage(d.from.id, message);
    }

    private void dropped(Event.Delivery d, int reason) {
        messagesDropped++;
        trace.add(TraceRecorder.DROPPED, now, d.from.index, d.to.index, d.messageId, reason, null);
    }

    // ------------------------------------------------------------------ what nodes call (through SimContext)

    void send(NodeSlot from, NodeId toId, Message message) {
        NodeSlot to = lookup(toId);
        if (to == null) {
            throw new IllegalArgumentException(from.id + " sent " + message + " to " + toId
                    + ", which is not a node of this simulation (nodes: " + slotsById.keySet().stream().sorted().toList()
                    + ")");
        }
        if (message == null) {
            throw new IllegalArgumentException(from.id + " sent null to " + toId);
        }
        long id = ++nextMessageId;
        Object payload;
        int size;
        if (codec == null) {
            payload = message;
            size = 0;
        } else {
            byte[] bytes = codec.encode(message);
            payload = bytes;
            size = bytes.length;
        }
        messagesSent++;
        bytesSent += size;
        long tag = currentTag;
        if (tag >= 0) {
            countForOperation(tag, size);
        } else {
            backgroundMessages++;
            backgroundBytes += size;
        }
        trace.add(TraceRecorder.SENT, now, from.index, to.index, id, size, payload);
        if (network.scripted()) {
            Event.Delivery scripted = new Event.Delivery(from, to, id, payload);
            scripted.tag = tag;
            if (network.intercept(scripted, message)) {
                return; // held or dropped by the test's script
            }
        }
        if (from != to) {
            if (network.isCut(from.index, to.index)) {
                messagesDropped++;
                trace.add(TraceRecorder.DROPPED, now, from.index, to.index, id, TraceRecorder.CUT, null);
                return;
            }
            if (network.drops()) {
                messagesDropped++;
                trace.add(TraceRecorder.DROPPED, now, from.index, to.index, id, TraceRecorder.LOST, null);
                return;
            }
        }
        enqueue(new Event.Delivery(from, to, id, payload), now + network.latency(from.index, to.index), tag);
        if (from != to && network.duplicates()) {
            long copy = ++nextMessageId;
            messagesDuplicated++;
            trace.add(TraceRecorder.DUPLICATED, now, from.index, to.index, id, copy, null);
            enqueue(new Event.Delivery(from, to, copy, payload), now + network.latency(from.index, to.index), tag);
        }
    }

    /** A scripted fault caught a message as it was sent: it waits in a {@link Hold}. */
    void heldMessage(Event.Delivery d, String by) {
        trace.add(new TraceEvent.Held(now, d.messageId, d.from.id.name(), d.to.id.name(), by));
    }

    /** A held message goes on: it takes its link's latency from now, and meets the link as it is then. */
    void releaseHeld(Event.Delivery d, String by) {
        trace.add(new TraceEvent.Released(now, d.messageId, d.from.id.name(), d.to.id.name(), by));
        enqueue(d, saturatedAdd(now, network.latency(d.from.index, d.to.index)), d.tag);
    }

    /** A message the test's script loses: held and then dropped, or dropped as it was sent. */
    void dropHeld(Event.Delivery d, String reason) {
        messagesDropped++;
        trace.add(new TraceEvent.Dropped(now, d.messageId, d.from.id.name(), d.to.id.name(), reason));
    }

    /** The message a payload carries, as its receiver decodes it. */
    Message decode(Object payload) {
        return codec == null ? (Message) payload : codec.decode((byte[]) payload);
    }

    Event.NodeTimer scheduleTimer(NodeSlot slot, int incarnation, long localDelay, Runnable action) {
        Event.NodeTimer timer = new Event.NodeTimer(slot, incarnation, Objects.requireNonNull(action, "action"),
                now, localDelay, saturatedAdd(slot.monotonicNanos(now), localDelay));
        enqueue(timer, saturatedAdd(now, slot.virtualDelay(localDelay)), currentTag);
        return timer;
    }

    void note(NodeSlot slot, String text) {
        if (trace.enabled()) {
            trace.add(new TraceEvent.Note(now, slot.id.name(), String.valueOf(text)));
        }
    }

    /** Runs {@code action} as client operation {@code operationId}: what it sends is counted for it. */
    void asOperation(long operationId, Runnable action) {
        long saved = currentTag;
        currentTag = operationId;
        try {
            action.run();
        } finally {
            currentTag = saved;
        }
    }

    void record(TraceEvent event) {
        trace.add(event);
    }

    private void enqueue(Event e, long time, long tag) {
        e.time = time;
        e.seq = nextSeq++;
        e.tag = tag;
        queue.add(e);
    }

    private void countForOperation(long operation, int size) {
        if (operation >= operationMessages.length) {
            int length = (int) Math.max(operation + 1, operationMessages.length * 2L);
            operationMessages = Arrays.copyOf(operationMessages, length);
            operationBytes = Arrays.copyOf(operationBytes, length);
        }
        operationMessages[(int) operation]++;
        operationBytes[(int) operation] += size;
    }

    // ------------------------------------------------------------------ node faults

    /**
     * Crashes the node: its object and every timer are gone, messages it had not yet handled are
     * lost, and its disk loses unforced bytes (maybe tearing the last write, chosen from the seed:
     * see {@link SimulatedDisk#crash}). Messages it already sent stay in flight. A simulated
     * client's operation in flight ends as unknown; after {@link #restart} it goes on with its
     * workload.
     */
    public void crash(NodeId id) {
        NodeSlot slot = crashable(id);
        kill(slot);
        slot.disk.crash(slot.diskRandom);
        afterCrash(slot);
    }

    /** Like {@link #crash}, but the disk loses exactly its unforced bytes and tears nothing. */
    public void crashCleanly(NodeId id) {
        NodeSlot slot = crashable(id);
        kill(slot);
        slot.disk.crashCleanly();
        afterCrash(slot);
    }

    private NodeSlot crashable(NodeId id) {
        start();
        NodeSlot slot = slot(id);
        if (!slot.up) {
            throw new IllegalStateException(id + " is already down (since " + VirtualTime.format(slot.changedAt) + ")");
        }
        return slot;
    }

    private void kill(NodeSlot slot) {
        slot.up = false;
        slot.paused = false;
        slot.node = null;
        slot.context = null;
        slot.incarnation++;
        slot.changedAt = now;
        for (Event held : slot.held) {
            if (held instanceof Event.Delivery d) {
                dropped(d, TraceRecorder.RECEIVER_CRASHED);
            }
        }
        slot.held.clear();
    }

    private void afterCrash(NodeSlot slot) {
        trace.add(new TraceEvent.Crashed(now, slot.id.name()));
        SimClient<?, ?> client = clients.get(slot.id);
        if (client != null) {
            client.crashed(); // its operation in flight ends as unknown, after the crash in the trace
        }
        checkInvariants("the crash of " + slot.id);
    }

    /** Starts a crashed node again: a new object from its factory, which rebuilds its state from its disk. */
    public void restart(NodeId id) {
        start();
        NodeSlot slot = slot(id);
        if (slot.up) {
            throw new IllegalStateException(id + " is running: crash it before restarting it");
        }
        slot.changedAt = now;
        trace.add(new TraceEvent.Restarted(now, id.name()));
        boot(slot);
        checkInvariants("the restart of " + id);
    }

    /**
     * Pauses the node, like a long garbage-collection stall: it handles no event, messages to it queue
     * up and its timers come due without running. Its clock keeps going. After {@link #resume} it
     * handles what queued up, in order, with its old view of the world.
     */
    public void pause(NodeId id) {
        start();
        NodeSlot slot = slot(id);
        if (!slot.up) {
            throw new IllegalStateException(id + " is down: only a running node can be paused");
        }
        if (slot.paused) {
            throw new IllegalStateException(id + " is already paused (since " + VirtualTime.format(slot.changedAt) + ")");
        }
        slot.paused = true;
        slot.pauses++;
        slot.changedAt = now;
        trace.add(new TraceEvent.Paused(now, id.name()));
    }

    /** Pauses the node now and resumes it after {@code duration} of virtual time. */
    public void pause(NodeId id, Duration duration) {
        pause(id);
        NodeSlot slot = slot(id);
        long thisPause = slot.pauses;
        after(duration, "resume " + id, () -> {
            if (slot.paused && slot.pauses == thisPause) { // not a later pause, nor one ended by a crash
                resume(id);
            }
        });
    }

    /** Ends a pause: everything that queued up runs, in the order it came due, from now on. */
    public void resume(NodeId id) {
        NodeSlot slot = slot(id);
        if (!slot.paused) {
            throw new IllegalStateException(id + " is not paused");
        }
        slot.paused = false;
        slot.changedAt = now;
        trace.add(new TraceEvent.Resumed(now, id.name()));
        Event held;
        while ((held = slot.held.pollFirst()) != null) {
            enqueue(held, now, held.tag);
        }
    }

    /**
     * Sets how fast the node's clocks (monotonic and wall) run from now on: 1.01 gains 1%, 0.99 loses
     * 1%. The rate must keep within the drift bound ({@link ClockConfig#maxDrift}): protocols are
     * entitled to assume it. A timer the node already set fires when its delay has passed on the node's
     * monotonic clock (so a slower clock makes it later in virtual time; a faster one, no earlier).
     */
    public void setClockRate(NodeId id, double rate) {
        if (!(rate > 0 && rate < 10)) {
            throw new IllegalArgumentException("a clock rate must be above 0 and below 10, but is " + rate);
        }
        DriftBound bound = driftBound();
        if (!bound.allows(rate)) {
            throw new IllegalArgumentException("cannot run " + id + "'s clock at rate " + rate + ": this simulation "
                    + "promises its nodes a drift of at most " + bound.maxDrift() + " (rates " + (1 - bound.maxDrift())
                    + " to " + (1 + bound.maxDrift()) + "), and protocols rely on it; configure a larger bound with "
                    + "SimulationConfig.withClocks(ClockConfig.drifting(offset, maxDrift))");
        }
        slot(id).setClockRate(now, rate);
        note(slot(id), "clock rate set to " + rate);
    }

    /**
     * Steps the node's wall clock by {@code delta} (negative: back), as a careless NTP correction
     * would: its {@code now()} jumps; its monotonic clock, and so its timers, do not notice.
     */
    public void shiftClock(NodeId id, Duration delta) {
        slot(id).stepWallClock(delta.toNanos());
        note(slot(id), "wall clock stepped by " + delta);
    }

    // ------------------------------------------------------------------ invariants

    /** Registers an invariant, checked after every event from now on; the first failure stops the run. */
    public void invariant(String name, Invariant check) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(check, "check");
        invariantNames.add(name);
        invariants = Arrays.copyOf(invariants, invariants.length + 1);
        invariants[invariants.length - 1] = check;
    }

    private void checkInvariants(Event after) {
        for (int i = 0; i < invariants.length; i++) {
            try {
                invariants[i].check();
            } catch (AssertionError | RuntimeException failure) {
                violated(invariantNames.get(i), after.describe(this), failure);
            }
        }
    }

    private void checkInvariants(String after) {
        for (int i = 0; i < invariants.length; i++) {
            try {
                invariants[i].check();
            } catch (AssertionError | RuntimeException failure) {
                violated(invariantNames.get(i), after, failure);
            }
        }
    }

    private void violated(String name, String after, Throwable failure) {
        trace.add(new TraceEvent.InvariantViolated(now, name, InvariantViolation.explanation(failure)));
        InvariantViolation violation = new InvariantViolation(name, now, after, failure);
        stop(violation, after);
        throw violation;
    }

    private void stop(Throwable failure, String during) {
        if (stoppedBy == null) {
            stoppedBy = failure;
            lastFailure = failure instanceof InvariantViolation
                    ? failure.getMessage()
                    : "during " + during + " at " + VirtualTime.format(now) + ": " + failure;
            LOG.log(System.Logger.Level.DEBUG, () -> "simulation (seed " + config.seed() + ") stopped " + lastFailure);
        }
    }

    // ------------------------------------------------------------------ counts

    /** The run's counts so far. */
    public Counts counts() {
        return new Counts(events, messagesSent, bytesSent, messagesDelivered, messagesDropped, messagesDuplicated,
                timersFired, history.operations().size(), backgroundMessages, backgroundBytes);
    }

    /** The messages and bytes sent on behalf of one client operation (see {@link OperationCost}). */
    public OperationCost costOf(long operationId) {
        if (operationId < 0 || operationId >= history.operations().size()) {
            throw new IllegalArgumentException("no client operation " + operationId + " in this simulation ("
                    + history.operations().size() + " so far)");
        }
        boolean counted = operationId < operationMessages.length;
        return new OperationCost(operationId, counted ? operationMessages[(int) operationId] : 0,
                counted ? operationBytes[(int) operationId] : 0);
    }

    /** The cost of every client operation so far, in order of id. */
    public List<OperationCost> operationCosts() {
        List<OperationCost> costs = new ArrayList<>();
        for (long id = 0; id < history.operations().size(); id++) {
            costs.add(costOf(id));
        }
        return costs;
    }

    // ------------------------------------------------------------------ traces

    /** Adds a line to the trace page's summary (for example a checker's verdict). */
    public void summarize(String line) {
        summary.add(Objects.requireNonNull(line, "line"));
    }

    /** Marks client operations on the trace page (for example the checker's smallest failing piece). */
    public void highlight(Collection<Long> operationIds) {
        highlighted.addAll(operationIds);
    }

    /** Records a line of the test's own in the trace, on the lane of {@code node}. */
    public void note(NodeId node, String text) {
        note(slot(node), text);
    }

    /** The run so far, as a trace: what a trace page shows. */
    public Trace trace() {
        List<String> lanes = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (NodeSlot slot : slots) {
            names.add(slot.id.name());
        }
        for (NodeSlot slot : startOrder()) {
            lanes.add(slot.id.name());
        }
        List<String> lines = new ArrayList<>();
        Counts c = counts();
        // The page counts what it lists (sends, deliveries, drops, timers, notes, client operations,
        // faults); Counts.events counts the simulation's own steps, a smaller number: say which is which.
        lines.add("seed " + config.seed() + ", " + VirtualTime.format(now) + " of virtual time, "
                + String.format(Locale.ROOT, "%,d", trace.recorded()) + " events (the simulation handled "
                + String.format(Locale.ROOT, "%,d", c.events()) + " of them as steps: deliveries, timers, actions; "
                + "the others are sends, drops, notes and client operations), " + c.messagesSent() + " messages sent ("
                + c.bytesSent() + " bytes), " + c.messagesDropped() + " dropped, " + c.messagesDuplicated()
                + " duplicated");
        if (lastFailure != null) {
            lines.add(lastFailure);
        }
        if (testFailure != null) {
            lines.add(testFailure);
        }
        if (trace.omitted() > 0) {
            lines.add("the first " + String.format(Locale.ROOT, "%,d", trace.omitted())
                    + " events are not shown (traceLimit " + config.traceLimit() + ")");
        }
        if (!trace.enabled()) {
            lines.add("no events were recorded (traceLimit 0)");
        }
        lines.addAll(summary);
        FailureReport.replayCommand().filter(command -> summary.stream().noneMatch(line -> line.contains(command)))
                .ifPresent(command -> lines.add("replay: " + command));
        // Named after the test running now: a simulation built in a field of the test class was made
        // before JUnit called the test method, so no test method was on the stack to name it.
        String title = !config.title().equals(SimulationConfig.DEFAULT_TITLE) ? config.title()
                : FailureReport.testName().or(() -> Optional.ofNullable(pageTitle)).orElse(config.title());
        return new Trace(title, config.seed(), lanes, trace.events(names, this::messageText), highlighted, lines);
    }

    /** Writes the trace page now, under {@code directory}; returns its path. */
    public Path writeTrace(Path directory) {
        Trace trace = trace();
        Path page = TraceHtml.write(trace, directory, fileStem(trace.title()));
        FailureReport.pageWritten(page);
        return page;
    }

    /**
     * Writes the trace page now, where a failing test writes its own (the system property
     * {@code kata.traces.dir}, default {@code target/kata-traces}): for a test that passes, to show
     * what it found. Returns its path.
     */
    public Path writeTrace() {
        return writeTrace(tracesDirectory());
    }

    private static Path tracesDirectory() {
        return Path.of(System.getProperty("kata.traces.dir", "target/kata-traces"));
    }

    private String writeTraceForFailure() {
        if (!trace.enabled()) {
            return "trace:  not recorded (the simulation's traceLimit is 0)";
        }
        if (!FailureReport.detailed()) {
            return "trace:  not written: the first failing seeds of this test wrote theirs (the replay line "
                    + "below writes this seed's)";
        }
        testFailure = FailureReport.failure().map(this::inTheTestsWords).orElse(null);
        String trace = "trace:  " + writeTrace().toAbsolutePath().normalize();
        // A randomized test names its seed itself; a plain test's simulation has the seed it was given.
        return FailureReport.randomized() ? trace : "seed:   " + config.seed() + " (fixed in the test)\n  " + trace;
    }

    /**
     * The test's failure as its page shows it: the words of whatever found it (an assertion, an
     * exception), unless the simulation found it itself and its summary says so already.
     */
    private String inTheTestsWords(Throwable failure) {
        String message = failure instanceof AssertionError && failure.getMessage() != null
                ? failure.getMessage().strip()
                : failure.getClass().getSimpleName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage().strip());
        if (failure == stoppedBy || (lastFailure != null && lastFailure.contains(message))) {
            return null;
        }
        return "the test failed: " + message;
    }

    private String fileStem(String pageTitle) {
        String title = pageTitle.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^-+|-+$", "");
        return (title.isEmpty() ? "simulation" : title) + "-seed-" + config.seed();
    }

    /** What a recorded payload said: the receiver's decoding of the bytes, or the passed-through message. */
    String messageText(Object payload) {
        if (payload instanceof byte[] bytes) {
            try {
                return String.valueOf(codec.decode(bytes));
            } catch (RuntimeException e) {
                return "<" + bytes.length + " bytes that do not decode: " + e.getMessage() + ">";
            }
        }
        return String.valueOf(payload);
    }

    // ------------------------------------------------------------------ helpers

    /**
     * The slot of a destination, on the hot path: nodes mostly send to ids from {@code cluster()},
     * the very objects the slots hold, so an identity scan finds them without hashing.
     */
    private NodeSlot lookup(NodeId id) {
        NodeSlot[] all = slotArray;
        for (int i = 0; i < all.length && i < 16; i++) {
            if (all[i].id == id) {
                return all[i];
            }
        }
        return slotsById.get(id);
    }

    NodeSlot slot(NodeId id) {
        NodeSlot slot = slotsById.get(Objects.requireNonNull(id, "id"));
        if (slot == null) {
            throw new IllegalArgumentException(id + " is not a node of this simulation (nodes: "
                    + slotsById.keySet().stream().sorted().toList() + ")");
        }
        return slot;
    }

    List<NodeSlot> slots() {
        return slots;
    }

    void networkChanged(String description) {
        trace.add(new TraceEvent.PartitionChanged(now, description));
    }

    private ConditionNeverMet neverMet(String description, long begin, long deadline, boolean idle) {
        StringBuilder message = new StringBuilder("never happened: ").append(description).append('\n');
        if (idle) {
            message.append("  nothing was left to happen at ").append(VirtualTime.format(now))
                    .append(" (no message in flight, no timer set), after waiting ")
                    .append(VirtualTime.formatDuration(now - begin));
        } else {
            message.append("  waited ").append(VirtualTime.formatDuration(deadline - begin))
                    .append(" of virtual time, from ").append(VirtualTime.format(begin)).append(" to ")
                    .append(VirtualTime.format(deadline));
            Event next = queue.peek();
            if (next != null) {
                message.append("; next: ").append(next.describe(this)).append(" at ")
                        .append(VirtualTime.format(next.time));
            }
        }
        message.append("\n  nodes: ").append(describeNodes());
        message.append("\n  ").append(events).append(" events so far, seed ").append(config.seed());
        lastFailure = message.toString();
        return new ConditionNeverMet(description, now, message.toString());
    }

    /** "n1 up, n2 down, n3 paused, c1 up". */
    public String describeNodes() {
        StringBuilder text = new StringBuilder();
        for (NodeSlot slot : startOrder()) {
            if (text.length() > 0) {
                text.append(", ");
            }
            text.append(slot.id).append(' ').append(started ? slot.state() : "not started");
        }
        return text.toString();
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    @Override
    public String toString() {
        return "Simulation[seed " + config.seed() + ", " + VirtualTime.format(now) + ", " + describeNodes() + "]";
    }
}
