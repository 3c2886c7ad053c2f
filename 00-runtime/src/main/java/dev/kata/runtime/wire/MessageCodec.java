package dev.kata.runtime.wire;

import dev.kata.runtime.node.Message;

/**
 * Turns messages into bytes and back: the one wire encoding used both on TCP and, by default, in
 * the simulation, so that nothing works in a test that would fail on the wire.
 *
 * <p>Decoding reads untrusted input: it never uses Java serialization, accepts only registered
 * message types, and rejects malformed or oversized input with a {@link MalformedMessageException}.
 */
public interface MessageCodec {

    byte[] encode(Message message);

    Message decode(byte[] bytes);
}
