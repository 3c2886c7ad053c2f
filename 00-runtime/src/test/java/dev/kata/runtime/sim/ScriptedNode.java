package dev.kata.runtime.sim;

import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.Node;
import dev.kata.runtime.node.NodeContext;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.sim.TestMessages.Ping;
import dev.kata.runtime.sim.TestMessages.Pong;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A node for the simulation's tests: it remembers what it received and when (on its own clock),
 * answers a Ping with a Pong, and lets the test act through its context from scheduled actions.
 */
final class ScriptedNode implements Node {

    record Received(NodeId from, Message message, Instant at, long virtualNanos) {
    }

    static int created;

    final NodeContext ctx;
    final List<Received> received = new ArrayList<>();
    final List<Instant> timersFired = new ArrayList<>();
    private final Consumer<ScriptedNode> onStart;
    private final Simulation sim;
    boolean started;

    ScriptedNode(NodeContext ctx, Simulation sim, Consumer<ScriptedNode> onStart) {
        this.ctx = ctx;
        this.sim = sim;
        this.onStart = onStart;
        created++;
    }

    @Override
    public void onStart() {
        started = true;
        onStart.accept(this);
    }

    @Override
    public void onMessage(NodeId from, Message message) {
        received.add(new Received(from, message, ctx.now(), sim.nanos()));
        if (message instanceof Ping ping) {
            ctx.send(from, new Pong(ping.value()));
        }
    }

    void send(String to, Message message) {
        ctx.send(NodeId.of(to), message);
    }

    /** Sets a timer that records when it fired, on this node's clock. */
    void timer(Duration delay) {
        ctx.schedule(delay, () -> timersFired.add(ctx.now()));
    }

    List<Message> messages() {
        return received.stream().map(Received::message).toList();
    }
}
