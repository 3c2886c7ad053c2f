package dev.kata.runtime.sim;

import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.Node;
import dev.kata.runtime.node.NodeContext;
import dev.kata.runtime.node.NodeFactory;
import dev.kata.runtime.node.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A node a test speaks through: it sends the messages the test hands it and keeps every message it
 * receives, so a test can talk to a server directly, message by message, as another server or a
 * client would. It is a client node: not in the cluster, and servers answer it like anyone.
 *
 * <pre>{@code
 * Probe probe = Probe.add(sim, "probe");
 * probe.send(n1, new RequestVote(1));
 * sim.runUntil(() -> !probe.received(VoteReply.class).isEmpty(), Duration.ofSeconds(1), "n1 answers");
 * }</pre>
 */
public final class Probe implements Node {

    /** One message the probe received, and when (virtual nanoseconds since the epoch). */
    public record Received(NodeId from, Message message, long at) {
    }

    private final NodeContext ctx;
    private final List<Received> received = new ArrayList<>();

    private Probe(NodeContext ctx) {
        this.ctx = ctx;
    }

    /** Adds a probe named {@code name} to the simulation, starting the simulation if it has not started. */
    public static Probe add(Simulation sim, String name) {
        return add(sim, name, UnaryOperator.identity());
    }

    /**
     * Adds a probe whose factory is first handed to {@code wrap}, which may wrap its context: with
     * {@code watch::around}, a {@link DurabilityWatch} sees what the probe sends, as it sees what the
     * servers send.
     */
    public static Probe add(Simulation sim, String name, UnaryOperator<NodeFactory> wrap) {
        NodeId id = sim.addClientNode(name, wrap.apply(Probe::new));
        sim.start();
        return sim.node(id, Probe.class);
    }

    @Override
    public void onMessage(NodeId from, Message message) {
        long now = ctx.now().getEpochSecond() * 1_000_000_000L + ctx.now().getNano();
        received.add(new Received(from, message, now));
    }

    /** Sends {@code message} to {@code to}, through the simulated network like any message. */
    public void send(NodeId to, Message message) {
        ctx.send(to, message);
    }

    public NodeId id() {
        return ctx.self();
    }

    /** Every message received so far, in order. */
    public List<Received> received() {
        return List.copyOf(received);
    }

    /** The messages of {@code type} received so far, in order. */
    public <T extends Message> List<T> received(Class<T> type) {
        return received.stream().map(Received::message).filter(type::isInstance).map(type::cast).toList();
    }
}
