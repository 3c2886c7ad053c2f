package dev.kata.paxos;

import java.util.Objects;

/**
 * A ballot number: which round of Paxos a proposal belongs to. Ballots are totally ordered and no two
 * proposers ever use the same one: the generation comes first (a proposer takes a new one from its
 * durable {@link BallotClock} for every round), the proposer's node id breaks the tie between two
 * proposers that took the same generation.
 *
 * @param generation the proposer's generation when it started the round; 0 only in {@link #ZERO}
 * @param proposer   the node id of the proposer that started it; "" only in {@link #ZERO}
 */
public record Ballot(long generation, String proposer) implements Comparable<Ballot> {

    /** Below every real ballot: what an acceptor has promised before any Prepare. */
    public static final Ballot ZERO = new Ballot(0, "");

    public Ballot {
        Objects.requireNonNull(proposer, "proposer");
        if (generation < 0) {
            throw new IllegalArgumentException("a ballot's generation is never negative, but is " + generation);
        }
    }

    @Override
    public int compareTo(Ballot other) {
        // kata:begin step-1 "Order ballots: by generation, then by proposer, so that no two are equal"
        int byGeneration = Long.compare(generation, other.generation);
        return byGeneration != 0 ? byGeneration : proposer.compareTo(other.proposer);
        // kata:end
    }

    /** True if this ballot comes after {@code other}. */
    public boolean isAbove(Ballot other) {
        return compareTo(other) > 0;
    }

    /** The higher of two ballots. */
    public static Ballot max(Ballot a, Ballot b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    @Override
    public String toString() {
        return "(" + generation + "," + proposer + ")";
    }
}
