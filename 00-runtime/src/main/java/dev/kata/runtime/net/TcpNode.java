package dev.kata.runtime.net;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.WARNING;

import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.Node;
import dev.kata.runtime.node.NodeFactory;
import dev.kata.runtime.node.NodeId;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one {@link Node} for real: on its own event-loop thread, talking TCP, with the system clock
 * and a real disk. The node's code is exactly the code the simulation runs.
 *
 * <p>The event loop is a single-threaded executor (the Singular Update Queue): every delivered
 * message and every fired timer is a task on it, so the node handles one event at a time and needs
 * no locks. Network threads only decode frames and queue tasks; the loop never waits for I/O.
 *
 * <pre>{@code
 * TcpNode n1 = TcpNode.start(TcpNodeConfig.of(NodeId.of("n1"), addressBook, codec, new FileDisk(dir)),
 *                            context -> new KvServer(context));
 * ...
 * n1.stop();   // releases the port and the threads; start again on the same port to "restart"
 * }</pre>
 *
 * <p>Stopping is a crash from the node's point of view: pending messages and timers are dropped,
 * the node object is discarded, and a later start creates a new one that recovers from its disk.
 * An exception thrown by node code is logged at ERROR and, by default, stops the node the same way
 * ({@link HandlerFailure}): {@link #failure()} then says why, and {@link #whenStopped()} completes, so
 * a launcher can exit and be restarted. The same happens if the node runs out of memory.
 */
public final class TcpNode implements AutoCloseable {

    /** Messages received but not yet handled; beyond this, new ones are dropped (the network is lossy). */
    static final int MAX_QUEUED_MESSAGES = 100_000;

    private static final System.Logger LOG = System.getLogger("dev.kata.runtime.net");

    private final TcpNodeConfig config;
    private final ScheduledThreadPoolExecutor loop;
    private final TcpEndpoint endpoint;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger queued = new AtomicInteger();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private volatile Throwable failure;
    private volatile java.util.concurrent.CountDownLatch pause; // null unless paused
    private volatile Thread loopThread;
    private Node node; // only touched on the event loop

    private TcpNode(TcpNodeConfig config, NodeFactory factory, ServerSocket server) {
        this.config = config;
        NodeId self = config.self();
        this.loop = new ScheduledThreadPoolExecutor(1, body -> {
            Thread thread = new Thread(body, "kata-" + self + "-event-loop");
            thread.setDaemon(true);
            thread.setUncaughtExceptionHandler((t, e) -> LOG.log(ERROR, self + ": the event loop died", e));
            loopThread = thread;
            return thread;
        });
        loop.setRemoveOnCancelPolicy(true); // cancelled timers (every heartbeat reset) must not pile up
        loop.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.endpoint = new TcpEndpoint(config, this::deliver, this::fail, server);
        TcpNodeContext context = new TcpNodeContext(this, config);
        // Queued before the endpoint starts, so the node exists before its first message.
        onLoop("start", () -> {
            node = factory.create(context);
            node.onStart();
        });
        endpoint.start();
    }

    /**
     * Starts a node: listens on its address from the address book (if it is a server or a
     * {@link TcpNodeConfig#listeners() listener}), then creates
     * the node on its event loop and calls {@link Node#onStart()}.
     *
     * @throws java.io.UncheckedIOException if the port cannot be bound
     */
    public static TcpNode start(TcpNodeConfig config, NodeFactory factory) {
        requireSecret(config);
        ServerSocket server = config.listens()
                ? TcpEndpoint.listen(config.self(), config.addressOf(config.self()), config.limits().backlog())
                : null;
        return new TcpNode(config, factory, server);
    }

    /** Starts a node on a socket already bound to its address (see {@link TcpCluster}). */
    static TcpNode start(TcpNodeConfig config, NodeFactory factory, ServerSocket bound) {
        requireSecret(config);
        return new TcpNode(config, factory, bound);
    }

    private static void requireSecret(TcpNodeConfig config) {
        if (config.isServer() && config.secret() == null) {
            throw new IllegalArgumentException(config.self() + " is a server of its address book and needs the"
                    + " cluster secret, which its peers must prove they know: config.withSecret(ClusterSecret"
                    + ".fromFile(path)); generate one with ClusterSecret.random().toHex()");
        }
    }

    public NodeId id() {
        return config.self();
    }

    public TcpNodeConfig config() {
        return config;
    }

    /** The address the node listens on; empty for a client node. */
    public Optional<InetSocketAddress> listenAddress() {
        return Optional.ofNullable(endpoint.listenAddress());
    }

    public boolean isRunning() {
        return running.get();
    }

    /** Why the node stopped on its own (its code threw, or it ran out of memory); empty if it did not. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /** Completes when the node has stopped, by {@link #stop()} or by a {@link #failure()}. */
    public CompletableFuture<Void> whenStopped() {
        return stopped.copy();
    }

    /**
     * Refuses frames to and from every peer {@code peers} accepts, both ways, from now until it is
     * called again ({@code cutOff(peer -> false)} heals): a partition, as a firewall that drops
     * packets would make one. Connections stay open; what crosses the cut is lost, not refused. The
     * predicate is asked on network threads for every frame, so it must be cheap and thread-safe.
     * {@link TcpCluster#isolate} and a cell's control channel ({@code CellNode}) use it.
     */
    public void cutOff(java.util.function.Predicate<NodeId> peers) {
        endpoint.cutOff(peers);
    }

    /**
     * Calls {@code listener} each time a peer closes a connection with an error frame, refusing what
     * this node sent on it (a frame over its limit, a message it could not decode or that a client may
     * not send, a client id in use): how a client node learns why a server hung up, where otherwise
     * its messages would only go unanswered. Called on a network thread, not the event loop: return
     * quickly, and hop onto the loop with {@link #execute} to touch the node. Each refusal is also
     * logged (warning) on {@code dev.kata.runtime.net}.
     * A refusal that came before the listener was added (the first sends race this call) is handed to
     * it at once: the latest one.
     */
    public void onRefused(java.util.function.Consumer<RefusedByPeerException> listener) {
        endpoint.onRefused(listener);
    }

    /**
     * Runs {@code task} on the node's event loop, after the events already queued: how a program
     * outside the node (an application over a client library that is a node, as 06's lock client
     * is) calls into it without locks. False, and nothing runs, if the node has stopped. An
     * exception the task throws is the node's own ({@link HandlerFailure}).
     */
    public boolean execute(Runnable task) {
        java.util.Objects.requireNonNull(task, "task");
        return onLoop("a task from outside the node", task);
    }

    /**
     * Freezes the node's event loop, as a long garbage-collection pause would: its connections
     * still read (within the byte budgets), but it handles nothing and no timer fires until
     * {@link #resume()}. For tests ({@link TcpCluster#pause}).
     */
    synchronized void pause() {
        if (pause == null && running.get()) {
            java.util.concurrent.CountDownLatch latch = new java.util.concurrent.CountDownLatch(1);
            pause = latch;
            onLoop("pause", () -> {
                try {
                    latch.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
    }

    synchronized void resume() {
        if (pause != null) {
            pause.countDown();
            pause = null;
        }
    }

    /** For tests: bytes the node holds now for frames arriving and messages not yet handled. */
    long inboundBytesHeld() {
        return endpoint.inboundBytesHeld();
    }

    /**
     * The node cannot be trusted to go on: record why, say it at ERROR, and stop as a crash would.
     * Stopping joins the network threads, so it runs on a thread of its own (this may be one of them).
     */
    private void fail(Throwable cause) {
        if (!running.get() || failure != null) {
            return;
        }
        failure = cause;
        LOG.log(ERROR, config.self() + ": the node stops after a failure; restart it to recover from its disk", cause);
        Thread stopper = new Thread(this::stop, "kata-" + config.self() + "-stopper");
        stopper.setDaemon(true);
        stopper.start();
    }

    /**
     * Stops the node, as a crash would: closes its port and connections, drops pending events and
     * waits (a few seconds at most) for its threads to end. A handler that is running finishes
     * first; it is not interrupted, so a disk write in progress completes. Stopping twice does nothing.
     */
    public void stop() {
        if (!running.compareAndSet(true, false)) {
            return;
        }
        resume(); // a paused loop must end too
        endpoint.close();
        loop.shutdown();
        if (Thread.currentThread() == loopThread) {
            stopped.complete(null);
            return; // stopped from a handler: the loop ends when this handler returns
        }
        try {
            if (!loop.awaitTermination(TcpEndpoint.CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                endpoint.log(WARNING, "the event loop is still busy in a handler after stop()");
            } else if (loopThread != null) {
                loopThread.join(TcpEndpoint.CLOSE_TIMEOUT.toMillis()); // the executor ends a moment before its thread
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        endpoint.log(DEBUG, "stopped");
        stopped.complete(null);
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * Called on a reader thread for every message that arrives. Its charge against the byte budgets
     * is given back once the node has handled it, so the queue is bounded in bytes as well as items.
     */
    private void deliver(NodeId from, Message message, Charge charge) {
        if (queued.incrementAndGet() > MAX_QUEUED_MESSAGES) {
            queued.decrementAndGet();
            charge.release();
            endpoint.log(DEBUG, "dropped a message from " + from + ": " + MAX_QUEUED_MESSAGES + " already queued");
            return;
        }
        boolean queuedOnLoop = onLoop("message from " + from, () -> {
            queued.decrementAndGet();
            charge.release();
            if (node != null) {
                node.onMessage(from, message);
            }
        });
        if (!queuedOnLoop) {
            queued.decrementAndGet();
            charge.release();
        }
    }

    void send(NodeId to, Message message) {
        // Encoded on the node's thread: a message the codec cannot carry fails in the node's code.
        byte[] bytes = config.codec().encode(message);
        if (to.equals(config.self())) {
            // To itself: no socket, but still a copy through the codec, as on any network.
            deliver(to, config.codec().decode(bytes), Charge.NONE);
        } else if (running.get()) {
            endpoint.send(to, bytes);
        }
    }

    /** Runs a handler on the event loop; false (and nothing runs) if the node has stopped. */
    boolean onLoop(String what, Runnable handler) {
        try {
            loop.execute(() -> handle(what, handler));
            return true;
        } catch (RejectedExecutionException stopped) {
            return false; // the node stopped; like a crashed process, it handles nothing more
        }
    }

    /** Schedules a handler on the event loop; null if the node has stopped. */
    ScheduledFuture<?> schedule(String what, long delayNanos, Runnable handler) {
        try {
            return loop.schedule(() -> handle(what, handler), delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopped) {
            return null;
        }
    }

    private void handle(String what, Runnable handler) {
        if (!running.get()) {
            return; // stop() was called: the rest of the queue is dropped, as a crash would drop it
        }
        try {
            handler.run();
        } catch (RuntimeException | Error e) {
            // Executors would file the exception away in a Future nobody reads; say it out loud.
            if (config.onHandlerFailure() == HandlerFailure.LOG_AND_CONTINUE && !(e instanceof VirtualMachineError)) {
                LOG.log(ERROR, config.self() + ": the node threw while handling "
                        + what + "; it carries on with the next event", e);
            } else {
                fail(new NodeFailedException(config.self() + " threw while handling " + what, e));
            }
        }
    }
}
