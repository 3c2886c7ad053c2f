package dev.kata.paxos;

import dev.kata.election.GenerationClock;
import dev.kata.election.ScopedDisk;
import dev.kata.paxos.PaxosMessage.Accept;
import dev.kata.paxos.PaxosMessage.Accepted;
import dev.kata.paxos.PaxosMessage.Prepare;
import dev.kata.paxos.PaxosMessage.Promise;
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
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Checks "on disk before it is announced" at the only moment it matters: when a message leaves a node.
 * A crash can come right after any send; so at each send of a {@link Promise} or an {@link Accepted}
 * the watch looks at what would survive a crash at that instant (the forced bytes of the node's disk),
 * opens the acceptor's storage on it, and fails the run if the promise or the accepted value is not
 * there. A {@link Prepare} or {@link Accept} of the node's own ballot is checked the same way against
 * its ballot clock: a ballot a crash would forget could be used again, with another value.
 *
 * <p>It wraps each node's context: {@code sim.addServer(name, watch.around(PaxosNode.factory(config)))}.
 * (A stand-in until the runtime's own durability watch is merged: only {@link #check} is Paxos's.)
 */
final class DurabilityWatch {

    private long checks;

    NodeFactory around(NodeFactory factory) {
        return ctx -> factory.create(new WatchedContext(ctx));
    }

    /** How many times the watch looked at a crash image (to keep the check's cost in view). */
    long checks() {
        return checks;
    }

    private void check(NodeId self, Disk disk, NodeId to, Message message) {
        String sent = self + " sent " + message + " to " + to;
        if (message instanceof Promise promise) {
            AcceptorState durable = acceptorAfterCrashNow(disk, promise.key());
            if (durable.promised().compareTo(promise.ballot()) < 0) {
                throw new AssertionError(sent + ", but a crash right now would leave only a promise of "
                        + durable.promised() + " on its disk: after a restart it could accept a ballot below "
                        + promise.ballot() + ", which it promised to refuse. Save the promise before you answer.");
            }
        } else if (message instanceof Accepted accepted) {
            AcceptorState durable = acceptorAfterCrashNow(disk, accepted.key());
            boolean held = durable.accepted().filter(p -> p.ballot().equals(accepted.ballot())).isPresent();
            if (!held) {
                throw new AssertionError(sent + ", but a crash right now would leave "
                        + durable.accepted().map(p -> "the proposal " + p).orElse("no accepted value")
                        + " on its disk: the value could be counted as chosen and then be gone from a majority. "
                        + "Save the accepted value before you answer.");
            }
        } else if (message instanceof Prepare prepare && prepare.ballot().proposer().equals(self.name())) {
            checkBallot(sent, disk, prepare.ballot());
        } else if (message instanceof Accept accept && accept.ballot().proposer().equals(self.name())) {
            checkBallot(sent, disk, accept.ballot());
        }
    }

    private void checkBallot(String sent, Disk disk, Ballot ballot) {
        long durable = generationAfterCrashNow(disk);
        if (durable < ballot.generation()) {
            throw new AssertionError(sent + ", but a crash right now would take its ballot clock back to generation "
                    + durable + ": after a restart it could use ballot " + ballot + " again, with another value. "
                    + "Persist the generation (through the clock) before you use a ballot.");
        }
    }

    private AcceptorState acceptorAfterCrashNow(Disk disk, String key) {
        try (AcceptorStorage storage = AcceptorStorage.open(new ScopedDisk(crashImage(disk, PaxosNode.ACCEPTOR_FILES),
                PaxosNode.ACCEPTOR_FILES))) {
            return storage.load(key);
        }
    }

    private long generationAfterCrashNow(Disk disk) {
        try (GenerationClock clock = GenerationClock.open(new ScopedDisk(crashImage(disk, PaxosNode.BALLOT_FILES),
                PaxosNode.BALLOT_FILES))) {
            return clock.generation();
        }
    }

    /** The files of {@code prefix} as a crash at this instant would leave them: their forced bytes. */
    private SimulatedDisk crashImage(Disk disk, String prefix) {
        checks++;
        SimulatedDisk live = (SimulatedDisk) disk;
        SimulatedDisk image = new SimulatedDisk();
        for (String name : live.list()) {
            if (name.startsWith(prefix)) {
                image.overwrite(name, 0, Arrays.copyOf(live.readAll(name), (int) live.forcedSize(name)));
            }
        }
        return image;
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
