// Generated from solutions/03-generation-clock/src/main/java/dev/kata/election/ClientMessage.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint 40981b3513fd
package dev.kata.election;

import dev.kata.runtime.node.Message;
import java.util.Objects;
import java.util.Optional;

/** What clients and servers say to each other (step 5). Registered in {@link PeerMessage#CODEC}. */
public sealed interface ClientMessage extends Message {

    /** What a client asks for. */
    enum Operation {
        READ, WRITE, COMPARE_AND_SET
    }

    /**
     * A client's request: read {@code key}; write {@code value} to it; or set it to {@code value} if it
     * holds {@code expected} (null: if it is absent). The client id and sequence number let the leader
     * recognise a copy the network duplicated.
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

    /**
     * The server asked does not lead, and did nothing: ask {@code leader} (the one it follows), or
     * another server if it knows of none.
     */
    record NotLeader(long sequence, Optional<String> leader) implements ClientMessage {
    }
}
