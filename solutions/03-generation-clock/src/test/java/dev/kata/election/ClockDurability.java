package dev.kata.election;

import dev.kata.election.PeerMessage.RequestVote;
import dev.kata.election.PeerMessage.VoteReply;
import dev.kata.runtime.disk.ScopedDisk;
import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.sim.DurabilityWatch.CrashImage;
import dev.kata.runtime.sim.DurabilityWatch;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the {@link DurabilityWatch} checks in this module, at every send: "persisted before it is used
 * or promised". It opens a generation clock on the node's crash image (what a crash at that instant
 * would leave) and finds fault if the message uses a generation, or promises a vote, that the image
 * does not hold. A node that answers first and persists afterwards, even within the same event, is
 * caught.
 *
 * <p>{@code sim.addServers(3, new DurabilityWatch(new ClockDurability()).around(ElectionNode.factory(config)))}.
 */
final class ClockDurability implements DurabilityWatch.Check {

    /** Per node, a generation already seen on its disk: sends up to it need no new look. */
    private final Map<NodeId, Long> verified = new HashMap<>();

    @Override
    public Optional<String> check(NodeId self, NodeId to, Message message, CrashImage image) {
        if (!(message instanceof PeerMessage peer)) {
            return Optional.empty();
        }
        boolean promisesVote = peer instanceof VoteReply reply && reply.granted();
        boolean standsForElection = peer instanceof RequestVote;
        if (!promisesVote && !standsForElection && peer.generation() <= verified.getOrDefault(self, 0L)) {
            return Optional.empty();
        }
        GenerationClock.State durable = image.read("the generation clock", disk -> {
            try (GenerationClock clock = GenerationClock.open(new ScopedDisk(disk, ElectionNode.CLOCK_FILES))) {
                return new GenerationClock.State(clock.generation(), clock.votedFor().orElse(null));
            }
        });
        String holds = "its disk holds only generation " + durable.generation()
                + (durable.votedFor() == null ? " with no vote" : " with a vote for " + durable.votedFor());
        if (durable.generation() < peer.generation()) {
            return Optional.of(holds + ". A crash right now would take the node back to an "
                    + "older generation than one it already used: persist a generation before you send anything in it.");
        }
        verified.merge(self, durable.generation(), Math::max);
        if (promisesVote && !(durable.generation() == peer.generation() && to.equals(durable.votedFor()))) {
            return Optional.of(holds + ". A crash right now would let the node vote again in "
                    + "generation " + peer.generation() + ": persist the vote before you answer.");
        }
        if (standsForElection && !(durable.generation() == peer.generation() && self.equals(durable.votedFor()))) {
            return Optional.of(holds + ". A candidate votes for itself, durably, before it "
                    + "asks: otherwise, after a crash, it could vote for another candidate in the generation it stood in.");
        }
        return Optional.empty();
    }
}
