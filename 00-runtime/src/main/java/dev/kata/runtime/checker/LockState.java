package dev.kata.runtime.checker;

import java.util.Set;
import java.util.TreeSet;

/**
 * The state of one lock in the {@link LockModel}.
 *
 * @param exclusiveHolder the client holding it exclusively, or null
 * @param sharedHolders   the clients holding it shared (empty while it is held exclusively)
 * @param lastGeneration  the generation of the latest grant, or a lower bound of it when that grant
 *                        had no answer ({@link Long#MIN_VALUE} before any grant)
 */
public record LockState(String exclusiveHolder, Set<String> sharedHolders, long lastGeneration) {

    /** Free, never granted. */
    public static final LockState FREE = new LockState(null, Set.of(), Long.MIN_VALUE);

    public LockState {
        sharedHolders = Set.copyOf(sharedHolders);
    }

    public boolean holds(String client) {
        return client.equals(exclusiveHolder) || sharedHolders.contains(client);
    }

    public boolean isFree() {
        return exclusiveHolder == null && sharedHolders.isEmpty();
    }

    @Override
    public String toString() {
        String holders = exclusiveHolder != null ? "held by " + exclusiveHolder
                : sharedHolders.isEmpty() ? "free" : "shared by " + new TreeSet<>(sharedHolders);
        return holders + (lastGeneration == Long.MIN_VALUE ? "" : ", generation " + lastGeneration);
    }
}
