package dev.kata.runtime.sim;

import dev.kata.runtime.checker.History;
import dev.kata.runtime.checker.Operation;
import dev.kata.runtime.client.ClientConfig;
import dev.kata.runtime.client.ClientProtocol;
import dev.kata.runtime.client.ClientReply;
import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.Node;
import dev.kata.runtime.node.NodeContext;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.node.Timer;
import dev.kata.runtime.trace.TraceEvent;
import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A simulated client: a node of the network (such as {@code c1}) that issues operations to the
 * servers and waits for answers in virtual time, one operation at a time. Every operation is
 * recorded in the simulation's {@link History}: invoked, then ok, fail, or unknown when no answer came
 * within {@link ClientConfig#operationTimeout()} (unknown, never fail: the operation may still take
 * effect later). The module's {@link ClientProtocol} says how commands and replies look on the wire
 * and which server to ask; servers answer with {@code ctx.send(clientId, reply)}.
 *
 * <p>It is generic in the commands it issues and the results it gets ({@code SimClient<KvCommand,
 * String>} for a key-value store), as its protocol is.
 *
 * <p>A client can be paused ({@link Simulation#pause}: its timeouts then come due late, as a
 * session stalled past its lease), and crashed and restarted ({@link Simulation#crash},
 * {@link Simulation#restart}): a crash ends the operation in flight as unknown (it may still take
 * effect) and tells the protocol ({@link ClientProtocol#crashed}); after a restart the client goes
 * on with its workload. Its sequence numbers go on from where they were, so that a server never
 * takes a new request for a copy of an old one.
 *
 * @param <C> the commands the client issues
 * @param <R> the results it gets
 */
public final class SimClient<C, R> {

    private final Simulation sim;
    private final NodeId id;
    private final ClientProtocol<C, R> protocol;
    private final ClientConfig config;
    private final SplittableRandom random;
    private final long operationTimeout;
    private final long retryInterval;

    private NodeContext context;

    // The operation in flight, if operation >= 0.
    private long operation = -1;
    private long sequence;
    private Message request;
    private int attempt;
    private Timer retryTimer;
    private Timer deadlineTimer;
    private long lastOperation = -1;

    private boolean up;
    private boolean everStarted;

    private Workload<C> workload;
    private int remaining;
    private int completed;

    SimClient(Simulation sim, NodeId id, ClientProtocol<C, R> protocol, ClientConfig config, SplittableRandom random) {
        this.sim = sim;
        this.id = id;
        this.protocol = protocol;
        this.config = config;
        this.random = random;
        this.operationTimeout = config.operationTimeout().toNanos();
        this.retryInterval = config.retryInterval().toNanos();
    }

    /** The client's node, made when the simulation starts it. */
    Node attach(NodeContext newContext) {
        this.context = newContext;
        boolean restarted = everStarted;
        everStarted = true;
        up = true;
        return new Node() {
            @Override
            public void onStart() {
                if (restarted && operation < 0 && remaining > 0) {
                    scheduleNext(); // a restart: go on with the workload
                }
            }

            @Override
            public void onMessage(NodeId from, Message message) {
                receive(message);
            }
        };
    }

    /**
     * The simulation crashed the client's node: its timers are gone, the operation in flight ends
     * as unknown (it may still take effect), and the protocol forgets what a crash loses.
     */
    void crashed() {
        up = false;
        context = null;
        retryTimer = null;
        if (operation >= 0) {
            sim.history().unknown(operation, sim.nanos());
            sim.record(new TraceEvent.ClientCompleted(sim.nanos(), id.name(), operation, "unknown", null));
            operation = -1;
            completed++;
        }
        deadlineTimer = null;
        protocol.crashed();
    }

    public NodeId id() {
        return id;
    }

    /**
     * Invokes {@code command} now: records the invocation and sends the request.
     *
     * @return the operation's id in the {@link History}
     * @throws IllegalStateException if an operation is still in flight: a client has at most one
     *                               (use more clients for concurrent operations)
     */
    public long submit(C command) {
        Objects.requireNonNull(command, "command");
        sim.start();
        if (!up) {
            throw new IllegalStateException(id + " cannot submit " + command + ": it is down (crashed); restart it"
                    + " first (sim.restart(" + id + "))");
        }
        if (operation >= 0) {
            throw new IllegalStateException(id + " cannot submit " + command + ": it is still waiting for operation "
                    + operation + "; a client has one operation in flight (add clients for concurrency)");
        }
        long op = sim.<C, R>history().invoke(id.name(), command, sim.nanos());
        operation = op;
        lastOperation = op;
        sequence++;
        attempt = 0;
        sim.record(new TraceEvent.ClientInvoked(sim.nanos(), id.name(), op, command.toString()));
        sim.asOperation(op, () -> {
            request = Objects.requireNonNull(protocol.request(id, sequence, command),
                    "the client protocol made a null request for " + command);
            deadlineTimer = context.schedule(Duration.ofNanos(operationTimeout), this::timedOut);
            sendAttempt(protocol.server(1));
        });
        return op;
    }

    /**
     * Submits {@code command} and runs the simulation until the client has its outcome (ok, fail,
     * or unknown after its operation timeout), then 1 ms more, so that the next operation a test
     * runs starts strictly after this one ended (the checker takes operations that touch at one
     * instant for concurrent). For tests that run operations one after another; every module's
     * test cluster uses it, so that they all wait alike.
     *
     * @return the operation as recorded, with its outcome
     * @throws ConditionNeverMet if it has no outcome within its timeout and a little more (a stuck simulation)
     */
    public Operation<C, R> runOperation(C command) {
        long submitted = submit(command);
        sim.runUntil(() -> operation != submitted, config.operationTimeout().plus(Duration.ofMillis(100)),
                id + "'s " + command + " ends");
        sim.runFor(Duration.ofMillis(1));
        return history().operations().get((int) submitted);
    }

    /**
     * Issues {@code operations} commands from {@code commands}, one after another, each as soon as
     * the previous one ended (after a random think time up to {@link ClientConfig#maxThinkTime()}).
     */
    public void runWorkload(int operations, Workload<C> commands) {
        if (operations < 0) {
            throw new IllegalArgumentException("operations must not be negative, but is " + operations);
        }
        this.workload = Objects.requireNonNull(commands, "commands");
        this.remaining = operations;
        sim.start();
        if (operation < 0 && up) {
            submitNext();
        }
    }

    /** Whether an operation is in flight. */
    public boolean busy() {
        return operation >= 0;
    }

    /** Whether the client has no operation in flight and none left in its workload. */
    public boolean finished() {
        return operation < 0 && remaining == 0;
    }

    /** How many operations ended (ok, fail or unknown). */
    public int completed() {
        return completed;
    }

    /** The last operation this client submitted, as recorded so far. */
    public Operation<C, R> lastOperation() {
        if (lastOperation < 0) {
            throw new IllegalStateException(id + " has not submitted an operation yet");
        }
        return sim.<C, R>history().operations().get((int) lastOperation);
    }

    /** The simulation's history, which every client of the simulation records into, typed as this client's operations. */
    public History<C, R> history() {
        return sim.history();
    }

    /** Whether the client is running (not crashed; it may be paused). */
    public boolean isUp() {
        return up;
    }

    private void submitNext() {
        if (remaining > 0 && up && operation < 0) {
            remaining--;
            submit(workload.next(random));
        }
    }

    private void sendAttempt(NodeId server) {
        attempt++;
        if (retryTimer != null) {
            retryTimer.cancel();
        }
        context.send(Objects.requireNonNull(server, "the client protocol named no server for attempt " + attempt),
                request);
        if (retryInterval < operationTimeout) {
            retryTimer = context.schedule(Duration.ofNanos(retryInterval), this::retry);
        }
    }

    private void retry() {
        if (operation >= 0) {
            sendAttempt(protocol.server(attempt + 1));
        }
    }

    private void receive(Message message) {
        if (operation < 0) {
            return; // a late or duplicate reply: the client is not waiting for anything
        }
        ClientReply<R> reply = protocol.interpret(message, sequence);
        if (reply instanceof ClientReply.Ok<R> ok) {
            sim.<C, R>history().ok(operation, ok.result(), sim.nanos());
            finish("ok", ok.result() == null ? null : String.valueOf(ok.result()));
        } else if (reply instanceof ClientReply.Fail<R> fail) {
            sim.history().fail(operation, sim.nanos());
            finish("fail", fail.reason());
        } else if (reply instanceof ClientReply.Redirect<R> redirect) {
            sendAttempt(redirect.server());
        } else if (reply == null) {
            throw new IllegalStateException("the client protocol of " + id + " interpreted " + message
                    + " as null; return ClientReply.ignore() for a reply that is not an answer");
        }
    }

    private void timedOut() {
        if (operation >= 0) {
            sim.history().unknown(operation, sim.nanos());
            finish("unknown", null);
        }
    }

    private void finish(String outcome, String result) {
        sim.record(new TraceEvent.ClientCompleted(sim.nanos(), id.name(), operation, outcome, result));
        operation = -1;
        completed++;
        if (retryTimer != null) {
            retryTimer.cancel();
            retryTimer = null;
        }
        deadlineTimer.cancel();
        if (remaining > 0) {
            scheduleNext();
        }
    }

    private void scheduleNext() {
        long maxThink = config.maxThinkTime().toNanos();
        long think = maxThink == 0 ? 0 : random.nextLong(maxThink + 1);
        context.schedule(Duration.ofNanos(think), this::submitNext);
    }

    @Override
    public String toString() {
        return "SimClient[" + id + ", " + completed + " operations done" + (busy() ? ", one in flight" : "")
                + (up ? "" : ", down") + "]";
    }
}
