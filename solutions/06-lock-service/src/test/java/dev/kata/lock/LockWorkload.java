package dev.kata.lock;

import dev.kata.runtime.checker.FencedWrite;
import dev.kata.runtime.checker.History;
import dev.kata.runtime.checker.LockCommand;
import dev.kata.runtime.checker.LockCommand.Mode;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.sim.FaultSchedule;
import dev.kata.runtime.sim.FaultStep;
import dev.kata.runtime.sim.Nemesis;
import dev.kata.runtime.sim.Nemesis.FaultKind;
import dev.kata.runtime.sim.Simulation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mutual-exclusion workload: each client, in a loop, acquires one lock exclusively, writes to the
 * fenced resource with its sequencer while it believes it holds the lock, and releases it. It records
 * the lock history (for the runtime's {@link dev.kata.runtime.checker.LockModel}; the holder is the
 * session, since a lock is a session's) and the resource's decisions (for the
 * {@link dev.kata.runtime.checker.FencedResourceChecker}), and checks at every event that no two clients
 * believe they hold the lock at once. A session the cell expires is recorded as a release without an
 * answer, invoked when the first replica applied the expiry: the release took effect in the log before that.
 * A client whose session expired is restarted (a new process, a new session).
 */
final class LockWorkload {

    static final String LOCK = "/ls/cell/leader";
    /** A file the holders write and everyone reads, through the client cache (step 4). */
    static final String CONFIG = "/ls/cell/config";

    private enum Phase { OPENING, OPENING_CONFIG, READING, IDLE, ACQUIRING, WRITING, SETTING, RELEASING, ENDED }

    /** A read of {@link #CONFIG}: when it began, what it returned (value and content generation). */
    record Read(String session, long invokedAt, String value, long generation) {
    }

    /** A completed write of {@link #CONFIG}. */
    record Write(String session, long completedAt, String value) {
    }

    /** One session's progress, and its operation in flight in the history (-1: none). */
    private static final class Run {
        final NodeId client;
        final String session;
        Phase phase = Phase.OPENING;
        boolean busy;
        long handle;
        long config;
        long generation;
        long operation = -1;
        boolean mayHold;

        Run(NodeId client, String session) {
            this.client = client;
            this.session = session;
        }
    }

    private final LockCluster cluster;
    private FaultSchedule faults;
    private final Simulation sim;
    private final List<NodeId> clients;
    private final Map<String, Run> runs = new LinkedHashMap<>();
    private final Map<NodeId, Run> current = new HashMap<>();
    private final List<FencedWrite> writes = new ArrayList<>();
    private final List<Read> reads = new ArrayList<>();
    private final List<Write> configWrites = new ArrayList<>();
    private long nextWrite;
    private boolean stopped;

    LockWorkload(LockCluster cluster, List<NodeId> clients) {
        this.cluster = cluster;
        this.sim = cluster.sim;
        this.clients = List.copyOf(clients);
        cluster.resource().onDecision(d -> writes.add(new FencedWrite(++nextWrite, d.holder(), d.sequencer().lock(),
                d.sequencer().generation(), sim.nanos(), d.accepted())));
        sim.invariant("mutual exclusion: at most one client believes it holds " + LOCK, this::checkBeliefs);
        sim.invariant("a session the cell expired is recorded as a release", this::noteExpiries);
        tick();
    }

    private History<LockCommand, Long> history() {
        return sim.history();
    }

    void stop() {
        stopped = true;
    }

    /**
     * Five servers under the nemesis (crashes, pauses, partitions both ways and one way, lossy periods,
     * drifting clocks: master fail-overs), three clients that pause past their leases and crash, the
     * workload on them, run for {@code run}.
     */
    static LockWorkload underTheNemesis(long seed, Duration run) {
        LockCluster cluster = LockCluster.of(seed).servers(5).build();
        List<NodeId> clients = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            clients.add(cluster.sim.addClientNode("c" + i, LockClient.factory(cluster.servers, cluster.config)));
        }
        FaultSchedule servers = Nemesis.standard().withFaults(FaultKind.CRASH, FaultKind.PAUSE, FaultKind.PARTITION,
                FaultKind.ONE_WAY, FaultKind.LOSSY, FaultKind.CLOCK).withMaxClockDrift(0.01)
                .withMeanInterval(Duration.ofSeconds(2)).schedule(seed, cluster.servers, run);
        FaultSchedule sessions = Nemesis.standard().withFaults(FaultKind.PAUSE, FaultKind.CRASH)
                .withMeanInterval(Duration.ofSeconds(3)).withMaxFaultLength(Duration.ofSeconds(6))
                .schedule(seed + 1_000_000, clients, run);
        List<FaultStep> steps = new ArrayList<>(servers.steps());
        steps.addAll(sessions.steps());
        FaultSchedule faults = new FaultSchedule(steps, run);
        faults.applyTo(cluster.sim);
        LockWorkload workload = new LockWorkload(cluster, clients);
        workload.faults = faults;
        cluster.sim.runFor(run);
        workload.stop();
        return workload;
    }

    LockCluster cluster() {
        return cluster;
    }

    FaultSchedule faults() {
        return faults;
    }

    List<FencedWrite> writes() {
        return List.copyOf(writes);
    }

    private void tick() {
        if (stopped) {
            return;
        }
        for (NodeId id : clients) {
            if (sim.isUp(id) && !sim.isPaused(id)) {
                step(id, cluster.client(id));
            }
        }
        sim.after(Duration.ofMillis(20), "the workload's next step", this::tick);
    }

    private void step(NodeId id, LockClient client) {
        Run run = current.get(id);
        if (run == null || !run.session.equals(client.session())) {
            run = new Run(id, client.session());
            runs.put(run.session, run);
            current.put(id, run);
        }
        if (client.hasExpired() && !run.busy) {
            sim.crash(id); // the application starts again, with a new session
            sim.restart(id);
            return;
        }
        if (run.busy || !client.isSafe() || run.phase == Phase.ENDED) {
            return;
        }
        Run r = run;
        switch (run.phase) {
            case OPENING -> call(client, r, new LockOp.Open(LOCK, true, false, false), reply -> {
                if (reply instanceof LockReply.Opened opened) {
                    r.handle = opened.handle();
                    r.phase = Phase.OPENING_CONFIG;
                }
            });
            case OPENING_CONFIG -> call(client, r, new LockOp.Open(CONFIG, true, false, false), reply -> {
                if (reply instanceof LockReply.Opened opened) {
                    r.config = opened.handle();
                    r.phase = Phase.READING;
                }
            });
            case READING -> {
                r.busy = true;
                long invokedAt = sim.nanos();
                client.read(r.config, reply -> {
                    r.busy = false;
                    if (reply instanceof LockReply.Contents contents) {
                        reads.add(new Read(r.session, invokedAt, contents.contents(), contents.metadata().contentGeneration()));
                    }
                    if (r.phase == Phase.READING) {
                        r.phase = Phase.IDLE;
                    }
                });
            }
            case IDLE -> {
                r.operation = history().invoke(r.session, new LockCommand.Acquire(LOCK, Mode.EXCLUSIVE), sim.nanos());
                r.mayHold = true;
                r.phase = Phase.ACQUIRING;
                call(client, r, new LockOp.Acquire(r.handle, Mode.EXCLUSIVE), reply -> {
                    if (reply instanceof LockReply.Granted granted) {
                        complete(r, granted.generation(), true);
                        r.generation = granted.generation();
                        r.phase = Phase.WRITING;
                    } else {
                        complete(r, null, false);
                        r.mayHold = false;
                        r.phase = Phase.IDLE;
                    }
                });
            }
            case WRITING -> {
                r.busy = true;
                client.writeTo(cluster.resource, LOCK, r.session + "@" + r.generation, accepted -> {
                    r.busy = false;
                    r.phase = Phase.SETTING;
                });
            }
            case SETTING -> {
                String value = r.session + "@" + r.generation;
                call(client, r, new LockOp.SetContents(r.config, value, -1), reply -> {
                    if (reply instanceof LockReply.Done) {
                        configWrites.add(new Write(r.session, sim.nanos(), value));
                    }
                    r.phase = Phase.RELEASING;
                });
            }
            case RELEASING -> {
                r.operation = history().invoke(r.session, new LockCommand.Release(LOCK), sim.nanos());
                call(client, r, new LockOp.Release(r.handle, r.generation), reply -> {
                    boolean done = reply instanceof LockReply.Done;
                    complete(r, null, done);
                    r.mayHold = !done;
                    r.phase = done ? Phase.READING : Phase.ENDED;
                });
            }
            default -> { }
        }
    }

    private void call(LockClient client, Run run, LockOp op, java.util.function.Consumer<LockReply> then) {
        run.busy = true;
        client.call(op, reply -> {
            run.busy = false;
            if (run.phase != Phase.ENDED) {
                then.accept(reply);
            }
        });
    }

    private void complete(Run run, Long result, boolean ok) {
        if (run.operation < 0) {
            return; // ended as unknown when the cell expired the session
        }
        if (ok) {
            history().ok(run.operation, result, sim.nanos());
        } else {
            history().fail(run.operation, sim.nanos());
        }
        run.operation = -1;
    }

    /** Every event: no two clients may act as the lock's holder at once. */
    private void checkBeliefs() {
        String believer = null;
        for (NodeId id : clients) {
            if (sim.isUp(id)) {
                LockClient client = cluster.client(id);
                if (client.believesHolding(LOCK)) {
                    if (believer != null) {
                        throw new AssertionError(believer + " and " + client + " both believe they hold " + LOCK
                                + ", each on its own lease (" + cluster.describe() + ")");
                    }
                    believer = client.toString();
                }
            }
        }
    }

    /** Every event: the first replica to apply a session's expiry ends what the session had in flight. */
    private void noteExpiries() {
        for (Run run : runs.values()) {
            if (run.phase == Phase.ENDED || !expiredAnywhere(run.session)) {
                continue;
            }
            if (run.operation >= 0) {
                history().unknown(run.operation, sim.nanos());
                run.operation = -1;
            }
            if (run.mayHold) {
                long release = history().invoke(run.session, new LockCommand.Release(LOCK), sim.nanos());
                history().unknown(release, sim.nanos());
            }
            run.phase = Phase.ENDED;
        }
    }

    private boolean expiredAnywhere(String session) {
        for (NodeId id : cluster.servers) {
            if (sim.isUp(id)) {
                LockCell cell = cluster.server(id).cell();
                if (cell != null && cell.hasExpired(session)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The cache's promise: no read began after a write had completed and returned an older value. The
     * cell numbers the values (content generations); a value is placed by any read that returned it.
     */
    List<String> staleReads() {
        java.util.Map<String, Long> generationOf = new HashMap<>();
        reads.forEach(read -> generationOf.put(read.value(), read.generation()));
        List<String> stale = new ArrayList<>();
        for (Write write : configWrites) {
            Long written = generationOf.get(write.value());
            if (written == null) {
                continue;
            }
            for (Read read : reads) {
                if (read.invokedAt() > write.completedAt() && read.generation() < written) {
                    stale.add(read + " began after " + write + " (content generation " + written + ") had completed");
                }
            }
        }
        return stale;
    }

    int reads() {
        return reads.size();
    }

    /** How many grants the history holds. */
    long grants() {
        return history().operations().stream().filter(op -> op.command() instanceof LockCommand.Acquire
                && op.outcome() == dev.kata.runtime.checker.Outcome.OK).count();
    }
}
