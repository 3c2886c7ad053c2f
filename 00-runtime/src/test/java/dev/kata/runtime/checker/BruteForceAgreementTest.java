package dev.kata.runtime.checker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.runtime.checker.LinearizabilityResult.Verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The checker's search is clever; the definition of linearizability is simple. On small random
 * histories, both must agree: this test tries every order of every subset of unknown operations,
 * literally as the definition says, and compares.
 */
@DisplayName("On small random histories, the linearizability checker")
class BruteForceAgreementTest {

    private static final long SEED = 7_919L;
    private static final int HISTORIES = 300;

    @Test
    @DisplayName("agrees with trying every order, and its pieces fail on their own")
    void agreesWithBruteForce() {
        Random random = new Random(SEED);
        int failing = 0;
        for (int n = 0; n < HISTORIES; n++) {
            List<Operation<KvCommand, String>> history = randomHistory(random);
            LinearizabilityResult<KvCommand, String> result = LinearizabilityChecker.keyValue().check(history);

            boolean expected = linearizableByDefinition(history);
            assertThat(result.verdict())
                    .as("seed %d, history %d: %s", SEED, n, history)
                    .isEqualTo(expected ? Verdict.LINEARIZABLE : Verdict.NOT_LINEARIZABLE);
            if (!expected) {
                failing++;
                assertThat(history).containsAll(result.operations());
                assertThat(linearizableByDefinition(result.operations()))
                        .as("seed %d, history %d: the piece %s must fail on its own", SEED, n, result.operations())
                        .isFalse();
            }
        }
        // Both kinds must be well represented, or the comparison proves little.
        assertThat(failing).isBetween(HISTORIES / 5, HISTORIES * 4 / 5);
    }

    /** Up to seven operations of three clients on one key, with small values and times so that ties happen. */
    private static List<Operation<KvCommand, String>> randomHistory(Random random) {
        List<Operation<KvCommand, String>> ops = new ArrayList<>();
        String[] values = {null, "1", "2"};
        for (int c = 0; c < 3; c++) {
            long now = random.nextInt(5);
            int count = 1 + random.nextInt(c == 0 ? 3 : 2);
            for (int k = 0; k < count; k++) {
                long invokedAt = now + random.nextInt(4);
                long completedAt = invokedAt + random.nextInt(8);
                String value = values[random.nextInt(values.length)];
                String other = values[random.nextInt(values.length)];
                KvCommand command = switch (random.nextInt(3)) {
                    case 0 -> new KvCommand.Read("x");
                    case 1 -> new KvCommand.Write("x", value);
                    default -> new KvCommand.CompareAndSet("x", other, value);
                };
                int fate = random.nextInt(10);
                Outcome outcome = fate == 0 ? Outcome.FAIL : fate == 1 ? Outcome.UNKNOWN : Outcome.OK;
                String result = null;
                if (outcome == Outcome.OK && command instanceof KvCommand.Read) {
                    result = values[random.nextInt(values.length)];
                } else if (outcome == Outcome.OK && command instanceof KvCommand.CompareAndSet) {
                    result = Boolean.toString(random.nextBoolean());
                }
                long end = outcome == Outcome.UNKNOWN ? Long.MAX_VALUE : completedAt;
                ops.add(new Operation<>(ops.size(), "c" + c, command, invokedAt, end, outcome, result));
                now = completedAt + 1;
            }
        }
        return ops;
    }

    /**
     * Linearizable by the definition: some order of the answered operations and some of the
     * unanswered ones (never the failed ones) respects real time (an operation that completed
     * before another was invoked comes first) and, replayed on a register, gives every answer.
     */
    static boolean linearizableByDefinition(List<Operation<KvCommand, String>> history) {
        List<Operation<KvCommand, String>> required = history.stream().filter(op -> op.outcome() == Outcome.OK).toList();
        List<Operation<KvCommand, String>> optional = history.stream().filter(op -> op.outcome() == Outcome.UNKNOWN).toList();
        for (int subset = 0; subset < 1 << optional.size(); subset++) {
            List<Operation<KvCommand, String>> chosen = new ArrayList<>(required);
            for (int i = 0; i < optional.size(); i++) {
                if ((subset & 1 << i) != 0) {
                    chosen.add(optional.get(i));
                }
            }
            if (someOrderWorks(new ArrayList<>(), chosen)) {
                return true;
            }
        }
        return false;
    }

    private static boolean someOrderWorks(List<Operation<KvCommand, String>> order, List<Operation<KvCommand, String>> left) {
        if (left.isEmpty()) {
            return replays(order);
        }
        for (Operation<KvCommand, String> next : left) {
            boolean realTimeAllows = left.stream().noneMatch(other -> other.completedAt() < next.invokedAt());
            if (realTimeAllows) {
                List<Operation<KvCommand, String>> rest = new ArrayList<>(left);
                rest.remove(next);
                order.add(next);
                if (someOrderWorks(order, rest)) {
                    return true;
                }
                order.remove(order.size() - 1);
            }
        }
        return false;
    }

    private static boolean replays(List<Operation<KvCommand, String>> order) {
        String value = null;
        for (Operation<KvCommand, String> op : order) {
            boolean answered = op.outcome() == Outcome.OK;
            if (op.command() instanceof KvCommand.Read) {
                if (answered && !Objects.equals(op.result(), value)) {
                    return false;
                }
            } else if (op.command() instanceof KvCommand.Write write) {
                value = write.value();
            } else if (op.command() instanceof KvCommand.CompareAndSet cas) {
                boolean matches = Objects.equals(value, cas.expected());
                if (answered && matches != Boolean.parseBoolean(op.result())) {
                    return false;
                }
                if (matches) {
                    value = cas.value();
                }
            }
        }
        return true;
    }
}
