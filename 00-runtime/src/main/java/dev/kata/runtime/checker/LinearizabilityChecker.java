package dev.kata.runtime.checker;

import dev.kata.runtime.checker.LinearizabilityResult.Verdict;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decides whether a history is linearizable for a {@link Model}: whether every operation can be
 * given one instant between its invocation and its answer such that, taken in the order of those
 * instants, the model gives exactly the answers the clients saw.
 *
 * <pre>{@code
 * LinearizabilityResult<KvCommand, String> result = LinearizabilityChecker.keyValue().check(history);
 * result.assertLinearizable();   // or read result.verdict(), result.operationIds(), result.explanation()
 * LinearizabilityChecker.of(LockModel.INSTANCE).check(lockHistory).assertLinearizable();
 * }</pre>
 *
 * <h2>What the outcomes mean</h2>
 * <ul>
 *   <li>{@link Outcome#OK}: the operation took effect at some instant within its interval, with the
 *       recorded result.</li>
 *   <li>{@link Outcome#FAIL}: it never took effect. It is left out; a value only a failed write
 *       wrote must never be read.</li>
 *   <li>{@link Outcome#UNKNOWN}: it may have taken effect at any instant after its invocation,
 *       even long after the client gave up (the completion time is ignored), or never; its result
 *       is unconstrained, so an unknown read says nothing and is left out.</li>
 * </ul>
 *
 * <h2>How</h2>
 * The model partitions the history into independent pieces (keys, locks), and each piece is
 * checked on its own (a history is linearizable exactly when every piece is: P-compositionality),
 * which keeps each search small. For each piece, in this order:
 * <ol>
 *   <li>a look without search for an obvious witness ({@link Model#quickWitness}: a read of a
 *       value nobody wrote), confirmed by a search of those few operations;</li>
 *   <li>operations without an answer that no answer can depend on are left out, and the others
 *       are dropped where they stop mattering ({@link Model#relevantUntil});</li>
 *   <li>{@link LinearizationSearch} searches the rest, remembering (operations done, state) pairs.</li>
 * </ol>
 * When a piece fails, {@link Shrinker} cuts it down to a small part that still fails and is a
 * witness for the whole ({@link Model#witnessClosure}), and {@link Explainer} puts that part into
 * words. The search has a budget: past it the answer is {@link Verdict#INCONCLUSIVE}, never a hang.
 *
 * @param <C> the commands of the histories it checks
 * @param <R> their results
 */
public final class LinearizabilityChecker<C, R> {

    /**
     * Search states explored per piece before giving up. A correct history of tens of thousands
     * of operations by ten clients needs about as many; exhausting this budget takes a second or
     * so.
     */
    public static final long DEFAULT_BUDGET = 200_000;

    /** All the searches of one shrinking together may explore this many times the budget. */
    private static final long SHRINK_BUDGET_FACTOR = 5;

    private final Model<C, R, ?> model;
    private final long budget;

    private LinearizabilityChecker(Model<C, R, ?> model, long budget) {
        this.model = Objects.requireNonNull(model, "model");
        if (budget < 1) {
            throw new IllegalArgumentException("the search budget must be at least 1 state, got " + budget);
        }
        this.budget = budget;
    }

    /** A checker for {@code model}, with the {@link #DEFAULT_BUDGET default budget}. */
    public static <C, R> LinearizabilityChecker<C, R> of(Model<C, R, ?> model) {
        return new LinearizabilityChecker<>(model, DEFAULT_BUDGET);
    }

    /** A checker for key-value histories ({@link KeyValueModel}): keys are registers. */
    public static LinearizabilityChecker<KvCommand, String> keyValue() {
        return of(KeyValueModel.INSTANCE);
    }

    /**
     * The same checker with another budget: the most search states (operations done and the
     * model's state) to explore per piece; past it the verdict is {@link Verdict#INCONCLUSIVE}. Time
     * and memory grow with it, about a hundred bytes per state.
     */
    public LinearizabilityChecker<C, R> withBudget(long newBudget) {
        return new LinearizabilityChecker<>(model, newBudget);
    }

    public Model<C, R, ?> model() {
        return model;
    }

    public long budget() {
        return budget;
    }

    /** Checks a recorded history; operations still in flight count as unknown. */
    public LinearizabilityResult<C, R> check(History<C, R> history) {
        return check(history.operations());
    }

    /**
     * Checks a history. On failure the result names the first failing piece in alphabetical order
     * and lists the others in its explanation; a failing piece wins over one the search gave up on.
     *
     * @throws IllegalArgumentException if the history is malformed (see the message)
     */
    public LinearizabilityResult<C, R> check(List<Operation<C, R>> operations) {
        Objects.requireNonNull(operations, "operations");
        validate(operations);
        Map<String, List<Operation<C, R>>> byPiece = new TreeMap<>();
        for (Operation<C, R> op : operations) {
            byPiece.computeIfAbsent(model.partition(op.command()), piece -> new ArrayList<>()).add(op);
        }

        PieceHistory<C, R> failing = null;
        List<Operation<C, R>> failingStart = null;
        List<String> otherFailing = new ArrayList<>();
        String inconclusive = null;
        for (Map.Entry<String, List<Operation<C, R>>> entry : byPiece.entrySet()) {
            PieceHistory<C, R> piece = new PieceHistory<>(model, entry.getKey(), entry.getValue());
            Optional<List<Operation<C, R>>> witness = quickWitness(piece);
            Verdict verdict = Verdict.NOT_LINEARIZABLE;
            if (witness.isEmpty()) {
                // A first search with a tenth of the budget (but enough for a correct piece: a few
                // states per operation) decides most pieces; if it cannot, the operation it kept
                // stopping at is the likely culprit, and a few operations around it may prove the
                // failure at once. Only then the whole budget.
                long firstBudget = Math.min(budget, Math.max(budget / 10, 4L * piece.operations().size()));
                PieceHistory.Searched<C, R> searched = piece.search(piece.operations(), firstBudget);
                verdict = searched.verdict();
                if (verdict == Verdict.INCONCLUSIVE && searched.blocker() != null) {
                    witness = localWitness(piece, searched.blocker(), firstBudget);
                }
                if (witness.isPresent()) {
                    verdict = Verdict.NOT_LINEARIZABLE;
                } else if (verdict == Verdict.INCONCLUSIVE && firstBudget < budget) {
                    verdict = piece.search(piece.operations(), budget).verdict();
                }
            }
            if (verdict == Verdict.NOT_LINEARIZABLE) {
                if (failing == null) {
                    failing = piece;
                    failingStart = witness.orElse(piece.operations());
                } else {
                    otherFailing.add(entry.getKey());
                }
            } else if (verdict == Verdict.INCONCLUSIVE && inconclusive == null) {
                inconclusive = entry.getKey();
            }
        }

        if (failing != null) {
            long shrinkBudget = budget > Long.MAX_VALUE / SHRINK_BUDGET_FACTOR ? Long.MAX_VALUE : budget * SHRINK_BUDGET_FACTOR;
            Shrinker.Piece<C, R> shrunk = Shrinker.shrink(failing, failingStart, budget, shrinkBudget);
            return new LinearizabilityResult<>(Verdict.NOT_LINEARIZABLE, failing.name(),
                    shrunk.operations(),
                    Explainer.notLinearizable(failing, shrunk, otherFailing));
        }
        if (inconclusive != null) {
            return new LinearizabilityResult<>(Verdict.INCONCLUSIVE, inconclusive, List.of(),
                    Explainer.inconclusive(model, inconclusive, byPiece.get(inconclusive).size(), budget));
        }
        return new LinearizabilityResult<>(Verdict.LINEARIZABLE, null, List.of(),
                Explainer.linearizable(model, operations.size(), byPiece.size()));
    }

    /** The model's obvious witness, closed and confirmed by a (small) search, or empty. */
    private Optional<List<Operation<C, R>>> quickWitness(PieceHistory<C, R> piece) {
        Optional<List<Operation<C, R>>> suspect = model.quickWitness(piece.operations());
        if (suspect.isEmpty()) {
            return Optional.empty();
        }
        Set<Long> ids = new HashSet<>();
        suspect.get().forEach(op -> ids.add(op.id()));
        List<Operation<C, R>> candidate = piece.closed(ids);
        if (piece.search(candidate, budget).verdict() == Verdict.NOT_LINEARIZABLE) {
            return Optional.of(candidate);
        }
        return Optional.empty();
    }

    /**
     * When the search of a whole piece ran out of budget: proving a failure means ruling out every
     * order of everything before it, which for a long piece with unanswered operations is more than
     * a budget allows. But the search stopped again and again at one operation; a few operations
     * around it, closed into a witness ({@link Model#witnessClosure}), may fail on their own, and a
     * failing witness decides for the whole piece. Windows of 16, 64, 256 and 1024 operations
     * before it are tried, each search with {@code windowBudget} states.
     */
    private Optional<List<Operation<C, R>>> localWitness(PieceHistory<C, R> piece, Operation<C, R> blocker,
                                                         long windowBudget) {
        List<Operation<C, R>> ops = piece.operations();
        int at = ops.indexOf(blocker);
        for (int window = 16; window <= 1024 && window < ops.size(); window *= 4) {
            Set<Long> ids = new HashSet<>();
            for (int i = Math.max(0, at - window); i <= at; i++) {
                ids.add(ops.get(i).id());
            }
            List<Operation<C, R>> candidate = piece.closed(ids);
            if (candidate.size() >= ops.size()) {
                return Optional.empty(); // the model keeps everything: no smaller witness to try
            }
            if (piece.search(candidate, windowBudget).verdict() == Verdict.NOT_LINEARIZABLE) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Checks a key-value history with the default budget and throws an {@link AssertionError} explaining any failure. */
    public static void assertLinearizable(History<KvCommand, String> history) {
        keyValue().check(history).assertLinearizable();
    }

    /** Checks a key-value history with the default budget and throws an {@link AssertionError} explaining any failure. */
    public static void assertLinearizable(List<Operation<KvCommand, String>> operations) {
        keyValue().check(operations).assertLinearizable();
    }

    /** Rejects histories the checker cannot judge fairly, saying what is wrong and what to do. */
    private void validate(List<Operation<C, R>> operations) {
        Map<Long, Operation<C, R>> byId = new HashMap<>();
        for (Operation<C, R> op : operations) {
            Objects.requireNonNull(op, "a history must not contain null operations");
            String what = "operation " + op.id() + " (" + op.command() + " by client " + op.client() + ")";
            if (op.command() == null) {
                throw new IllegalArgumentException(what + " has no command; every operation asks something");
            }
            if (op.outcome() == null) {
                throw new IllegalArgumentException(what + " has no outcome; use Outcome.UNKNOWN if no answer came");
            }
            Operation<C, R> twin = byId.put(op.id(), op);
            if (twin != null) {
                throw new IllegalArgumentException(what + " has the same id as " + twin.command() + " by client "
                        + twin.client() + "; ids must be unique within a history (the explanation and the trace"
                        + " page refer to operations by id)");
            }
            if (op.outcome() == Outcome.OK && op.completedAt() == Long.MAX_VALUE) {
                throw new IllegalArgumentException(what + " is OK but has no completion time (Long.MAX_VALUE);"
                        + " record the time its answer arrived, or make it UNKNOWN if none did");
            }
            model.validate(op);
        }
    }
}
