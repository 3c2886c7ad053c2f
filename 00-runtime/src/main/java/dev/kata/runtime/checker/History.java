package dev.kata.runtime.checker;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Records client operations as they happen: {@link #invoke} when a client sends, then exactly one
 * of {@link #ok}, {@link #fail} or {@link #unknown}. An operation never completed is unknown.
 * Single-threaded, like the simulation that drives it; the real driver synchronizes on it.
 *
 * <p>Times are the simulation's true time (or one real clock for all clients), never a node's own
 * clock.
 *
 * @param <C> the commands the clients issue
 * @param <R> the results of answered commands
 */
public final class History<C, R> {

    private final List<Operation<C, R>> operations = new ArrayList<>();
    private final Map<Long, Integer> indexById = new HashMap<>();
    private final Map<String, Long> inFlightByClient = new HashMap<>();

    /** Records an invocation; returns the operation's id. A client may have one operation in flight. */
    public synchronized long invoke(String client, C command, long now) {
        Long inFlight = inFlightByClient.get(client);
        if (inFlight != null) {
            throw new IllegalStateException("client " + client + " invoked " + command
                    + " while operation " + inFlight + " is still in flight");
        }
        long id = operations.size();
        operations.add(new Operation<>(id, client, command, now, Long.MAX_VALUE, Outcome.UNKNOWN, null));
        indexById.put(id, operations.size() - 1);
        inFlightByClient.put(client, id);
        return id;
    }

    /** The operation took effect, with this result (see {@link Operation#result()}). */
    public synchronized void ok(long id, R result, long now) {
        complete(id, Outcome.OK, result, now);
    }

    /** The system answered that the operation did not, and will not, take effect. */
    public synchronized void fail(long id, long now) {
        complete(id, Outcome.FAIL, null, now);
    }

    /** The client gave up waiting: the operation may or may not take effect. */
    public synchronized void unknown(long id, long now) {
        complete(id, Outcome.UNKNOWN, null, now);
        // An unknown operation may still take effect at any later time: keep it open-ended.
        int index = indexById.get(id);
        operations.set(index, operations.get(index).withOutcome(Outcome.UNKNOWN, null, Long.MAX_VALUE));
    }

    private void complete(long id, Outcome outcome, R result, long now) {
        Integer index = indexById.get(id);
        if (index == null) {
            throw new IllegalArgumentException("no operation " + id + " in this history");
        }
        Operation<C, R> op = operations.get(index);
        if (!Long.valueOf(id).equals(inFlightByClient.get(op.client()))) {
            throw new IllegalStateException("operation " + id + " (" + op.command() + ") was already completed");
        }
        inFlightByClient.remove(op.client());
        operations.set(index, op.withOutcome(outcome, result, now));
    }

    /** The operation {@code id}, as recorded so far (without copying the history, as {@link #operations()} does). */
    public synchronized Operation<C, R> operation(long id) {
        Integer index = indexById.get(id);
        if (index == null) {
            throw new IllegalArgumentException("no operation " + id + " in this history");
        }
        return operations.get(index);
    }

    /** Every operation so far, in order of invocation; those still in flight are unknown. */
    public synchronized List<Operation<C, R>> operations() {
        return Collections.unmodifiableList(new ArrayList<>(operations));
    }

    /** A history of already-complete operations, for hand-written checker tests. */
    @SafeVarargs
    public static <C, R> List<Operation<C, R>> of(Operation<C, R>... operations) {
        List<Operation<C, R>> list = new ArrayList<>(operations.length);
        for (Operation<C, R> op : operations) {
            list.add(op);
        }
        return Collections.unmodifiableList(list);
    }
}
