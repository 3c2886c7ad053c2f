// Generated from solutions/03-generation-clock/src/test/java/dev/kata/election/Probe.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint acd3d720137f
package dev.kata.election;

import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.Node;
import dev.kata.runtime.node.NodeContext;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.sim.Simulation;
import java.util.ArrayList;
import java.util.List;

/**
 * A node the test speaks through: it sends the messages the test gives it and keeps every message it
 * receives. Added as a client node, so it is not in the cluster, and servers answer it like anyone:
 * {@code Probe probe = Probe.add(sim, "probe"); probe.send(n1, new RequestVote(1));}
 */
final class Probe implements Node {

    /** One message the probe received. */
    record Received(NodeId from, Message message) {
    }

    private NodeContext ctx;
    private final List<Received> received = new ArrayList<>();

    static Probe add(Simulation sim, String name) {
        Probe probe = new Probe();
        sim.addClientNode(name, context -> {
            probe.ctx = context;
            return probe;
        });
        sim.start();
        return probe;
    }

    @Override
    public void onMessage(NodeId from, Message message) {
        received.add(new Received(from, message));
    }

    void send(NodeId to, Message message) {
        ctx.send(to, message);
    }

    NodeId id() {
        return ctx.self();
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** The messages of {@code type} received, in order. */
    <T extends Message> List<T> received(Class<T> type) {
        return received.stream().map(Received::message).filter(type::isInstance).map(type::cast).toList();
    }
}
