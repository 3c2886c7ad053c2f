package dev.kata.paxos;

import dev.kata.runtime.node.Message;
import java.util.Objects;

/**
 * What clients of single-decree Paxos and servers say to each other. Registered in
 * {@link PaxosMessage#CODEC}. The key-value store of step 7 speaks 03's client messages
 * ({@link dev.kata.election.ClientMessage}), through 03's {@link dev.kata.election.KvClient}.
 */
public sealed interface ClientMessage extends Message {

    /**
     * Single-decree Paxos (steps 2 to 6): propose {@code value} for register {@code key}. The answer is
     * the value that was chosen, which may be another proposer's.
     */
    record Propose(long sequence, String key, String value) implements ClientMessage {
        public Propose {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }
    }

    /** Step 5: what was chosen for {@code key}? A server that does not know runs a round to learn it. */
    record WhatWasChosen(long sequence, String key) implements ClientMessage {
        public WhatWasChosen {
            Objects.requireNonNull(key, "key");
        }
    }

    /** The answer to both: {@code value} was chosen for {@code key} (null: nothing was chosen yet). */
    record Decided(long sequence, String key, String value) implements ClientMessage {
    }
}
