package dev.kata.runtime.checker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.runtime.checker.LinearizabilityResult.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Linearizability by its definition, for tiny histories: some order of the answered operations and
 * some of the unanswered ones (never the failed ones) respects real time (an operation that
 * completed before another was invoked comes first) and replays, giving every answer. Exponential:
 * the oracle the checker is compared with.
 */
final class BruteForce {

    private BruteForce() {
    }

    /**
     * Checks {@code histories} random histories with {@code checker} and compares each verdict with
     * {@code definition}; each failing piece must be part of its history and fail on its own. Both
     * verdicts must be well represented (a fifth to four fifths failing), or the comparison proves
     * little.
     */
    static <C, R> void assertAgreement(long seed, int histories, Function<Random, List<Operation<C, R>>> generator,
                                       LinearizabilityChecker<C, R> checker,
                                       Predicate<List<Operation<C, R>>> definition) {
        Random random = new Random(seed);
        int failing = 0;
        for (int n = 0; n < histories; n++) {
            List<Operation<C, R>> history = generator.apply(random);
            LinearizabilityResult<C, R> result = checker.check(history);

            boolean expected = definition.test(history);
            assertThat(result.verdict())
                    .as("seed %d, history %d: %s", seed, n, history)
                    .isEqualTo(expected ? Verdict.LINEARIZABLE : Verdict.NOT_LINEARIZABLE);
            if (!expected) {
                failing++;
                assertThat(history).containsAll(result.operations());
                assertThat(definition.test(result.operations()))
                        .as("seed %d, history %d: the piece %s must fail on its own", seed, n, result.operations())
                        .isFalse();
            }
        }
        assertThat(failing).isBetween(histories / 5, histories * 4 / 5);
    }

    /**
     * @param replays whether a complete order, replayed on the specification, gives every answer
     */
    static <C, R> boolean linearizable(List<Operation<C, R>> history, Predicate<List<Operation<C, R>>> replays) {
        List<Operation<C, R>> required = history.stream().filter(op -> op.outcome() == Outcome.OK).toList();
        List<Operation<C, R>> optional = history.stream().filter(op -> op.outcome() == Outcome.UNKNOWN).toList();
        for (int subset = 0; subset < 1 << optional.size(); subset++) {
            List<Operation<C, R>> chosen = new ArrayList<>(required);
            for (int i = 0; i < optional.size(); i++) {
                if ((subset & 1 << i) != 0) {
                    chosen.add(optional.get(i));
                }
            }
            if (someOrderWorks(new ArrayList<>(), chosen, replays)) {
                return true;
            }
        }
        return false;
    }

    private static <C, R> boolean someOrderWorks(List<Operation<C, R>> order, List<Operation<C, R>> left,
                                                 Predicate<List<Operation<C, R>>> replays) {
        if (left.isEmpty()) {
            return replays.test(order);
        }
        for (Operation<C, R> next : left) {
            boolean realTimeAllows = left.stream().noneMatch(other -> other.completedAt() < next.invokedAt());
            if (realTimeAllows) {
                List<Operation<C, R>> rest = new ArrayList<>(left);
                rest.remove(next);
                order.add(next);
                if (someOrderWorks(order, rest, replays)) {
                    return true;
                }
                order.remove(order.size() - 1);
            }
        }
        return false;
    }
}
