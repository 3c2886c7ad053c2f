package dev.kata.runtime.checker;

import dev.kata.runtime.checker.LinearizabilityResult.Verdict;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Shrinks a key's non-linearizable history to a small piece that is still not linearizable, so
 * that a person reads three operations instead of three thousand.
 *
 * <p>Greedy: remove a run of operations, keep the removal if the rest still cannot be linearized,
 * halve the run length, and finish by removing single operations until none can go. The result is
 * minimal in that sense: taking out any one operation more would make it linearizable (or break
 * the rule below).
 *
 * <p><b>The rule: never remove a possible source.</b> Taking out a write can create a failure that
 * was not there: drop {@code write(x, 1)} and a perfectly fine {@code read(x) -> 1} now reads a
 * value from nowhere. So while a remaining operation saw a value, every write of that value
 * invoked before that operation completed stays (for a compare-and-set that answered "false",
 * every write of any other value). With that rule a piece is a real witness: any valid order of
 * the whole history, restricted to the piece, would be a valid order of the piece, so a piece
 * that has none proves the whole history has none. It also keeps the piece readable: it still
 * shows where each value came from.
 */
final class Shrinker {

    /**
     * A piece of history and whether shrinking finished.
     *
     * @param minimal false when shrinking stopped at its budget, so that a smaller piece may exist
     */
    record Piece(List<Operation> operations, boolean minimal) {
    }

    private Shrinker() {
    }

    /**
     * Shrinks {@code history} (one key, not linearizable, prepared as for {@link LinearizationSearch}).
     * Each search gets {@code searchBudget} states; all of them together get {@code totalBudget}.
     */
    static Piece shrink(List<Operation> history, long searchBudget, long totalBudget) {
        List<Operation> piece = history;
        long spent = 0;
        int run = Math.max(1, piece.size() / 2);
        while (true) {
            boolean removedAny = false;
            int start = 0;
            while (start < piece.size()) {
                if (spent > totalBudget) {
                    return new Piece(piece, false);
                }
                List<Operation> candidate = new ArrayList<>(piece.subList(0, start));
                candidate.addAll(piece.subList(Math.min(start + run, piece.size()), piece.size()));
                if (keepsEverySource(candidate, history)) {
                    LinearizationSearch.Result result = LinearizationSearch.run(candidate, searchBudget);
                    spent += result.statesExplored();
                    // An inconclusive search proves nothing, so the operations stay.
                    if (result.verdict() == Verdict.NOT_LINEARIZABLE) {
                        piece = candidate;
                        removedAny = true;
                        continue;
                    }
                }
                start += run;
            }
            if (run == 1 && !removedAny) {
                return new Piece(piece, true);
            }
            // Removing an operation can free another (a write nobody reads any more), so single
            // removals repeat until a pass removes nothing.
            run = Math.max(1, run / 2);
        }
    }

    /** Whether {@code candidate} still holds every possible source of every value its operations saw. */
    static boolean keepsEverySource(List<Operation> candidate, List<Operation> history) {
        Set<Long> kept = new HashSet<>();
        for (Operation op : candidate) {
            kept.add(op.id());
        }
        Map<String, Long> earliestRemovedWriteOf = new HashMap<>();
        for (Operation op : history) {
            if (!kept.contains(op.id()) && mayWrite(op)) {
                earliestRemovedWriteOf.merge(written(op), op.invokedAt(), Math::min);
            }
        }
        if (earliestRemovedWriteOf.isEmpty()) {
            return true;
        }
        // A "false" compare-and-set saw any value but the expected one. The earliest removed write
        // of any other value is the earliest of all, or, if that one wrote the expected value, the
        // second earliest (the map has one entry per value).
        List<Map.Entry<String, Long>> byTime = new ArrayList<>(earliestRemovedWriteOf.entrySet());
        byTime.sort(Map.Entry.comparingByValue());

        for (Operation op : candidate) {
            if (op.outcome() != Outcome.OK) {
                continue;
            }
            Long sourceInvokedAt = null;
            if (op.command() instanceof KvCommand.Read) {
                sourceInvokedAt = earliestRemovedWriteOf.get(op.result());
            } else if (op.command() instanceof KvCommand.CompareAndSet cas) {
                if (Boolean.parseBoolean(op.result())) {
                    sourceInvokedAt = earliestRemovedWriteOf.get(cas.expected());
                } else if (!Objects.equals(byTime.get(0).getKey(), cas.expected())) {
                    sourceInvokedAt = byTime.get(0).getValue();
                } else if (byTime.size() > 1) {
                    sourceInvokedAt = byTime.get(1).getValue();
                }
            }
            // A write invoked no later than this answer may have taken effect before it (at equal
            // times, as in the search, the two count as concurrent).
            if (sourceInvokedAt != null && sourceInvokedAt <= op.completedAt()) {
                return false;
            }
        }
        return true;
    }

    /** Whether the operation may have set the key's value: a write, or a compare-and-set not known to have failed. */
    static boolean mayWrite(Operation op) {
        if (op.command() instanceof KvCommand.Write) {
            return true;
        }
        return op.command() instanceof KvCommand.CompareAndSet
                && !(op.outcome() == Outcome.OK && !Boolean.parseBoolean(op.result()));
    }

    /** The value a {@link #mayWrite} operation sets (null deletes). */
    static String written(Operation op) {
        if (op.command() instanceof KvCommand.Write write) {
            return write.value();
        }
        return ((KvCommand.CompareAndSet) op.command()).value();
    }
}
