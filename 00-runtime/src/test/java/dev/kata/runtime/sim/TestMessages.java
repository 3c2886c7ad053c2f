package dev.kata.runtime.sim;

import dev.kata.runtime.node.Message;

/** The messages the simulation's own tests send. */
final class TestMessages {

    private TestMessages() {
    }

    record Ping(long value) implements Message {
    }

    record Pong(long value) implements Message {
    }

    record Text(String text) implements Message {
    }

    /** A client's request: {@code kind} is read, write or cas. */
    record KvRequest(String client, long sequence, String kind, String key, String value, String expected)
            implements Message {
    }

    record KvResponse(long sequence, boolean ok, String result) implements Message {
    }
}
