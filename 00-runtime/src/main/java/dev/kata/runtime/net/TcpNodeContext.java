package dev.kata.runtime.net;

import static java.lang.System.Logger.Level.INFO;

import dev.kata.runtime.disk.Disk;
import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.NodeContext;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.node.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ScheduledFuture;
import java.util.random.RandomGenerator;

/**
 * The real world, as a {@link TcpNode}'s node sees it: TCP, the system clock (or the configured one) for
 * {@code now()}, {@link System#nanoTime()} for the monotonic clock and timers, a real disk, true randomness.
 */
final class TcpNodeContext implements NodeContext {

    private static final System.Logger LOG = System.getLogger("dev.kata.runtime.net");

    private final TcpNode owner;
    private final TcpNodeConfig config;
    private final List<NodeId> cluster;
    // Seeded from entropy: a real run is not meant to replay. Only the event loop uses it.
    private final RandomGenerator random = new Random();

    TcpNodeContext(TcpNode owner, TcpNodeConfig config) {
        this.owner = owner;
        this.config = config;
        this.cluster = List.copyOf(config.addressBook().keySet()); // sorted: the address book is a TreeMap
    }

    @Override
    public NodeId self() {
        return config.self();
    }

    @Override
    public List<NodeId> cluster() {
        return cluster;
    }

    @Override
    public void send(NodeId to, Message message) {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(message, "message");
        owner.send(to, message);
    }

    @Override
    public Instant now() {
        return config.clock().instant();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Timer schedule(Duration delay, Runnable action) {
        Objects.requireNonNull(action, "action");
        long nanos;
        try {
            nanos = Math.max(0, delay.toNanos());
        } catch (ArithmeticException beyondThreeCenturies) {
            nanos = Long.MAX_VALUE;
        }
        ScheduledFuture<?> future = owner.schedule("timer", nanos, action);
        return () -> {
            if (future != null) {
                future.cancel(false);
            }
        };
    }

    @Override
    public Disk disk() {
        if (config.disk() == null) {
            throw new IllegalStateException(config.self() + " was started without a disk (TcpNodeConfig.disk is null)");
        }
        return config.disk();
    }

    @Override
    public RandomGenerator random() {
        return random;
    }

    @Override
    public void note(String text) {
        LOG.log(INFO, "{0}: {1}", config.self(), text);
    }
}
