package dev.kata.paxos;

import dev.kata.election.GenerationClock;
import dev.kata.runtime.disk.ScopedDisk;
import dev.kata.paxos.PaxosMessage.Accept;
import dev.kata.paxos.PaxosMessage.Accepted;
import dev.kata.paxos.PaxosMessage.Prepare;
import dev.kata.paxos.PaxosMessage.Promise;
import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.sim.DurabilityWatch;
import dev.kata.runtime.sim.DurabilityWatch.CrashImage;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the runtime's {@link DurabilityWatch} checks in this module, at every send: "on disk before it
 * is announced". At a {@link Promise} or an {@link Accepted}, it opens the acceptor's storage on the
 * node's crash image (what a crash at that instant would leave) and finds fault if the promise or the
 * accepted value is not there. At a {@link Prepare} or {@link Accept} of the node's own ballot, it opens
 * the ballot clock the same way: a ballot a crash would forget could be used again, with another value.
 *
 * <p>{@code sim.addServer("n1", new DurabilityWatch(new PaxosDurability()).around(PaxosNode.factory(config)))}.
 */
final class PaxosDurability implements DurabilityWatch.Check {

    /** Per node, a generation already seen on its crash image: it stays there, so ballots up to it need no look. */
    private final Map<NodeId, Long> verified = new HashMap<>();

    @Override
    public Optional<String> check(NodeId self, NodeId to, Message message, CrashImage image) {
        if (message instanceof Promise promise) {
            AcceptorState durable = acceptor(image, promise.key());
            if (durable.promised().compareTo(promise.ballot()) < 0) {
                return Optional.of("a crash right now would leave only a promise of " + durable.promised()
                        + " on its disk: after a restart it could accept a ballot below " + promise.ballot()
                        + ", which it promised to refuse. Save the promise, then answer.");
            }
        } else if (message instanceof Accepted accepted) {
            AcceptorState durable = acceptor(image, accepted.key());
            if (durable.accepted().filter(p -> p.ballot().equals(accepted.ballot())).isEmpty()) {
                return Optional.of("a crash right now would leave "
                        + durable.accepted().map(p -> "the proposal " + p).orElse("no accepted value")
                        + " on its disk: the value could be counted as chosen, then be gone from the majority that "
                        + "chose it. Save the accepted value, then answer.");
            }
        } else if (message instanceof Prepare prepare && prepare.ballot().proposer().equals(self.name())) {
            return ballot(self, image, prepare.ballot());
        } else if (message instanceof Accept accept && accept.ballot().proposer().equals(self.name())) {
            return ballot(self, image, accept.ballot());
        }
        return Optional.empty();
    }

    private Optional<String> ballot(NodeId self, CrashImage image, Ballot ballot) {
        if (ballot.generation() <= verified.getOrDefault(self, 0L)) {
            return Optional.empty();
        }
        long durable = image.read("the ballot clock", disk -> {
            try (GenerationClock clock = GenerationClock.open(new ScopedDisk(disk, PaxosNode.BALLOT_FILES))) {
                return clock.generation();
            }
        });
        if (durable >= ballot.generation()) {
            verified.merge(self, durable, Math::max);
            return Optional.empty();
        }
        return Optional.of("a crash right now would take its ballot clock back to generation " + durable
                + ": after a restart it could use ballot " + ballot + " again, with another value. Take ballots "
                + "from the clock, which persists the generation before it returns it.");
    }

    private static AcceptorState acceptor(CrashImage image, String key) {
        Map<String, AcceptorState> states = image.read("the acceptor's storage", disk -> {
            try (AcceptorStorage storage = AcceptorStorage.open(new ScopedDisk(disk, PaxosNode.ACCEPTOR_FILES))) {
                return Map.copyOf(storage.all());
            }
        });
        return states.getOrDefault(key, AcceptorState.EMPTY);
    }
}
