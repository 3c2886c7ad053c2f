package dev.kata.runtime.node;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The requests a node has sent and still waits for, each with a callback and a timeout (the Request
 * Waiting List pattern). A node registers a request under a key of its choosing (a request id it put
 * in the message), hands each response that carries the key to {@link #handleResponse}, and the
 * list calls back, or times the request out on the node's own clock. It uses only
 * {@link NodeContext#schedule}, so it works the same in the simulation and on TCP, and like its node
 * it is used from one thread only.
 *
 * <pre>{@code
 * long id = nextRequestId();
 * waiting.add(id, Duration.ofMillis(500), RequestCallback.firstResponse(
 *         response -> ctx.send(client, new Done(response.value())),
 *         () -> ctx.send(client, new Failed("timeout"))));
 * ctx.send(peer, new Get(id, key));
 * ...
 * public void onMessage(NodeId from, Message m) {
 *     if (m instanceof GetResponse r) waiting.handleResponse(r.requestId(), from, r);
 * }
 * }</pre>
 *
 * <p>Keys must not repeat while a request waits; pick keys that stay unique across restarts too (a
 * restarted node's list is empty, but responses to its former life may still arrive).
 *
 * @param <K> the type of key
 * @param <R> the type of response
 */
public final class RequestWaitingList<K, R> {

    private final NodeContext context;
    private final Map<K, Entry<R>> waiting = new HashMap<>();

    public RequestWaitingList(NodeContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    /** Waits for responses to the request {@code key}, for at most {@code timeout} of this node's clock. */
    public void add(K key, Duration timeout, RequestCallback<R> callback) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(callback, "callback");
        if (waiting.containsKey(key)) {
            throw new IllegalArgumentException("a request with key " + key + " is already waiting: keys must be "
                    + "unique while their requests wait");
        }
        Entry<R> entry = new Entry<>(callback);
        waiting.put(key, entry);
        entry.timer = context.schedule(timeout, () -> expire(key, entry));
    }

    /**
     * Hands a response to the request {@code key}'s callback.
     *
     * @return false if no request of that key waits (a late response, or a duplicate): ignore it
     */
    public boolean handleResponse(K key, NodeId from, R response) {
        Entry<R> entry = waiting.get(key);
        if (entry == null) {
            return false;
        }
        boolean done = entry.callback.onResponse(from, response);
        // The callback may have cancelled or replaced the request itself; only remove what it left.
        if (done && waiting.get(key) == entry) {
            waiting.remove(key);
            entry.timer.cancel();
        }
        return true;
    }

    /** Whether the request {@code key} still waits. */
    public boolean isWaiting(K key) {
        return waiting.containsKey(key);
    }

    /** How many requests wait. */
    public int size() {
        return waiting.size();
    }

    /** Forgets the request {@code key} without calling back (its answer no longer matters). */
    public void cancel(K key) {
        Entry<R> entry = waiting.remove(key);
        if (entry != null) {
            entry.timer.cancel();
        }
    }

    /** Forgets every waiting request without calling back, as a leader that steps down does. */
    public void cancelAll() {
        for (Entry<R> entry : new ArrayList<>(waiting.values())) {
            entry.timer.cancel();
        }
        waiting.clear();
    }

    private void expire(K key, Entry<R> entry) {
        if (waiting.get(key) == entry) {
            waiting.remove(key);
            entry.callback.onTimeout();
        }
    }

    private static final class Entry<R> {
        final RequestCallback<R> callback;
        Timer timer;

        Entry(RequestCallback<R> callback) {
            this.callback = callback;
        }
    }
}
