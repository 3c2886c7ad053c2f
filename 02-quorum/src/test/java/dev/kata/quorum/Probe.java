// Generated from solutions/02-quorum/src/test/java/dev/kata/quorum/Probe.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint 7eb6594a3ca4
package dev.kata.quorum;

import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.Node;
import dev.kata.runtime.node.NodeContext;
import dev.kata.runtime.node.NodeId;
import java.util.ArrayList;
import java.util.List;

/**
 * A node of the tests' own: it sends whatever message a test hands it, and keeps every message it
 * receives. It talks to a replica or a coordinator directly, as another server or a client would.
 */
final class Probe implements Node {

    /** A message the probe received, and when (virtual nanoseconds). */
    record Received(NodeId from, Message message, long at) {
    }

    private final NodeContext ctx;
    private final List<Received> received = new ArrayList<>();

    Probe(NodeContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void onMessage(NodeId from, Message message) {
        long now = ctx.now().getEpochSecond() * 1_000_000_000L + ctx.now().getNano();
        received.add(new Received(from, message, now));
    }

    void send(NodeId to, Message message) {
        ctx.send(to, message);
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    <T extends Message> List<T> received(Class<T> type) {
        return received.stream().map(Received::message).filter(type::isInstance).map(type::cast).toList();
    }
}
