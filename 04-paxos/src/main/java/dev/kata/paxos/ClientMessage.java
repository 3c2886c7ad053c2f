// Generated from solutions/04-paxos/src/main/java/dev/kata/paxos/ClientMessage.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint c8d415afaaca
package dev.kata.paxos;

import dev.kata.runtime.node.Message;
import java.util.Objects;

/** What clients and servers say to each other. Registered in {@link PaxosMessage#CODEC}. */
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

    /** What a client of the key-value store asks for (step 7). */
    enum Operation {
        READ, WRITE, COMPARE_AND_SET
    }

    /**
     * A request to the key-value store (step 7): read {@code key}; write {@code value} to it; or set it
     * to {@code value} if it holds {@code expected} (null: if it is absent). The client id and sequence
     * number let a server recognise a copy the network made (Idempotent Receiver).
     */
    record KvRequest(String client, long sequence, Operation operation, String key, String value, String expected)
            implements ClientMessage {
        public KvRequest {
            Objects.requireNonNull(client, "client");
            Objects.requireNonNull(operation, "operation");
            Objects.requireNonNull(key, "key");
        }
    }

    /** The operation took effect: a read's value (null: none), "true"/"false" for a compare-and-set. */
    record KvReply(long sequence, String result) implements ClientMessage {
    }
}
