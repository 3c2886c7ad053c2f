// Generated from solutions/03-generation-clock/src/test/java/dev/kata/election/ElectionInvariants.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint 751cfeef19e6
package dev.kata.election;

import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.sim.Simulation;
import java.util.HashMap;
import java.util.Map;

/**
 * The safety properties of leader election, as live invariants: the simulation checks them after
 * every event (and every fault), so a run stops at the first event that breaks one. Each remembers
 * what it saw across the whole run, crashes and restarts included: "two leaders in one generation"
 * counts a leader that crashed long ago.
 */
final class ElectionInvariants {

    private ElectionInvariants() {
    }

    static void install(Simulation sim) {
        Map<Long, NodeId> leaderOf = new HashMap<>();
        sim.invariant("never two leaders in one generation", () -> {
            for (ElectionNode node : sim.nodes(ElectionNode.class)) {
                node.leaderOf().ifPresent(generation -> {
                    NodeId first = leaderOf.putIfAbsent(generation, node.id());
                    if (first != null && !first.equals(node.id())) {
                        throw new AssertionError(node.id() + " leads generation " + generation + ", which " + first
                                + " was elected to lead before: two majorities voted in one generation, so some node "
                                + "voted twice in it");
                    }
                });
            }
        });

        Map<NodeId, Long> highest = new HashMap<>();
        sim.invariant("a node's generation never goes back, even across restarts", () -> {
            for (ElectionNode node : sim.nodes(ElectionNode.class)) {
                long before = highest.getOrDefault(node.id(), 0L);
                if (node.generation() < before) {
                    throw new AssertionError(node.id() + " is in generation " + node.generation() + ", but it was in "
                            + "generation " + before + " before: a generation it used was not on its disk");
                }
                highest.put(node.id(), node.generation());
            }
        });

        Map<NodeId, Map<Long, NodeId>> votes = new HashMap<>();
        sim.invariant("a node votes at most once per generation, even across restarts", () -> {
            for (ElectionNode node : sim.nodes(ElectionNode.class)) {
                node.votedFor().ifPresent(candidate -> {
                    NodeId first = votes.computeIfAbsent(node.id(), id -> new HashMap<>())
                            .putIfAbsent(node.generation(), candidate);
                    if (first != null && !first.equals(candidate)) {
                        throw new AssertionError(node.id() + " voted for " + candidate + " in generation "
                                + node.generation() + ", but it had voted for " + first + " in it before: its vote "
                                + "did not survive a restart");
                    }
                });
            }
        });
    }
}
