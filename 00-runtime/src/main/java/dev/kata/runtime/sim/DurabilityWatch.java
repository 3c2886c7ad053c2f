package dev.kata.runtime.sim;

import dev.kata.runtime.disk.Disk;
import dev.kata.runtime.disk.SimulatedDisk;
import dev.kata.runtime.node.ForwardingNodeContext;
import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.NodeContext;
import dev.kata.runtime.node.NodeFactory;
import dev.kata.runtime.node.NodeId;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks "durable before it is announced" at the only moment it matters: when a message leaves a
 * node. A crash can come right after any send; so at each send the watch hands a module's
 * {@link Check} the message and the node's {@link CrashImage} (what a crash at that instant would
 * leave on its disk: the forced bytes only), and fails the run if the check finds that the message
 * announces something the image does not hold: an acknowledged write, a promised vote, a generation
 * already used. A node that answers first and stores afterwards, even within one event, is caught.
 *
 * <pre>{@code
 * DurabilityWatch watch = new DurabilityWatch((from, to, message, image) -> {
 *     if (!(message instanceof Ack ack)) {
 *         return Optional.empty();
 *     }
 *     boolean held = image.read("store", disk -> Store.open(disk).contains(ack.id()));
 *     return held ? Optional.empty() : Optional.of("a crash now would lose " + ack.id() + ": store it, then ack");
 * });
 * sim.addServers(3, watch.around(MyNode.factory(config)));
 * }</pre>
 *
 * <p>The watch wraps each node's context (a {@link ForwardingNodeContext}), never the node: the
 * simulation's {@code node(id, type)} still finds the module's node. One watch serves a whole
 * cluster, so a check may remember what one node sent (a write and its request id) to judge what
 * another answers. It needs the simulation's {@link SimulatedDisk}.
 */
public final class DurabilityWatch {

    /** What a module checks at each send. */
    @FunctionalInterface
    public interface Check {

        /**
         * Looks at {@code message} as it leaves {@code from} for {@code to}.
         *
         * @return what the message announces that {@code image} does not hold, in words that go after
         *         "n1 sent ... to n2, but " (the watch then fails the run with that sentence); empty if
         *         a crash right now would lose nothing the message announces
         */
        Optional<String> check(NodeId from, NodeId to, Message message, CrashImage image);
    }

    private final Check check;
    /** Per node and per reader, the last thing read from a crash image and the disk's state then. */
    private final Map<String, Look> looks = new HashMap<>();
    private long sends;
    private long reads;

    public DurabilityWatch(Check check) {
        this.check = Objects.requireNonNull(check, "check");
    }

    /** The factory of nodes whose every send is checked: {@code sim.addServers(3, watch.around(factory))}. */
    public NodeFactory around(NodeFactory factory) {
        Objects.requireNonNull(factory, "factory");
        return ctx -> factory.create(new WatchedContext(ctx));
    }

    /** How many sends the watch has checked. */
    public long sends() {
        return sends;
    }

    /** How many times a check read a crash image anew (the rest came from the cache): the watch's cost. */
    public long reads() {
        return reads;
    }

    private void checkSend(NodeContext ctx, NodeId to, Message message) {
        sends++;
        if (!(ctx.disk() instanceof SimulatedDisk disk)) {
            throw new IllegalStateException("the durability watch needs the simulation's SimulatedDisk, but "
                    + ctx.self() + " has a " + ctx.disk().getClass().getName() + ": use it in simulated tests only");
        }
        Optional<String> problem = check.check(ctx.self(), to, message, new CrashImage(ctx.self(), disk));
        if (problem.isPresent()) {
            throw new DurabilityViolation(ctx.self() + " sent " + message + " to " + to + ", but " + problem.get());
        }
    }

    /** A reader's last answer on a node's crash image, and the disk's {@link SimulatedDisk#durableChanges()} then. */
    private record Look(SimulatedDisk disk, long changes, Object value) {
    }

    /**
     * What a crash of one node at this instant would leave on its disk: the forced bytes of every file,
     * nothing more (as {@link SimulatedDisk#crashCleanly()}; a torn write may keep more, never less).
     */
    public final class CrashImage {
        private final NodeId node;
        private final SimulatedDisk live;

        private CrashImage(NodeId node, SimulatedDisk live) {
            this.node = node;
            this.live = live;
        }

        /** The node whose disk this is. */
        public NodeId node() {
            return node;
        }

        /** A new disk holding the image, to open the module's stores on as a restarted node would. */
        public SimulatedDisk disk() {
            reads++;
            return live.crashImage();
        }

        /**
         * What {@code reader} finds on the image, read again only if the node's disk changed durably
         * since this reader last looked (opening a store on every send would be slow). {@code what}
         * names the reader: one name per kind of look, such as "the generation clock".
         */
        @SuppressWarnings("unchecked")
        public <T> T read(String what, Function<Disk, T> reader) {
            String key = node.name() + "\u0000" + what;
            Look last = looks.get(key);
            long changes = live.durableChanges();
            if (last != null && last.disk() == live && last.changes() == changes) {
                return (T) last.value();
            }
            T value = reader.apply(disk());
            looks.put(key, new Look(live, changes, value));
            return value;
        }

        @Override
        public String toString() {
            return "the crash image of " + node + "'s disk";
        }
    }

    /** The node's context, with a look at its disk before each send. */
    private final class WatchedContext extends ForwardingNodeContext {

        WatchedContext(NodeContext ctx) {
            super(ctx);
        }

        @Override
        public void send(NodeId to, Message message) {
            checkSend(delegate(), to, message);
            super.send(to, message);
        }
    }
}
