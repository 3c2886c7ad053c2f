package dev.kata.runtime.checker;

import dev.kata.runtime.checker.LinearizabilityResult.Verdict;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * One piece of a history (one key, one lock) ready for the search: the operations that take part,
 * in order of invocation, with the model that judges them. Searches of it and of its sub-pieces
 * (while shrinking) go through {@link #search}, which first leaves out the operations without an
 * answer that no answer can depend on.
 */
final class PieceHistory<C, R> {

    /**
     * What a search of this piece (or part of it) found.
     *
     * @param blocker the operation whose answer stopped the search latest in time, or null
     */
    record Searched<C, R>(Verdict verdict, long statesExplored, Operation<C, R> blocker) {
    }

    private final Model<C, R, ?> model;
    private final String name;
    private final List<Operation<C, R>> operations;
    private final List<Operation<C, R>> all;

    /**
     * @param all every operation of the piece, failed ones included, in any order
     */
    PieceHistory(Model<C, R, ?> model, String name, List<Operation<C, R>> all) {
        this.model = model;
        this.name = name;
        this.all = List.copyOf(all);
        this.operations = all.stream()
                .filter(op -> op.outcome() != Outcome.FAIL)
                .filter(op -> !(op.outcome() == Outcome.UNKNOWN && model.readOnly(op.command())))
                .sorted(Comparator.comparingLong((Operation<C, R> op) -> op.invokedAt()).thenComparingLong(Operation::id))
                .toList();
    }

    Model<C, R, ?> model() {
        return model;
    }

    String name() {
        return name;
    }

    /** The operations that take part: no failed ones, no unanswered read-only ones; in order of invocation. */
    List<Operation<C, R>> operations() {
        return operations;
    }

    /** Every operation of the piece, failed ones included. */
    List<Operation<C, R>> all() {
        return all;
    }

    /** The operations with these ids plus what they need to stay a witness ({@link Model#witnessClosure}), in order. */
    List<Operation<C, R>> closed(Set<Long> kept) {
        Set<Long> ids = model.witnessClosure(kept, operations);
        return operations.stream().filter(op -> ids.contains(op.id())).toList();
    }

    /** Searches {@code candidate} (this piece or part of it, in order of invocation). */
    Searched<C, R> search(List<Operation<C, R>> candidate, long budget) {
        List<Operation<C, R>> ops = candidate;
        while (true) {
            long[] until = model.relevantUntil(ops);
            List<Operation<C, R>> relevant = new ArrayList<>(ops.size());
            List<Long> dropAt = new ArrayList<>(ops.size());
            for (int i = 0; i < ops.size(); i++) {
                Operation<C, R> op = ops.get(i);
                if (op.outcome() == Outcome.OK || until[i] != Long.MIN_VALUE) {
                    relevant.add(op);
                    dropAt.add(op.outcome() == Outcome.OK ? Long.MAX_VALUE : until[i]);
                }
            }
            if (relevant.size() == ops.size()) {
                LinearizationSearch.Result result = LinearizationSearch.run(model, ops,
                        dropAt.stream().mapToLong(Long::longValue).toArray(), budget);
                return new Searched<>(result.verdict(), result.statesExplored(),
                        result.blocker() < 0 ? null : ops.get(result.blocker()));
            }
            // Leaving out an operation can make another irrelevant (a compare-and-set nobody reads
            // expected its value), so prune again until nothing more goes.
            ops = relevant;
        }
    }
}
