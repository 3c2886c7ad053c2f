// Generated from solutions/02-quorum/src/main/java/dev/kata/quorum/QuorumRound.java by ./kata sync: maintainers edit there.
// Yours to write: replace each TODO stub (02-quorum/README.md says how).
// kata:fingerprint 65381a31e183
package dev.kata.quorum;

import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.NodeContext;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.node.RequestCallback;
import dev.kata.runtime.node.RequestWaitingList;
import java.time.Duration;
import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * One round to all N servers of the cluster (this one included), the heart of a Majority Quorum: send
 * a request to every server, go on once {@code needed} <em>different</em> servers have answered, give
 * up when the timeout passes first. A coordinator's write waits for W acknowledgements
 * ({@link Coordinator#replicate}), its read for R answers ({@link Coordinator#query}); module 03's
 * leader and module 04's proposer run their rounds to a majority with it too.
 *
 * <p>The rounds of one kind of answer share a {@link RequestWaitingList}: each round has a request id
 * that its request carries and its answers echo; the node hands every answer to {@link #onAnswer}.
 * Part of the node: single-threaded, one event at a time.
 *
 * @param <R> the type of answer
 */
public final class QuorumRound<R> {

    private final NodeContext ctx;
    private final Duration timeout;
    private final RequestWaitingList<Long, R> waiting;

    /** Rounds whose requests go out through {@code ctx} and wait at most {@code timeout} of the node's clock. */
    public QuorumRound(NodeContext ctx, Duration timeout) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.waiting = new RequestWaitingList<>(ctx);
    }

    /**
     * Starts a round: sends {@code request.apply(id)} to every server, and calls {@code onQuorum} with
     * the answers of the first {@code needed} different servers, or {@code onTimeout} with the answers
     * that did arrive if the timeout passes first. Exactly one of the two is called, once.
     *
     * @return the round's request id (for {@link #cancel})
     */
    public long start(int needed, LongFunction<? extends Message> request, Consumer<SortedMap<NodeId, R>> onQuorum,
                      Consumer<SortedMap<NodeId, R>> onTimeout) {
        if (needed < 1 || needed > ctx.cluster().size()) {
            throw new IllegalArgumentException("a round needs between 1 and " + ctx.cluster().size()
                    + " answers (the cluster's size), not " + needed);
        }
        long id = newRequestId();
        run(id, needed, request, onQuorum, onTimeout);
        return id;
    }

    /** Sends the round's request to all N servers and waits for {@code needed} of them, or the timeout. */
    private void run(long id, int needed, LongFunction<? extends Message> request,
                     Consumer<SortedMap<NodeId, R>> onQuorum, Consumer<SortedMap<NodeId, R>> onTimeout) {
        // TODO step-2: Send the request to all N servers; go on at k different answers, give up at the timeout
        throw new UnsupportedOperationException("TODO step-2 (02-quorum): send the request to all N servers; go on at k different answers, give up at the timeout; see 02-quorum/README.md#step-2");
    }

    /**
     * Hands a server's answer to the round {@code id}.
     *
     * @return false if no such round waits (a late or duplicated answer, or one to a former life of
     *         this node): ignore it
     */
    public boolean onAnswer(long id, NodeId from, R answer) {
        return waiting.handleResponse(id, from, answer);
    }

    /** Whether the round {@code id} still waits. */
    public boolean isWaiting(long id) {
        return waiting.isWaiting(id);
    }

    /** Forgets the round {@code id} without calling back (a proposer that learned it was outvoted). */
    public void cancel(long id) {
        waiting.cancel(id);
    }

    /** Forgets every round without calling back, as a leader that steps down does. */
    public void cancelAll() {
        waiting.cancelAll();
    }

    /** A random request id: unique across restarts without writing anything to disk. */
    private long newRequestId() {
        long id;
        do {
            id = ctx.random().nextLong();
        } while (waiting.isWaiting(id));
        return id;
    }
}
