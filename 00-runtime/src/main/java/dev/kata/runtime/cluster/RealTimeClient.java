package dev.kata.runtime.cluster;

import dev.kata.runtime.checker.History;
import dev.kata.runtime.checker.Operation;
import dev.kata.runtime.net.Envelope;
import dev.kata.runtime.net.TcpClient;
import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.client.ClientConfig;
import dev.kata.runtime.client.ClientProtocol;
import dev.kata.runtime.client.ClientReply;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ClusterClient} on real TCP and the system clock: the simulated client's rules (send,
 * retry every {@link ClientConfig#retryInterval()}, follow redirects, give up as unknown after
 * {@link ClientConfig#operationTimeout()}), run on a thread of its own. Times in the history are
 * {@link System#nanoTime()}.
 */
final class RealTimeClient<C, R> implements ClusterClient<C, R>, AutoCloseable {

    private final TcpClient endpoint;
    private final ClientProtocol<C, R> protocol;
    private final ClientConfig config;
    private final History<C, R> history;
    private final ExecutorService thread;
    private long sequence; // guarded by this
    private volatile long operation = -1;
    private volatile long lastOperation = -1;

    RealTimeClient(TcpClient endpoint, ClientProtocol<C, R> protocol, ClientConfig config, History<C, R> history) {
        this.endpoint = endpoint;
        this.protocol = protocol;
        this.config = config;
        this.history = history;
        this.thread = Executors.newSingleThreadExecutor(body -> {
            Thread t = new Thread(body, "kata-client-" + endpoint.id());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public NodeId id() {
        return endpoint.id();
    }

    @Override
    public synchronized long submit(C command) {
        long op = begin(command);
        long mine = sequence;
        thread.execute(() -> run(op, mine, command));
        return op;
    }

    /**
     * Runs an operation on the calling thread until it ends (ok, failed, or unknown after
     * {@link ClientConfig#operationTimeout()}): for a caller that would only wait for it. Submitting
     * it to the client's thread and waiting there costs two hand-offs between threads per operation,
     * which on loopback are a measurable part of its time (docs/benchmarks.md).
     */
    Operation<C, R> performHere(C command) {
        long op;
        long mine;
        synchronized (this) {
            op = begin(command);
            mine = sequence;
        }
        run(op, mine, command);
        return history.operation(op);
    }

    /** Records the invocation and takes the next sequence number; holding the lock. */
    private long begin(C command) {
        if (operation >= 0) {
            throw new IllegalStateException(id() + " cannot submit " + command + ": it is still waiting for operation "
                    + operation + "; a client has one operation in flight (add clients for concurrency)");
        }
        long op = history.invoke(id().name(), command, System.nanoTime());
        operation = op;
        lastOperation = op;
        ++sequence;
        return op;
    }

    /** How long an operation may take before it ends as unknown. */
    Duration operationTimeout() {
        return config.operationTimeout();
    }

    @Override
    public boolean busy() {
        return operation >= 0;
    }

    @Override
    public Operation<C, R> lastOperation() {
        long op = lastOperation;
        if (op < 0) {
            throw new IllegalStateException(id() + " has not submitted an operation yet");
        }
        return history.operation(op);
    }

    private void run(long op, long mine, C command) {
        try {
            Message request = protocol.request(id(), mine, command);
            long deadline = System.nanoTime() + config.operationTimeout().toNanos();
            int attempt = 1;
            NodeId server = protocol.server(attempt);
            while (true) {
                endpoint.send(server, request);
                long retryAt = Math.min(deadline, System.nanoTime() + config.retryInterval().toNanos());
                NodeId redirect = null;
                while (redirect == null && System.nanoTime() < retryAt) {
                    Optional<Envelope> reply = endpoint.receive(Duration.ofNanos(retryAt - System.nanoTime()));
                    if (reply.isEmpty()) {
                        continue;
                    }
                    ClientReply<R> meaning = protocol.interpret(reply.get().message(), mine);
                    if (meaning instanceof ClientReply.Ok<R> ok) {
                        history.ok(op, ok.result(), System.nanoTime());
                        return;
                    } else if (meaning instanceof ClientReply.Fail<R>) {
                        history.fail(op, System.nanoTime());
                        return;
                    } else if (meaning instanceof ClientReply.Redirect<R> to) {
                        redirect = to.server();
                    }
                }
                if (System.nanoTime() >= deadline) {
                    history.unknown(op, System.nanoTime()); // it may have happened, or may yet
                    return;
                }
                attempt++;
                server = redirect != null ? redirect : protocol.server(attempt);
            }
        } catch (InterruptedException e) {
            history.unknown(op, System.nanoTime());
            Thread.currentThread().interrupt(); // a caller of performHere is told too
        } catch (RuntimeException e) {
            history.unknown(op, System.nanoTime());
            throw e;
        } finally {
            synchronized (this) {
                operation = -1;
                notifyAll(); // awaitIdle: the caller of perform() goes on at once, not at its next poll
            }
        }
    }

    /**
     * Waits until no operation is in flight, at most {@code maxTime}: a real-time caller that waits
     * for each answer (a benchmark's closed loop) must not add a polling interval to every operation.
     *
     * @return whether the client is idle
     */
    synchronized boolean awaitIdle(Duration maxTime) throws InterruptedException {
        long deadline = System.nanoTime() + maxTime.toNanos();
        while (operation >= 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    @Override
    public void close() {
        thread.shutdownNow();
        endpoint.close();
    }
}
