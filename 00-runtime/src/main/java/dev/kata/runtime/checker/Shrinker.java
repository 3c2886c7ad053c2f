package dev.kata.runtime.checker;

import dev.kata.runtime.checker.LinearizabilityResult.Verdict;

import java.util.ArrayList;
import java.util.Comparator;
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
 * minimal in that sense: taking out any one operation more would make it linearizable, or would
 * take away where a value came from (the rule below).
 *
 * <p><b>The rule: never remove a possible source.</b> Taking out a write can create a failure that
 * was not there: drop {@code write(x, 1)} and a perfectly fine {@code read(x) -> 1} now reads a
 * value from nowhere. So while an operation in the piece saw a value, every write of that value
 * invoked before that operation completed stays in the piece. A compare-and-set that answered
 * "false" saw any value but its expected one; keeping every earlier write would keep almost the
 * whole history, so for it only the writes that may be the last one before it stay (not those
 * certainly overwritten before it began).
 *
 * <p>With that rule a piece is a real witness: take any valid order of the whole history and drop
 * the operations outside the piece; each remaining operation still comes after the same last
 * write, so it is a valid order of the piece. A piece with no valid order therefore proves that
 * the whole history has none. The rule also keeps the piece readable: it shows where each value
 * read came from.
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
                Set<Long> kept = new HashSet<>();
                for (int i = 0; i < piece.size(); i++) {
                    if (i < start || i >= start + run) {
                        kept.add(piece.get(i).id());
                    }
                }
                List<Operation> candidate = withSources(kept, history);
                if (candidate.size() < piece.size()) {
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

    /**
     * The operations of {@code history} whose ids are {@code kept}, plus every possible source of
     * a value they saw, in the order of {@code history}. A compare-and-set that succeeded both
     * writes and reads, so sources are added until none is missing.
     */
    static List<Operation> withSources(Set<Long> kept, List<Operation> history) {
        Overwrites overwrites = new Overwrites(history);
        Set<Long> ids = new HashSet<>(kept);
        boolean added = true;
        while (added) {
            added = false;
            Map<String, List<Operation>> sawValue = new HashMap<>();
            List<Operation> refusals = new ArrayList<>();
            for (Operation op : history) {
                if (ids.contains(op.id()) && op.outcome() == Outcome.OK) {
                    if (op.command() instanceof KvCommand.Read) {
                        sawValue.computeIfAbsent(op.result(), v -> new ArrayList<>()).add(op);
                    } else if (op.command() instanceof KvCommand.CompareAndSet cas) {
                        if (Boolean.parseBoolean(op.result())) {
                            sawValue.computeIfAbsent(cas.expected(), v -> new ArrayList<>()).add(op);
                        } else {
                            refusals.add(op); // it saw any value but its expected one
                        }
                    }
                }
            }
            for (Operation write : history) {
                if (ids.contains(write.id()) || !mayWrite(write)) {
                    continue;
                }
                String value = written(write);
                boolean source = sawValue.getOrDefault(value, List.of()).stream()
                        .anyMatch(observer -> write.invokedAt() <= observer.completedAt())
                        || refusals.stream().anyMatch(refusal -> !Objects.equals(value, expected(refusal))
                                && overwrites.mayBeLastWriteBefore(write, refusal));
                if (source) {
                    ids.add(write.id());
                    added = true;
                }
            }
        }
        return history.stream().filter(op -> ids.contains(op.id())).toList();
    }

    /**
     * Which writes may be the last one before an operation takes effect. Any write invoked before
     * the operation completed may (at equal times operations count as concurrent, as in the
     * search), unless another answered write began after it completed and itself completed before
     * the operation began: then that one certainly came in between.
     */
    private static final class Overwrites {
        /** Completion times of the answered writes, ascending. */
        private final long[] completions;
        /** For each index, the latest invocation among the answered writes completed up to there. */
        private final long[] latestInvocation;

        Overwrites(List<Operation> history) {
            List<Operation> answered = history.stream()
                    .filter(op -> op.outcome() == Outcome.OK && mayWrite(op))
                    .sorted(Comparator.comparingLong(Operation::completedAt))
                    .toList();
            completions = new long[answered.size()];
            latestInvocation = new long[answered.size()];
            long latest = Long.MIN_VALUE;
            for (int i = 0; i < answered.size(); i++) {
                completions[i] = answered.get(i).completedAt();
                latest = Math.max(latest, answered.get(i).invokedAt());
                latestInvocation[i] = latest;
            }
        }

        boolean mayBeLastWriteBefore(Operation write, Operation observer) {
            return write.invokedAt() <= observer.completedAt()
                    && write.completedAt() >= latestInvocationOfWritesCompletedBefore(observer.invokedAt());
        }

        private long latestInvocationOfWritesCompletedBefore(long time) {
            int completedBefore = 0; // binary search: how many completions are earlier than time
            int notBefore = completions.length;
            while (completedBefore < notBefore) {
                int middle = (completedBefore + notBefore) >>> 1;
                if (completions[middle] < time) {
                    completedBefore = middle + 1;
                } else {
                    notBefore = middle;
                }
            }
            return completedBefore == 0 ? Long.MIN_VALUE : latestInvocation[completedBefore - 1];
        }
    }

    private static String expected(Operation cas) {
        return ((KvCommand.CompareAndSet) cas.command()).expected();
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
