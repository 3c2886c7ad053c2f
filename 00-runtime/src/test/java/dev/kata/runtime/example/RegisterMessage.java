package dev.kata.runtime.example;

import dev.kata.runtime.node.Message;
import dev.kata.runtime.wire.RecordCodec;

/** The messages of the example register: a client's request and the server's answer. */
public sealed interface RegisterMessage extends Message {

    /** The wire encoding of these messages: every record of this sealed interface, as "register.Request", .... */
    RecordCodec CODEC = RecordCodec.builder().registerSealed("register", RegisterMessage.class).build();

    /**
     * Asks for {@code operation} ("read", "write" or "cas") on {@code key}. The client id and sequence
     * number let the server recognise a retry and answer it without doing it twice (Idempotent Receiver).
     */
    record Request(String client, long sequence, String operation, String key, String value, String expected)
            implements RegisterMessage {
    }

    /** The answer to request {@code sequence}: a read's value (null for none), "true"/"false" for a cas. */
    record Response(long sequence, String result) implements RegisterMessage {
    }
}
