package dev.kata.runtime.sim;

import dev.kata.runtime.disk.Disk;
import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.NodeContext;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.node.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A node's window on the simulation, for one life of the node: after a crash a new context is made,
 * and this one refuses to be used, which catches code that keeps references across a restart.
 */
final class SimContext implements NodeContext {

    private final Simulation sim;
    final NodeSlot slot;
    final int incarnation;

    SimContext(Simulation sim, NodeSlot slot, int incarnation) {
        this.sim = sim;
        this.slot = slot;
        this.incarnation = incarnation;
    }

    @Override
    public NodeId self() {
        return slot.id;
    }

    @Override
    public List<NodeId> cluster() {
        return sim.servers();
    }

    @Override
    public void send(NodeId to, Message message) {
        checkAlive("send");
        sim.send(slot, to, message);
    }

    @Override
    public Instant now() {
        return Instant.EPOCH.plusNanos(slot.wallNanos(sim.nanos()));
    }

    @Override
    public long nanoTime() {
        return slot.monotonicNanos(sim.nanos());
    }

    @Override
    public Timer schedule(Duration delay, Runnable action) {
        checkAlive("schedule");
        if (delay.isNegative()) {
            throw new IllegalArgumentException(slot.id + " scheduled a timer with a negative delay: " + delay);
        }
        return sim.scheduleTimer(slot, incarnation, delay.toNanos(), action);
    }

    @Override
    public Disk disk() {
        return slot.disk;
    }

    @Override
    public RandomGenerator random() {
        return slot.random;
    }

    @Override
    public void note(String text) {
        sim.note(slot, text);
    }

    private void checkAlive(String what) {
        if (slot.incarnation != incarnation || !slot.up) {
            throw new IllegalStateException(slot.id + " tried to " + what + " through the context of a life that "
                    + "ended (it crashed at " + VirtualTime.format(slot.changedAt) + "): a node must keep no "
                    + "reference to an old context or node object across a restart");
        }
    }
}
