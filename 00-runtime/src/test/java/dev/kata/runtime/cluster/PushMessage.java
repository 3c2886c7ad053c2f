package dev.kata.runtime.cluster;

import dev.kata.runtime.node.Message;
import dev.kata.runtime.wire.RecordCodec;

/** The messages of {@link PushProgram}: a relay from a client to a server, then a push to a listener. */
sealed interface PushMessage extends Message {

    RecordCodec CODEC = RecordCodec.builder().registerSealed("push", PushMessage.class).build();

    /** From a client to any server: have server {@code through} push to {@code listener}. */
    record Relay(String listener, String through, String text) implements PushMessage {
    }

    /** From server to server: push {@code text} to {@code listener}. */
    record PushTo(String listener, String text) implements PushMessage {
    }

    /** From a server to a listener, which may never have connected to it. */
    record Pushed(String text) implements PushMessage {
    }
}
