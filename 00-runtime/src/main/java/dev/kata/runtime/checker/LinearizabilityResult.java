package dev.kata.runtime.checker;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the {@link LinearizabilityChecker} concluded about a history.
 *
 * @param verdict     linearizable, not linearizable, or inconclusive (the search ran out of budget)
 * @param piece       the piece the verdict is about (a key, a lock, as the model partitions the
 *                    history): the failing piece, or the piece the search gave up on; null when the
 *                    history is linearizable
 * @param operations  when not linearizable, the smallest part of the piece's history that cannot be
 *                    linearized, in order of invocation; empty otherwise
 * @param explanation the verdict in words for a person: the piece, one line per operation, and the
 *                    anomaly when it has a name (a stale read, a lost update)
 * @param <C> the commands of the history
 * @param <R> their results
 */
public record LinearizabilityResult<C, R>(Verdict verdict, String piece, List<Operation<C, R>> operations,
                                          String explanation) {

    /** The three possible answers. Only {@link #LINEARIZABLE} means "no bug found". */
    public enum Verdict {
        /** Some order of the operations, respecting real time, explains every answer. */
        LINEARIZABLE,
        /** No such order exists: the system broke linearizability, and {@link #operations()} shows where. */
        NOT_LINEARIZABLE,
        /** The search gave up (see {@link LinearizabilityChecker#withBudget(long)}): no verdict either way. */
        INCONCLUSIVE
    }

    public LinearizabilityResult {
        Objects.requireNonNull(verdict, "verdict");
        operations = List.copyOf(operations);
        Objects.requireNonNull(explanation, "explanation");
    }

    public boolean isLinearizable() {
        return verdict == Verdict.LINEARIZABLE;
    }

    /** The ids of {@link #operations()}: what a trace page highlights. */
    public Set<Long> operationIds() {
        Set<Long> ids = new LinkedHashSet<>();
        for (Operation<C, R> op : operations) {
            ids.add(op.id());
        }
        return ids;
    }

    /** The explanation as lines, for example for a trace page's summary. */
    public List<String> explanationLines() {
        return explanation.lines().toList();
    }

    /**
     * Throws an {@link AssertionError} carrying the explanation unless the history is linearizable.
     * An inconclusive search fails too: a test cannot claim what the checker could not show.
     */
    public void assertLinearizable() {
        if (!isLinearizable()) {
            throw new AssertionError(explanation);
        }
    }
}
