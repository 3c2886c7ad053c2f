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
 * An exception thrown by node code is logged and the node carries on with the next event.
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
    private volatile Thread loopThread;
    private Node node; // only touched on the event loop

    private TcpNode(TcpNodeConfig config, NodeFactory factory, ServerSocket server) {
        this.config = config;
        NodeId self = config.self();
        this.loop = new ScheduledThreadPoolExecutor(1, body -> {
            Thread thread = new Thread(body, "kata-" + self + "-event-loop");
            thread.setDaemon(true);
            loopThread = thread;
            return thread;
        });
        loop.setRemoveOnCancelPolicy(true); // cancelled timers (every heartbeat reset) must not pile up
        loop.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.endpoint = new TcpEndpoint(self, config.addressBook(), config.codec(), config.maxFrameSize(),
                this::deliver, server);
        TcpNodeContext context = new TcpNodeContext(this, config);
        // Queued before the endpoint starts, so the node exists before its first message.
        onLoop("start", () -> {
            node = factory.create(context);
            node.onStart();
        });
        endpoint.start();
    }

    /**
     * Starts a node: listens on its address from the address book (if it is a server), then creates
     * the node on its event loop and calls {@link Node#onStart()}.
     *
     * @throws java.io.UncheckedIOException if the port cannot be bound
     */
    public static TcpNode start(TcpNodeConfig config, NodeFactory factory) {
        ServerSocket server = config.isServer()
                ? TcpEndpoint.listen(config.self(), config.addressBook().get(config.self()))
                : null;
        return new TcpNode(config, factory, server);
    }

    /** Starts a node on a socket already bound to its address (see {@link TcpCluster}). */
    static TcpNode start(TcpNodeConfig config, NodeFactory factory, ServerSocket bound) {
        return new TcpNode(config, factory, bound);
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

    /**
     * Stops the node, as a crash would: closes its port and connections, drops pending events and
     * waits (a few seconds at most) for its threads to end. A handler that is running finishes
     * first; it is not interrupted, so a disk write in progress completes. Stopping twice does nothing.
     */
    public void stop() {
        if (!running.compareAndSet(true, false)) {
            return;
        }
        endpoint.close();
        loop.shutdown();
        if (Thread.currentThread() == loopThread) {
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
    }

    @Override
    public void close() {
        stop();
    }

    /** Called on a reader thread for every message that arrives. */
    private void deliver(NodeId from, Message message) {
        if (queued.incrementAndGet() > MAX_QUEUED_MESSAGES) {
            queued.decrementAndGet();
            endpoint.log(DEBUG, "dropped a message from " + from + ": " + MAX_QUEUED_MESSAGES + " already queued");
            return;
        }
        onLoop("message from " + from, () -> {
            queued.decrementAndGet();
            if (node != null) {
                node.onMessage(from, message);
            }
        });
    }

    void send(NodeId to, Message message) {
        // Encoded on the node's thread: a message the codec cannot carry fails in the node's code.
        byte[] bytes = config.codec().encode(message);
        if (to.equals(config.self())) {
            // To itself: no socket, but still a copy through the codec, as on any network.
            deliver(to, config.codec().decode(bytes));
        } else if (running.get()) {
            endpoint.send(to, bytes);
        }
    }

    /** Runs a handler on the event loop; swallowed if the node has stopped. */
    void onLoop(String what, Runnable handler) {
        try {
            loop.execute(() -> handle(what, handler));
        } catch (RejectedExecutionException stopped) {
            // The node stopped; like a crashed process, it handles nothing more.
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
            LOG.log(ERROR, config.self() + ": the node threw while handling "
                    + what + "; it carries on with the next event", e);
        }
    }
}
