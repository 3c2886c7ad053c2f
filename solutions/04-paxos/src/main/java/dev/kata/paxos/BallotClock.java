package dev.kata.paxos;

import dev.kata.election.GenerationClock;
import dev.kata.runtime.disk.Disk;
import dev.kata.runtime.node.NodeId;
import java.util.Objects;

/**
 * Where a proposer's ballots come from: 03's {@link GenerationClock}, with the node id for uniqueness.
 *
 * <p>Why the clock must be durable: a proposer that crashed after it sent Accept(b, v) and came back
 * with its generation forgotten could start a new round with the same ballot b and another value.
 * Acceptors cannot tell the two apart: some would accept v, others the new value, both at ballot b, and
 * a majority of accepts for "b" would no longer name one value. The clock persists each generation
 * before it returns it, so a ballot is never used twice.
 */
public final class BallotClock implements AutoCloseable {

    private final GenerationClock clock;
    private final String proposer;

    private BallotClock(GenerationClock clock, String proposer) {
        this.clock = clock;
        this.proposer = proposer;
    }

    /** Opens the clock of proposer {@code self} on {@code disk} (a part of the node's disk of its own). */
    public static BallotClock open(Disk disk, NodeId self) {
        Objects.requireNonNull(self, "self");
        return new BallotClock(GenerationClock.open(disk), self.name());
    }

    /**
     * A ballot for a new round: above every ballot this proposer used before, crashes included, and above
     * {@code highestSeen}, the highest ballot an acceptor told it about when it refused a round. Durable
     * when it returns: the caller may send it at once.
     */
    public Ballot next(Ballot highestSeen) {
        // kata:begin step-1 "A new ballot above every one used or seen, persisted before it is used"
        long generation = Math.max(clock.generation(), highestSeen.generation()) + 1;
        clock.advanceTo(generation); // durable when it returns
        return new Ballot(generation, proposer);
        // kata:end
    }

    /** The generation of the last ballot this proposer took (0 before its first). */
    public long generation() {
        return clock.generation();
    }

    @Override
    public void close() {
        clock.close();
    }
}
