// Generated from solutions/01-wal/src/main/java/dev/kata/wal/GroupCommitLog.java by ./kata sync: maintainers edit there.
// Yours to write: replace each TODO stub (01-wal/README.md says how).
// kata:fingerprint 5525b6ce8af8
package dev.kata.wal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A {@link WriteAheadLog} that many threads can append to, each waiting until its entry is durable,
 * with <b>group commit</b>: appends that arrive while a force is under way share the next force.
 *
 * <p>One writer thread owns the log (the Singular Update Queue pattern). Callers put their payload
 * on a queue and get a future; the writer takes everything queued, appends it all, forces once and
 * completes every future in the batch. A force costs about as much for one entry as for a hundred,
 * so under load the log does far more appends per second than forces.
 */
public final class GroupCommitLog implements AutoCloseable {

    /** A caller's payload, and the future that completes with its index once it is durable. */
    private record PendingAppend(byte[] payload, CompletableFuture<Long> durable) {
    }

    private static final PendingAppend STOP = new PendingAppend(new byte[0], new CompletableFuture<>());

    private final WriteAheadLog log;
    private final BlockingQueue<PendingAppend> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;
    /** Set when a force failed: from then on every append fails with it. */
    private volatile RuntimeException broken;
    /** Runs in {@link #append} between its check of {@code closed} and its queueing: tests close the log there. */
    volatile Runnable beforeQueueing = () -> { };

    public GroupCommitLog(WriteAheadLog log) {
        this.log = Objects.requireNonNull(log, "log");
        this.writer = new Thread(this::writeLoop, "wal-group-commit");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Queues an append; the future completes with the entry's index once it is durable, never before. */
    public CompletableFuture<Long> append(byte[] payload) {
        Objects.requireNonNull(payload, "payload");
        CompletableFuture<Long> durable = new CompletableFuture<>();
        if (closed) {
            durable.completeExceptionally(new IllegalStateException("the log is closed"));
            return durable;
        }
        beforeQueueing.run();
        PendingAppend pending = new PendingAppend(payload.clone(), durable);
        queue.add(pending);
        // close() may have run between the check above and the add, and the writer may already have
        // stopped: then nobody would ever answer this append. If it is still queued, take it back
        // and fail it. (If close() sets closed after our add, its STOP lands behind our append,
        // which the writer then writes.)
        if (closed && queue.remove(pending)) {
            durable.completeExceptionally(new IllegalStateException("the log is closed"));
        }
        return durable;
    }

    private void writeLoop() {
        List<PendingAppend> batch = new ArrayList<>();
        boolean stopping = false;
        while (!stopping) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                break;
            }
            queue.drainTo(batch);
            stopping = batch.remove(STOP);
            if (broken != null) {
                batch.forEach(pending -> pending.durable().completeExceptionally(broken));
            } else {
                try {
                    writeBatch(batch);
                } catch (RuntimeException e) {
                    // Whatever went wrong, no caller may wait forever for an answer.
                    batch.forEach(pending -> pending.durable().completeExceptionally(e));
                }
            }
            batch.clear();
        }
        // Nothing may wait forever: whatever is still queued after close() fails.
        for (PendingAppend pending : queue) {
            pending.durable().completeExceptionally(new IllegalStateException("the log was closed before this append"));
        }
    }

    /** Appends every payload of the batch, forces once, then completes the futures. */
    private void writeBatch(List<PendingAppend> batch) {
        // TODO step-3: Append a whole batch, force once, then complete every caller's future
        throw new UnsupportedOperationException("TODO step-3 (01-wal): append a whole batch, force once, then complete every caller's future; see 01-wal/README.md#step-3");
    }

    /** Stops the writer after it has written what was queued before; closes the log. */
    @Override
    public void close() {
        closed = true;
        queue.add(STOP);
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.close();
    }
}
