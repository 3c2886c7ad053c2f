package dev.kata.paxos;

import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.sim.Simulation;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Agreement, the safety property of single-decree Paxos, as a live invariant checked after every event:
 * never two different values chosen for one register. "Chosen" is judged from the acceptors, not from
 * what any proposer claims: a value is chosen once a majority of acceptors accepted it in one ballot.
 * What each acceptor accepted is remembered across the whole run, crashes included. And whatever a node
 * learned must be that chosen value.
 */
final class Agreement {

    /** Per register, per ballot, per value: the acceptors seen to accept it. */
    private final Map<String, Map<Ballot, Map<String, Set<NodeId>>>> accepted = new HashMap<>();
    /** Per register: the chosen value, and the ballot it was first chosen in. */
    private final Map<String, Proposal> chosen = new HashMap<>();
    /** Per acceptor and register, the proposal it held at the last check: only a change needs counting. */
    private final Map<NodeId, Map<String, Proposal>> lastSeen = new HashMap<>();
    private final Simulation sim;
    private final int majority;

    private Agreement(Simulation sim, int servers) {
        this.sim = sim;
        this.majority = servers / 2 + 1;
    }

    static Agreement install(Simulation sim, int servers) {
        Agreement agreement = new Agreement(sim, servers);
        sim.invariant("never two different values chosen for one register", agreement::check);
        return agreement;
    }

    /** The value chosen for {@code key} so far, as the acceptors show it. */
    Optional<String> chosen(String key) {
        return Optional.ofNullable(chosen.get(key)).map(Proposal::value);
    }

    private void check() {
        for (PaxosNode node : sim.nodes(PaxosNode.class)) {
            Map<String, Proposal> seen = lastSeen.computeIfAbsent(node.id(), id -> new HashMap<>());
            node.acceptorStates().forEach((key, state) -> state.accepted().ifPresent(p -> {
                if (p.equals(seen.put(key, p))) {
                    return; // counted already
                }
                Set<NodeId> acceptors = accepted.computeIfAbsent(key, k -> new HashMap<>())
                        .computeIfAbsent(p.ballot(), b -> new HashMap<>())
                        .computeIfAbsent(String.valueOf(p.value()), v -> new HashSet<>());
                if (acceptors.add(node.id()) && acceptors.size() >= majority) {
                    Proposal first = chosen.putIfAbsent(key, p);
                    if (first != null && !String.valueOf(first.value()).equals(String.valueOf(p.value()))) {
                        throw new AssertionError("two values chosen for register " + key + ": " + first.value()
                                + " (accepted in ballot " + first.ballot() + " by a majority) and " + p.value()
                                + " (accepted in ballot " + p.ballot() + " by " + acceptors + "). A proposer with a "
                                + "higher ballot must carry on the value of the highest ballot its promises report; "
                                + "an acceptor must accept nothing below its promise; and every round needs a "
                                + "majority of " + majority + ", in both phases.");
                    }
                }
            }));
        }
        for (PaxosNode node : sim.nodes(PaxosNode.class)) {
            for (String key : chosen.keySet()) {
                node.learned(key).ifPresent(learned -> {
                    if (!learned.equals(chosen.get(key).value())) {
                        throw new AssertionError(node.id() + " learned " + learned + " for register " + key
                                + ", but the value chosen (accepted by a majority in ballot "
                                + chosen.get(key).ballot() + ") is " + chosen.get(key).value());
                    }
                });
            }
        }
    }
}
