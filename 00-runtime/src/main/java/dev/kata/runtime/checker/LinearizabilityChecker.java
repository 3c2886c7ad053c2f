package dev.kata.runtime.checker;

import dev.kata.runtime.checker.LinearizabilityResult.Verdict;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Decides whether a key-value history is linearizable: whether every operation can be given one
 * instant between its invocation and its answer such that, taken in the order of those instants,
 * the operations give exactly the answers the clients saw.
 *
 * <pre>{@code
 * LinearizabilityResult result = new LinearizabilityChecker().check(history);
 * result.assertLinearizable();   // or read result.verdict(), result.operationIds(), result.explanation()
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
 * Keys are independent registers, so each key is checked on its own (a history is linearizable
 * exactly when every key's part is), which keeps each search small. {@link LinearizationSearch}
 * does the search; when a key fails, {@link Shrinker} cuts its history down to a small piece that
 * still fails, and {@link Explainer} puts that piece into words.
 */
public final class LinearizabilityChecker {

    /**
     * Search states explored per key before giving up. A correct history of thousands of
     * operations by ten clients needs a few thousand; proving a failure takes more (every order
     * must be ruled out), and each write without an answer can double it. Exhausting this budget
     * takes a second or so.
     */
    public static final long DEFAULT_BUDGET = 200_000;

    /** All the searches of one shrinking together may explore this many times the budget. */
    private static final long SHRINK_BUDGET_FACTOR = 5;

    private final long budget;

    public LinearizabilityChecker() {
        this(DEFAULT_BUDGET);
    }

    /**
     * @param budget the most search states (a set of operations done and the key's value) to
     *               explore per key; past it the verdict is {@link Verdict#INCONCLUSIVE}. Time and
     *               memory grow with it: each state costs about a hundred bytes plus one bit per
     *               operation on the key.
     */
    public LinearizabilityChecker(long budget) {
        if (budget < 1) {
            throw new IllegalArgumentException("the search budget must be at least 1 state, got " + budget);
        }
        this.budget = budget;
    }

    /** Checks a recorded history; operations still in flight count as unknown. */
    public LinearizabilityResult check(History history) {
        return check(history.operations());
    }

    /**
     * Checks a history. On failure the result names the first failing key in alphabetical order and
     * lists the others in its explanation; a failing key wins over one the search gave up on.
     *
     * @throws IllegalArgumentException if the history is malformed (see the message)
     */
    public LinearizabilityResult check(List<Operation> operations) {
        Objects.requireNonNull(operations, "operations");
        validate(operations);
        Map<String, List<Operation>> byKey = new TreeMap<>();
        for (Operation op : operations) {
            byKey.computeIfAbsent(op.command().key(), key -> new ArrayList<>()).add(op);
        }

        String failingKey = null;
        List<String> otherFailingKeys = new ArrayList<>();
        String inconclusiveKey = null;
        for (Map.Entry<String, List<Operation>> entry : byKey.entrySet()) {
            Verdict verdict = LinearizationSearch.run(takingPart(entry.getValue()), budget).verdict();
            if (verdict == Verdict.NOT_LINEARIZABLE) {
                if (failingKey == null) {
                    failingKey = entry.getKey();
                } else {
                    otherFailingKeys.add(entry.getKey());
                }
            } else if (verdict == Verdict.INCONCLUSIVE && inconclusiveKey == null) {
                inconclusiveKey = entry.getKey();
            }
        }

        if (failingKey != null) {
            List<Operation> keyHistory = byKey.get(failingKey);
            long shrinkBudget = budget > Long.MAX_VALUE / SHRINK_BUDGET_FACTOR ? Long.MAX_VALUE : budget * SHRINK_BUDGET_FACTOR;
            Shrinker.Piece piece = Shrinker.shrink(takingPart(keyHistory), budget, shrinkBudget);
            return new LinearizabilityResult(Verdict.NOT_LINEARIZABLE, failingKey, piece.operations(),
                    Explainer.notLinearizable(failingKey, piece, keyHistory, otherFailingKeys));
        }
        if (inconclusiveKey != null) {
            return new LinearizabilityResult(Verdict.INCONCLUSIVE, inconclusiveKey, List.of(),
                    Explainer.inconclusive(inconclusiveKey, byKey.get(inconclusiveKey).size(), budget));
        }
        return new LinearizabilityResult(Verdict.LINEARIZABLE, null, List.of(),
                Explainer.linearizable(operations.size(), byKey.size()));
    }

    /** Checks with the default budget and throws an {@link AssertionError} explaining any failure. */
    public static void assertLinearizable(History history) {
        new LinearizabilityChecker().check(history).assertLinearizable();
    }

    /** Checks with the default budget and throws an {@link AssertionError} explaining any failure. */
    public static void assertLinearizable(List<Operation> operations) {
        new LinearizabilityChecker().check(operations).assertLinearizable();
    }

    /**
     * The operations the search must consider, in order of invocation: failed operations never
     * happened, and a read without an answer neither changed anything nor told anything.
     */
    private static List<Operation> takingPart(List<Operation> keyHistory) {
        return keyHistory.stream()
                .filter(op -> op.outcome() != Outcome.FAIL)
                .filter(op -> !(op.outcome() == Outcome.UNKNOWN && op.command() instanceof KvCommand.Read))
                .sorted(Comparator.comparingLong(Operation::invokedAt).thenComparingLong(Operation::id))
                .toList();
    }

    /** Rejects histories the checker cannot judge fairly, saying what is wrong and what to do. */
    private static void validate(List<Operation> operations) {
        Map<Long, Operation> byId = new HashMap<>();
        for (Operation op : operations) {
            Objects.requireNonNull(op, "a history must not contain null operations");
            String what = "operation " + op.id() + " (" + op.command() + " by client " + op.client() + ")";
            if (op.command() == null || op.command().key() == null) {
                throw new IllegalArgumentException(what + " has no command or no key; every operation"
                        + " reads, writes or compare-and-sets one key");
            }
            if (op.outcome() == null) {
                throw new IllegalArgumentException(what + " has no outcome; use Outcome.UNKNOWN if no answer came");
            }
            Operation twin = byId.put(op.id(), op);
            if (twin != null) {
                throw new IllegalArgumentException(what + " has the same id as " + twin.command() + " by client "
                        + twin.client() + "; ids must be unique within a history (the explanation and the trace"
                        + " page refer to operations by id)");
            }
            if (op.outcome() == Outcome.OK && op.completedAt() == Long.MAX_VALUE) {
                throw new IllegalArgumentException(what + " is OK but has no completion time (Long.MAX_VALUE);"
                        + " record the time its answer arrived, or make it UNKNOWN if none did");
            }
            if (op.outcome() == Outcome.OK && op.command() instanceof KvCommand.CompareAndSet
                    && !"true".equals(op.result()) && !"false".equals(op.result())) {
                throw new IllegalArgumentException(what + " is OK with result \"" + op.result()
                        + "\"; a compare-and-set answers \"true\" or \"false\"");
            }
        }
    }
}
