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
 */
public final class History {

    private final List<Operation> operations = new ArrayList<>();
    private final Map<Long, Integer> indexById = new HashMap<>();
    private final Map<String, Long> inFlightByClient = new HashMap<>();

    /** Records an invocation; returns the operation's id. A client may have one operation in flight. */
    public synchronized long invoke(String client, KvCommand command, long now) {
        Long inFlight = inFlightByClient.get(client);
        if (inFlight != null) {
            throw new IllegalStateException("client " + client + " invoked " + command
                    + " while operation " + inFlight + " is still in flight");
        }
        long id = operations.size();
        operations.add(new Operation(id, client, command, now, Long.MAX_VALUE, Outcome.UNKNOWN, null));
        indexById.put(id, operations.size() - 1);
        inFlightByClient.put(client, id);
        return id;
    }

    /** The operation took effect, with this result (see {@link Operation#result()}). */
    public synchronized void ok(long id, String result, long now) {
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
        Operation op = operations.get(index);
        operations.set(index, new Operation(op.id(), op.client(), op.command(), op.invokedAt(),
                Long.MAX_VALUE, Outcome.UNKNOWN, null));
    }

    private void complete(long id, Outcome outcome, String result, long now) {
        Integer index = indexById.get(id);
        if (index == null) {
            throw new IllegalArgumentException("no operation " + id + " in this history");
        }
        Operation op = operations.get(index);
        if (!Long.valueOf(id).equals(inFlightByClient.get(op.client()))) {
            throw new IllegalStateException("operation " + id + " (" + op.command() + ") was already completed");
        }
        inFlightByClient.remove(op.client());
        operations.set(index, new Operation(op.id(), op.client(), op.command(), op.invokedAt(), now, outcome, result));
    }

    /** Every operation so far, in order of invocation; those still in flight are unknown. */
    public synchronized List<Operation> operations() {
        return Collections.unmodifiableList(new ArrayList<>(operations));
    }

    /** A history of already-complete operations, for hand-written checker tests. */
    public static List<Operation> of(Operation... operations) {
        return List.of(operations);
    }
}
