package dev.kata.runtime.checker;

import dev.kata.runtime.checker.LockCommand.Mode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The checker's machinery (pruning, drops, local witnesses, shrinking with the default closure) on
 * a model other than the register: small random lock histories, compared with trying every order
 * on the lock model's own step.
 */
@DisplayName("On small random lock histories, the linearizability checker")
class LockBruteForceTest {

    private static final long SEED = 4_711L;
    private static final int HISTORIES = 400;

    @Test
    @DisplayName("agrees with trying every order, and its pieces fail on their own")
    void agreesWithBruteForce() {
        BruteForce.assertAgreement(SEED, HISTORIES, LockBruteForceTest::randomHistory,
                LinearizabilityChecker.of(LockModel.INSTANCE), LockBruteForceTest::linearizableByDefinition);
    }

    /**
     * Up to seven operations of three clients on one lock, times small so that ties happen. Each
     * client mostly alternates grants and releases, and generations mostly grow, so that both
     * verdicts are common.
     */
    private static List<Operation<LockCommand, Long>> randomHistory(Random random) {
        List<Operation<LockCommand, Long>> ops = new ArrayList<>();
        long[] generation = {0};
        for (int c = 0; c < 3; c++) {
            boolean holding = false;
            long now = random.nextInt(5);
            int count = 1 + random.nextInt(c == 0 ? 3 : 2);
            for (int k = 0; k < count; k++) {
                long invokedAt = now + random.nextInt(4);
                long completedAt = invokedAt + random.nextInt(8);
                Mode mode = random.nextBoolean() ? Mode.SHARED : Mode.EXCLUSIVE;
                int kind = random.nextInt(5) == 0 ? random.nextInt(3) : holding ? 2 : random.nextInt(2);
                LockCommand command = switch (kind) {
                    case 0 -> new LockCommand.Acquire("l", mode);
                    case 1 -> new LockCommand.TryAcquire("l", mode);
                    default -> new LockCommand.Release("l");
                };
                holding = kind != 2;
                int fate = random.nextInt(10);
                Outcome outcome = fate == 0 ? Outcome.FAIL : fate <= 2 ? Outcome.UNKNOWN : Outcome.OK;
                Long result = null;
                long granted = random.nextInt(5) == 0 ? 1L + random.nextInt(3) : ++generation[0];
                if (outcome == Outcome.OK && command instanceof LockCommand.Acquire) {
                    result = granted;
                } else if (outcome == Outcome.OK && command instanceof LockCommand.TryAcquire) {
                    result = random.nextInt(3) == 0 ? null : granted;
                }
                long end = outcome == Outcome.UNKNOWN ? Long.MAX_VALUE : completedAt;
                ops.add(new Operation<>(ops.size(), "c" + c, command, invokedAt, end, outcome, result));
                now = completedAt + 1;
            }
        }
        return ops;
    }

    /** Some order of the answered operations and some unanswered ones respects real time and replays on the model. */
    static boolean linearizableByDefinition(List<Operation<LockCommand, Long>> history) {
        return BruteForce.linearizable(history, order -> {
            LockState state = LockModel.INSTANCE.initial();
            for (Operation<LockCommand, Long> op : order) {
                Optional<LockState> after = LockModel.INSTANCE.step(state, op);
                if (after.isEmpty()) {
                    return false;
                }
                state = after.get();
            }
            return true;
        });
    }
}
