package dev.kata.runtime.checker;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The sequential specification of a system, as the {@link LinearizabilityChecker} uses it: a value
 * describing what one copy of the system, running operations one at a time, may answer. This is
 * the whole meaning of "correct" for the checker, in the style of Porcupine's models.
 *
 * <p>Required: an {@link #initial() initial state} and a {@link #step step}. Optional: a
 * {@link #partition partition} into independent pieces (per key, per lock), which lets the checker
 * search each piece on its own; words for an operation ({@link #describe}); and three hooks that
 * make the checker decisive on large histories without changing any verdict:
 * {@link #relevantUntil}, {@link #quickWitness} and {@link #witnessClosure}. The defaults are
 * correct for every model, only slower or less sharp. Shipped: {@link KeyValueModel} and
 * {@link LockModel}.
 *
 * @param <C> the commands clients issue
 * @param <R> the results answered commands give
 * @param <S> the state; a value (equals and hashCode), since the search remembers which
 *            (operations done, state) pairs it has explored
 */
public interface Model<C, R, S> {

    /** The state before any operation. */
    S initial();

    /**
     * The state after {@code operation} takes effect in {@code state}, or empty when it could not
     * have given its recorded result from this state. An operation without an answer
     * ({@link Outcome#UNKNOWN}, result null) constrains nothing: only its effect counts, and when
     * its effect depends on something it does not know (a generation granted) the step takes the
     * most permissive reading. Failed operations never reach the step.
     */
    Optional<S> step(S state, Operation<C, R> operation);

    /**
     * The independent piece {@code command} belongs to: operations of different pieces never affect
     * one another, so a history is linearizable exactly when each piece is (P-compositionality).
     * One piece, named "", unless a model says otherwise.
     */
    default String partition(C command) {
        return "";
    }

    /** What a piece is called in explanations: "key", "lock". */
    default String pieceName() {
        return "piece";
    }

    /** Whether {@code command} changes nothing (a read): without an answer it tells nothing, and is left out. */
    default boolean readOnly(C command) {
        return false;
    }

    /**
     * Whether {@code command} is a blind write: from every state it is legal and leads to the same
     * state, whatever it answered (a key-value write). The search then never places an operation
     * without an answer just before it, since the write would hide it at once (leaving it out is
     * never worse). False unless a model says otherwise.
     */
    default boolean blind(C command) {
        return false;
    }

    /** Rejects an operation the model cannot judge, with an {@link IllegalArgumentException} saying what to fix. */
    default void validate(Operation<C, R> operation) {
    }

    /** An operation and its answer in a person's words: {@code read(x) -> 1}, {@code acquire(l) -> 7}. */
    default String describe(Operation<C, R> operation) {
        String text = String.valueOf(operation.command());
        if (operation.outcome() == Outcome.UNKNOWN) {
            return text + " (no answer)";
        }
        return text + " -> " + operation.result();
    }

    /**
     * For each operation of {@code piece} without an answer: the latest time at which its taking
     * effect can still matter to an answered operation. Past it, leaving the operation out is
     * always at least as good as placing it, so the search drops it there instead of carrying it as
     * an open choice to the end of the history. {@link Long#MIN_VALUE} says no answer can depend on
     * it (the checker removes it); {@link Long#MAX_VALUE}, the default, says it may matter at any
     * time. Entries for answered operations are ignored.
     *
     * @param piece the piece's operations that take part (no failed ones, no unanswered reads), in
     *              order of invocation
     * @return one time per operation of {@code piece}, in the same order
     */
    default long[] relevantUntil(List<Operation<C, R>> piece) {
        long[] until = new long[piece.size()];
        Arrays.fill(until, Long.MAX_VALUE);
        return until;
    }

    /**
     * A few operations of {@code piece} that cannot be linearized on their own, found without a
     * search (a read of a value nobody wrote), or empty. The checker confirms the candidate with a
     * search before it believes it, so a wrong guess costs time, never a wrong verdict; but the
     * candidate must be a witness in the sense of {@link #witnessClosure}.
     */
    default Optional<List<Operation<C, R>>> quickWitness(List<Operation<C, R>> piece) {
        return Optional.empty();
    }

    /**
     * For shrinking: the ids of {@code kept} plus every operation of {@code piece} they need, such
     * that the operations with the returned ids are a <em>witness</em>: if {@code piece} can be
     * linearized, so can they. Shrinking removes operations only as far as this allows, so the
     * smallest failing piece it finds proves that the whole history fails.
     *
     * <p>The default holds for every model: keep every operation invoked no later than the last
     * answer among the operations kept (growing that horizon with each answered operation it
     * adds). Take a valid order of the whole piece and drop the others: each dropped operation was
     * invoked after every kept one had answered, so it comes after all of them in that order, and
     * kept operations without an answer that come later can be left out. A model that knows where
     * each result came from can keep far less, as {@link KeyValueModel} does.
     */
    default Set<Long> witnessClosure(Set<Long> kept, List<Operation<C, R>> piece) {
        long horizon = Long.MIN_VALUE;
        for (Operation<C, R> op : piece) {
            if (kept.contains(op.id()) && op.outcome() == Outcome.OK) {
                horizon = Math.max(horizon, op.completedAt());
            }
        }
        Set<Long> ids = new HashSet<>(kept);
        List<Operation<C, R>> byInvocation = piece.stream()
                .sorted(Comparator.comparingLong(Operation::invokedAt)).toList();
        for (Operation<C, R> op : byInvocation) {
            if (op.invokedAt() <= horizon) {
                ids.add(op.id());
                if (op.outcome() == Outcome.OK) {
                    horizon = Math.max(horizon, op.completedAt());
                }
            }
        }
        return ids;
    }

    /**
     * The failing piece's well-known shape in words (a stale read, two holders of one lock), or
     * empty. Each named shape must be a sufficient reason on its own: the verdict comes from the
     * search, the words only explain it.
     *
     * @param failing    the shrunk failing operations
     * @param wholePiece every operation of the piece, failed ones included
     */
    default Optional<String> anomaly(List<Operation<C, R>> failing, List<Operation<C, R>> wholePiece) {
        return Optional.empty();
    }
}
