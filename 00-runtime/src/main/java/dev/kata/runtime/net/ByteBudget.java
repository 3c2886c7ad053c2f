package dev.kata.runtime.net;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A count of bytes held against a limit: a connection's, or a whole node's. A reader takes from it
 * before it makes a buffer larger and gives back when the bytes are handled, so the memory a peer
 * can make a node hold follows the bytes that peer has really sent, and stays within the limit.
 */
final class ByteBudget {

    /** Waiters look at their deadline and their connection this often. */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final String name;
    private final long limit;
    private long used; // guarded by this

    ByteBudget(String name, long limit) {
        this.name = name;
        this.limit = limit;
    }

    long limit() {
        return limit;
    }

    synchronized long used() {
        return used;
    }

    /**
     * Takes {@code bytes}, waiting while the budget is full: until the deadline (of
     * {@link System#nanoTime()}), or until {@code cancelled} says the caller gave up.
     *
     * @return false if the deadline passed or the caller was cancelled, having taken nothing
     */
    synchronized boolean acquire(long bytes, long deadlineNanos, BooleanSupplier cancelled) throws InterruptedException {
        // An empty budget lends to anyone, so a request larger than the limit cannot wait forever.
        while (used > 0 && used + bytes > limit) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0 || cancelled.getAsBoolean()) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, POLL_NANOS));
        }
        used += bytes;
        return true;
    }

    /** Takes {@code bytes} even beyond the limit: a decoded message whose size is only known afterwards. */
    synchronized void force(long bytes) {
        used += bytes;
    }

    synchronized void release(long bytes) {
        used -= bytes;
        notifyAll();
    }

    @Override
    public synchronized String toString() {
        return name + " (" + used + " of " + limit + " bytes held)";
    }
}
