// Generated from solutions/05-replicated-log/src/main/java/dev/kata/log/KeyValueStateMachine.java by ./kata sync: maintainers edit there.
// Yours to write: replace each TODO stub (05-replicated-log/README.md says how).
// kata:fingerprint 753ff02dede8
package dev.kata.log;

import dev.kata.election.ClientMessage.KvRequest;
import dev.kata.election.ClientMessage.Operation;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The key-value store as a state machine on the log: reads, writes and compare-and-sets of 03's
 * clients, applied in log order. Reads go through the log too, so they are linearizable without
 * anything more; step 6 answers them without the log ({@link #readOnly}, {@link #read}).
 *
 * <p>The Idempotent Receiver: each client's latest sequence number and its answer are part of the
 * state. A command that comes again (a client's retry through another leader, a copy the network made
 * that a leader appended twice) finds its sequence number there and gets the first answer, without
 * being applied again, on every replica alike, whichever leader appended it.
 */
public final class KeyValueStateMachine implements StateMachine {

    /** A client's latest request that took effect, and its answer. */
    record Session(long sequence, String answer) {
    }

    /** The whole state, as a snapshot holds it (step 7): the data and the table of answers. */
    public record KvState(Map<String, String> data, Map<String, Session> sessions) implements Snapshot.State {
        public KvState {
            // Sorted: two replicas with the same state write the same bytes.
            data = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(data));
            sessions = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(sessions));
        }
    }

    private final Map<String, String> data = new HashMap<>();
    private final Map<String, Session> sessions = new HashMap<>();

    @Override
    public String apply(Command command) {
        if (!(command instanceof ClientCommand client)) {
            throw new IllegalArgumentException("the key-value state machine applies ClientCommands, not " + command
                    + ": a module with commands of its own supplies its own state machine");
        }
        return applyOnce(client.request());
    }

    /** A client's read: answered from the state, without the log, at a read index or under the lease (step 6). */
    @Override
    public boolean readOnly(Command command) {
        return command instanceof ClientCommand client && client.request().operation() == Operation.READ;
    }

    @Override
    public String read(Command command) {
        if (!readOnly(command)) {
            throw new IllegalArgumentException(command + " is no read: it changes the state, so it goes through the log");
        }
        return data.get(((ClientCommand) command).request().key());
    }

    /** Applies {@code request} unless its client's session shows it (or a later one) was applied already. */
    String applyOnce(KvRequest request) {
        // TODO step-5: Apply a client's request once: a retry gets the first answer from the session table
        throw new UnsupportedOperationException("TODO step-5 (05-replicated-log): apply a client's request once: a retry gets the first answer from the session table; see 05-replicated-log/README.md#step-5");
    }

    /** The operation itself: a read's value (null: none), null for a write, "true"/"false" for a compare-and-set. */
    private String execute(KvRequest request) {
        switch (request.operation()) {
            case READ:
                return data.get(request.key());
            case WRITE:
                data.put(request.key(), request.value());
                return null;
            case COMPARE_AND_SET:
                if (Objects.equals(data.get(request.key()), request.expected())) {
                    data.put(request.key(), request.value());
                    return "true";
                }
                return "false";
            default:
                throw new IllegalArgumentException("unknown operation " + request.operation());
        }
    }

    @Override
    public Snapshot.State snapshot() {
        return new KvState(data, sessions);
    }

    @Override
    public void restore(Snapshot.State state) {
        if (!(state instanceof KvState kv)) {
            throw new IllegalArgumentException("the key-value state machine restores a KvState, not " + state);
        }
        data.clear();
        data.putAll(kv.data());
        sessions.clear();
        sessions.putAll(kv.sessions());
    }

    /** The value of {@code key} in this replica's state: for tests to look at. */
    public Optional<String> get(String key) {
        return Optional.ofNullable(data.get(key));
    }
}
