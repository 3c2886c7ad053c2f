package dev.kata.log;

import dev.kata.election.GenerationClock;
import dev.kata.log.RaftMessage.RequestVote;
import dev.kata.log.RaftMessage.Vote;
import dev.kata.runtime.disk.ScopedDisk;
import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.sim.DurabilityWatch;
import dev.kata.runtime.sim.DurabilityWatch.CrashImage;
import dev.kata.runtime.wire.RecordCodec;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * "On disk before it is announced", for Raft, at every send: an {@link LogMessage.Appended} that says
 * "I hold up to m" is 05's check ({@link LogDurability}: the same log, the same files); and Raft's rule
 * "persist currentTerm and votedFor before answering": every message a replica sends carries a term
 * its clock's crash image holds, and a granted {@link Vote} (or a candidate's own {@link RequestVote})
 * is a vote the image holds (a vote forgotten is a vote given twice, and two leaders of one term).
 */
final class RaftDurability implements DurabilityWatch.Check {

    /** What the crash image of a node's generation clock holds. */
    private record Clock(long term, NodeId votedFor) {
    }

    private final LogDurability appends;
    /**
     * Per node, a term its crash image was seen to hold: a message of that term or an older one, and no
     * vote in it, needs no look (a run sends tens of thousands of messages; the term only goes up).
     */
    private final Map<NodeId, Long> verified = new HashMap<>();

    RaftDurability(RecordCodec codec) {
        this.appends = new LogDurability(codec);
    }

    @Override
    public Optional<String> check(NodeId self, NodeId to, Message message, CrashImage image) {
        Optional<String> problem = appends.check(self, to, message, image);
        if (problem.isPresent()) {
            return problem;
        }
        long term;
        NodeId vote = null;
        if (message instanceof LogMessage logMessage) {
            term = logMessage.generation();
        } else if (message instanceof Vote granted) {
            term = granted.term();
            vote = granted.granted() ? to : null;
        } else if (message instanceof RequestVote request) {
            term = request.term();
            vote = to.equals(self) ? self : null;
        } else {
            return Optional.empty(); // a client's answer
        }
        if (vote == null && term <= verified.getOrDefault(self, 0L)) {
            return Optional.empty();
        }
        Clock durable = image.read("the generation clock", disk -> {
            try (GenerationClock clock = GenerationClock.open(new ScopedDisk(disk, ReplicaNode.CLOCK_FILES))) {
                return new Clock(clock.generation(), clock.votedFor().orElse(null));
            }
        });
        verified.merge(self, durable.term(), Math::max);
        if (durable.term() < term) {
            return Optional.of("a crash right now leaves its term at " + durable.term() + ", below the term " + term
                    + " it speaks in: after a restart it could vote again in it. Persist the term, then send.");
        }
        if (vote != null && durable.term() == term && !vote.equals(durable.votedFor())) {
            return Optional.of("its vote for " + vote + " in term " + term + " is not on disk (a crash right now leaves "
                    + (durable.votedFor() == null ? "no vote" : "a vote for " + durable.votedFor()) + "): after a "
                    + "restart it could vote for another. Persist the vote, then send.");
        }
        return Optional.empty();
    }
}
