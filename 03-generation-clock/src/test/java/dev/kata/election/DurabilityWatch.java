// Generated from solutions/03-generation-clock/src/test/java/dev/kata/election/DurabilityWatch.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint 0986ec9a3ba3
package dev.kata.election;

import dev.kata.election.PeerMessage.RequestVote;
import dev.kata.election.PeerMessage.VoteReply;
import dev.kata.runtime.disk.Disk;
import dev.kata.runtime.disk.SimulatedDisk;
import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.NodeContext;
import dev.kata.runtime.node.NodeFactory;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.node.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Checks "persisted before it is used or promised" at the only moment it matters: when a message
 * leaves a node. A crash can come right after any send; so at each send the watch looks at what would
 * survive a crash at that instant (the forced bytes of the node's disk), opens a generation clock on
 * it, and fails the run if the message uses a generation, or promises a vote, that the disk does not
 * hold. A node that answers first and persists afterwards, even within the same event, is caught.
 *
 * <p>It wraps each node's context: {@code sim.addServers(3, watch.around(ElectionNode.factory(config)))}.
 */
final class DurabilityWatch {

    /** Per node, a generation already seen on its disk: sends up to it need no new look. */
    private final Map<NodeId, Long> verified = new HashMap<>();
    private final Map<NodeId, Durable> lastLook = new HashMap<>();
    private long checks;

    NodeFactory around(NodeFactory factory) {
        return ctx -> factory.create(new WatchedContext(ctx));
    }

    /** How many times the watch opened a clock on a crash image (to keep the check's cost in view). */
    long checks() {
        return checks;
    }

    private void check(NodeId self, Disk disk, NodeId to, Message message) {
        if (!(message instanceof PeerMessage peer)) {
            return;
        }
        boolean promisesVote = peer instanceof VoteReply reply && reply.granted();
        boolean standsForElection = peer instanceof RequestVote;
        if (!promisesVote && !standsForElection && peer.generation() <= verified.getOrDefault(self, 0L)) {
            return;
        }
        GenerationClock.State durable = afterCrashNow(self, disk);
        String sent = self + " sent " + peer + " to " + to;
        String holds = "its disk holds only generation " + durable.generation()
                + (durable.votedFor() == null ? " with no vote" : " with a vote for " + durable.votedFor());
        if (durable.generation() < peer.generation()) {
            throw new AssertionError(sent + ", but " + holds + ". A crash right now would take the node back to an "
                    + "older generation than one it already used: persist a generation before you send anything in it.");
        }
        verified.merge(self, durable.generation(), Math::max);
        if (promisesVote && !(durable.generation() == peer.generation() && to.equals(durable.votedFor()))) {
            throw new AssertionError(sent + ", but " + holds + ". A crash right now would let the node vote again in "
                    + "generation " + peer.generation() + ": persist the vote before you answer.");
        }
        if (standsForElection && !(durable.generation() == peer.generation() && self.equals(durable.votedFor()))) {
            throw new AssertionError(sent + ", but " + holds + ". A candidate votes for itself, durably, before it "
                    + "asks: otherwise, after a crash, it could vote for another candidate in the generation it stood in.");
        }
    }

    /** The generation and vote that a clock would recover if the node crashed now. */
    private GenerationClock.State afterCrashNow(NodeId self, Disk disk) {
        SimulatedDisk live = (SimulatedDisk) disk;
        List<String> files = live.list().stream().filter(n -> n.startsWith(ElectionNode.CLOCK_FILES)).toList();
        // What a crash would keep changes only when something is forced or replaced.
        StringBuilder signature = new StringBuilder().append(live.forceCount());
        for (String name : files) {
            signature.append(' ').append(name).append('=').append(live.forcedSize(name));
        }
        Durable cached = lastLook.get(self);
        if (cached != null && cached.signature().contentEquals(signature)) {
            return cached.state();
        }
        checks++;
        SimulatedDisk image = new SimulatedDisk();
        for (String name : files) {
            byte[] bytes = live.readAll(name);
            image.overwrite(name, 0, Arrays.copyOf(bytes, (int) live.forcedSize(name)));
        }
        try (GenerationClock clock = GenerationClock.open(new ScopedDisk(image, ElectionNode.CLOCK_FILES))) {
            GenerationClock.State state = new GenerationClock.State(clock.generation(), clock.votedFor().orElse(null));
            lastLook.put(self, new Durable(signature.toString(), state));
            return state;
        }
    }

    /** The last look at a node's crash image, and what the disk looked like then. */
    private record Durable(String signature, GenerationClock.State state) {
    }

    /** A node's context, with a look at its disk before each send. */
    private final class WatchedContext implements NodeContext {
        private final NodeContext ctx;

        WatchedContext(NodeContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void send(NodeId to, Message message) {
            check(ctx.self(), ctx.disk(), to, message);
            ctx.send(to, message);
        }

        @Override
        public NodeId self() {
            return ctx.self();
        }

        @Override
        public List<NodeId> cluster() {
            return ctx.cluster();
        }

        @Override
        public Instant now() {
            return ctx.now();
        }

        @Override
        public long nanoTime() {
            return ctx.nanoTime();
        }

        @Override
        public Timer schedule(Duration delay, Runnable action) {
            return ctx.schedule(delay, action);
        }

        @Override
        public Disk disk() {
            return ctx.disk();
        }

        @Override
        public RandomGenerator random() {
            return ctx.random();
        }

        @Override
        public void note(String text) {
            ctx.note(text);
        }
    }
}
