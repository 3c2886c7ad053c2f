package dev.kata.runtime.checker;

import dev.kata.runtime.checker.LinearizabilityResult.Verdict;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Shrinks a piece's non-linearizable history to a small piece that is still not linearizable, so
 * that a person reads three operations instead of three thousand.
 *
 * <p>First the shortest failing prefix in time (found by bisection: a handful of searches), then
 * greedy: remove a run of operations, keep the removal if the rest still cannot be linearized,
 * halve the run length, and finish by removing single operations until none can go.
 *
 * <p><b>Every candidate is a witness.</b> Removing operations can create a failure that was not
 * there: drop {@code write(x, 1)} and a perfectly fine {@code read(x) -> 1} now reads a value
 * from nowhere. So each candidate is closed with {@link Model#witnessClosure}, which adds back what
 * the kept operations need (for a register: every possible source of a value they saw). A
 * candidate with no valid order then proves that the whole history has none.
 */
final class Shrinker {

    /**
     * A piece of history and whether shrinking finished.
     *
     * @param minimal false when shrinking stopped at its budget, so that a smaller piece may exist
     */
    record Piece<C, R>(List<Operation<C, R>> operations, boolean minimal) {
    }

    private Shrinker() {
    }

    /**
     * Shrinks {@code failing}, a part of {@code history} known not to be linearizable and closed
     * under {@link Model#witnessClosure} (the whole piece, or a quick witness).
     * Each search gets {@code searchBudget} states; all of them together get {@code totalBudget}.
     */
    static <C, R> Piece<C, R> shrink(PieceHistory<C, R> history, List<Operation<C, R>> failing, long searchBudget,
                                     long totalBudget) {
        long[] spent = {0};
        List<Operation<C, R>> piece = shortestFailingPrefix(history, failing, searchBudget, spent);
        int run = Math.max(1, piece.size() / 2);
        while (true) {
            boolean removedAny = false;
            int start = 0;
            while (start < piece.size()) {
                if (spent[0] > totalBudget) {
                    return new Piece<>(piece, false);
                }
                Set<Long> kept = new HashSet<>();
                for (int i = 0; i < piece.size(); i++) {
                    if (i < start || i >= start + run) {
                        kept.add(piece.get(i).id());
                    }
                }
                List<Operation<C, R>> candidate = history.closed(kept);
                if (candidate.size() < piece.size() && fails(history, candidate, searchBudget, spent)) {
                    piece = candidate;
                    removedAny = true;
                    continue;
                }
                start += run;
            }
            if (run == 1 && !removedAny) {
                return new Piece<>(piece, true);
            }
            // Removing an operation can free another (a write nobody reads any more), so single
            // removals repeat until a pass removes nothing.
            run = Math.max(1, run / 2);
        }
    }

    /**
     * The shortest prefix (operations invoked up to some answer) that still fails: whether a
     * prefix fails only grows with its length, so bisection finds it.
     */
    private static <C, R> List<Operation<C, R>> shortestFailingPrefix(PieceHistory<C, R> history,
                                                                      List<Operation<C, R>> ops, long budget,
                                                                      long[] spent) {
        int low = 0; // prefixes of up to `low` answered operations are known not to fail (or unknown)
        int high = ops.size(); // the prefix up to index `high` fails (the whole piece does)
        List<Operation<C, R>> best = ops;
        while (high - low > 1) {
            int middle = (low + high) >>> 1;
            Set<Long> kept = Set.of(ops.get(middle - 1).id());
            List<Operation<C, R>> candidate = history.closed(prefixIds(ops, middle, kept));
            if (candidate.size() < best.size() && fails(history, candidate, budget, spent)) {
                best = candidate;
                high = middle;
            } else {
                low = middle;
            }
        }
        return best;
    }

    private static <C, R> Set<Long> prefixIds(List<Operation<C, R>> ops, int length, Set<Long> extra) {
        Set<Long> ids = new HashSet<>(extra);
        for (int i = 0; i < length; i++) {
            ids.add(ops.get(i).id());
        }
        return ids;
    }

    private static <C, R> boolean fails(PieceHistory<C, R> history, List<Operation<C, R>> candidate, long budget,
                                        long[] spent) {
        PieceHistory.Searched<C, R> result = history.search(candidate, budget);
        spent[0] += result.statesExplored();
        // An inconclusive search proves nothing, so the operations stay.
        return result.verdict() == Verdict.NOT_LINEARIZABLE;
    }
}
