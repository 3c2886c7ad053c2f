// Generated from solutions/04-paxos/src/main/java/dev/kata/paxos/AcceptorStorage.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint 19fd4773ecbb
package dev.kata.paxos;

import dev.kata.runtime.disk.Disk;
import dev.kata.runtime.disk.SavedState;
import dev.kata.wal.DurableKeyValueStore;
import dev.kata.wal.WalConfig;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The acceptor's durable state, one {@link AcceptorState} per register, in 01's
 * {@link DurableKeyValueStore}: {@link #save} is logged and forced before it returns, and a restarted
 * acceptor finds every promise and every accepted value again. Given code.
 *
 * <p>The bytes are the runtime's {@link SavedState} of the state record (its codec's encoding behind a
 * CRC), not a format of this module's own.
 */
public final class AcceptorStorage implements AutoCloseable {

    private static final SavedState<AcceptorState> STATE = SavedState.of("paxos.AcceptorState", AcceptorState.class);
    /**
     * Every save goes to the store's log; a snapshot now and then lets it drop the segments below it. An
     * acceptor's state is a few small records: small segments keep what a restart replays short.
     */
    private static final int SNAPSHOT_EVERY = 64;
    private static final WalConfig LOG = new WalConfig(32 << 10, 8 << 10);

    private final DurableKeyValueStore store;
    /** What is on disk, decoded: the acceptor reads it at every message. */
    private final Map<String, AcceptorState> states = new HashMap<>();
    private int savesSinceSnapshot;

    private AcceptorStorage(DurableKeyValueStore store) {
        this.store = store;
    }

    /** Opens the storage on {@code disk} (a part of the node's disk of its own), recovering what it held. */
    public static AcceptorStorage open(Disk disk) {
        AcceptorStorage storage = new AcceptorStorage(DurableKeyValueStore.open(Objects.requireNonNull(disk, "disk"), LOG));
        storage.store.asMap().forEach((key, bytes) -> storage.states.put(key,
                STATE.decode(bytes, "the acceptor's state of register " + key)));
        return storage;
    }

    /** The state of register {@code key}: {@link AcceptorState#EMPTY} if this acceptor never heard of it. */
    public AcceptorState load(String key) {
        return states.getOrDefault(key, AcceptorState.EMPTY);
    }

    /** Replaces the state of register {@code key}; durable when it returns. */
    public void save(String key, AcceptorState state) {
        Objects.requireNonNull(state, "state");
        store.put(key, STATE.encode(state)); // forced before it returns: only then is the memory copy changed
        states.put(key, state);
        if (++savesSinceSnapshot >= SNAPSHOT_EVERY) {
            store.snapshot();
            savesSinceSnapshot = 0;
        }
    }

    /** Every register this acceptor holds a state for (a read-only view). */
    public Map<String, AcceptorState> all() {
        return Collections.unmodifiableMap(states);
    }

    @Override
    public void close() {
        store.close();
    }
}
