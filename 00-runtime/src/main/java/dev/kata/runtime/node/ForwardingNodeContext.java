package dev.kata.runtime.node;

import dev.kata.runtime.disk.Disk;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A {@link NodeContext} that passes every call to another one: the base of a context that changes a
 * few calls and leaves the rest alone, such as the simulation's {@code DurabilityWatch}, which looks
 * at the node's disk before each send. Override the calls to change.
 *
 * <p>It forwards every method of {@link NodeContext}, one to one, and nothing else: a method added to
 * the contract gets its forwarding line here too.
 *
 * <pre>{@code
 * NodeFactory counting = ctx -> factory.create(new ForwardingNodeContext(ctx) {
 *     public void send(NodeId to, Message message) {
 *         sent++;
 *         super.send(to, message);
 *     }
 * });
 * }</pre>
 */
public class ForwardingNodeContext implements NodeContext {

    private final NodeContext delegate;

    public ForwardingNodeContext(NodeContext delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The context underneath. */
    protected final NodeContext delegate() {
        return delegate;
    }

    @Override
    public NodeId self() {
        return delegate.self();
    }

    @Override
    public List<NodeId> cluster() {
        return delegate.cluster();
    }

    @Override
    public void send(NodeId to, Message message) {
        delegate.send(to, message);
    }

    @Override
    public Instant now() {
        return delegate.now();
    }

    @Override
    public Timer schedule(Duration delay, Runnable action) {
        return delegate.schedule(delay, action);
    }

    @Override
    public Disk disk() {
        return delegate.disk();
    }

    @Override
    public RandomGenerator random() {
        return delegate.random();
    }

    @Override
    public void note(String text) {
        delegate.note(text);
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
