package dev.kata.runtime.checker;

import static org.assertj.core.api.Assertions.assertThat;

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
        BruteForce.assertAgreement(SEED, HISTORIES, BruteForceAgreementTest::randomHistory,
                LinearizabilityChecker.keyValue(), BruteForceAgreementTest::linearizableByDefinition);
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
        return BruteForce.linearizable(history, BruteForceAgreementTest::replays);
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
