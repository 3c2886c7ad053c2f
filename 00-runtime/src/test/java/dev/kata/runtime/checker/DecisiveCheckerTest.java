package dev.kata.runtime.checker;

import static dev.kata.runtime.checker.Ops.read;
import static dev.kata.runtime.checker.Ops.unknown;
import static dev.kata.runtime.checker.Ops.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.runtime.checker.LinearizabilityResult.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The histories on which the checker used to give up (INCONCLUSIVE) or blame the wrong
 * operations. Each is decided here with the default budget; {@link CheckerBenchmark} measures
 * them (well under 2 s each on two cores, shrinking included). The timeouts only catch a hang.
 */
@DisplayName("The linearizability checker decides")
class DecisiveCheckerTest {

    static final long SEED = 20_241_204L;

    private final LinearizabilityChecker<KvCommand, String> checker = LinearizabilityChecker.keyValue();

    @Nested
    @DisplayName("on 100,000 operations of 10 clients on 5 keys, with 2% unanswered")
    class HundredThousand {

        @Test
        @Timeout(value = 20, unit = TimeUnit.SECONDS)
        @DisplayName("that a history with one stale read in the middle is not linearizable, and shrinks it to the read")
        void staleRead() {
            CheckerCases.Planted planted = CheckerCases.staleReadInTheMiddle(SEED);

            LinearizabilityResult<KvCommand, String> result = checker.check(planted.history());

            assertThat(result.verdict()).as("seed %d: %s", SEED, result.explanation())
                    .isEqualTo(Verdict.NOT_LINEARIZABLE);
            assertThat(result.operationIds()).contains(planted.culprit().id());
            assertThat(result.operations()).hasSizeLessThan(10);
            assertThat(result.explanation()).contains("A stale read");
        }

        @Test
        @Timeout(value = 20, unit = TimeUnit.SECONDS)
        @DisplayName("that a read of a value nobody wrote is not linearizable, the read alone")
        void readOfNothing() {
            CheckerCases.Planted planted = CheckerCases.readOfNothingInTheMiddle(SEED);

            LinearizabilityResult<KvCommand, String> result = checker.check(planted.history());

            assertThat(result.verdict()).as("seed %d", SEED).isEqualTo(Verdict.NOT_LINEARIZABLE);
            assertThat(result.operationIds()).containsExactly(planted.culprit().id());
            assertThat(result.explanation()).contains("A value from nowhere");
        }

        @Test
        @Timeout(value = 20, unit = TimeUnit.SECONDS)
        @DisplayName("that the same history without the planted mistake is linearizable")
        void correct() {
            LinearizabilityResult<KvCommand, String> result = checker.check(CheckerCases.atomicStore(SEED));

            assertThat(result.verdict()).as("seed %d: %s", SEED, result.explanation()).isEqualTo(Verdict.LINEARIZABLE);
        }
    }

    @ParameterizedTest(name = "N = {0}")
    @ValueSource(ints = {10, 20, 1000})
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    @DisplayName("that N unanswered writes nobody reads, then a read of a value nobody wrote, are not linearizable")
    void unreadUnknownWritesThenReadOfNothing(int writes) {
        List<Operation<KvCommand, String>> history = CheckerCases.unreadUnknownWritesThenReadOfNothing(writes);

        LinearizabilityResult<KvCommand, String> result = checker.check(history);

        assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(result.operationIds()).containsExactly((long) writes);
        assertThat(result.explanation()).contains("A value from nowhere");
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    @DisplayName("that 16 pending unanswered writes on one key and reads of the first value are linearizable")
    void pendingWritesReadsOfFirst() {
        LinearizabilityResult<KvCommand, String> result = checker.check(CheckerCases.pendingWrites(16, false));

        assertThat(result.verdict()).as(result.explanation()).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    @DisplayName("that 16 pending unanswered writes on one key, each value read in turn, are linearizable")
    void pendingWritesEachRead() {
        LinearizabilityResult<KvCommand, String> result = checker.check(CheckerCases.pendingWrites(16, true));

        assertThat(result.verdict()).as(result.explanation()).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    @DisplayName("that 16 pending unanswered writes, each value read in turn, and one read of a value already replaced, are not")
    void pendingWritesThenStale() {
        List<Operation<KvCommand, String>> history = new ArrayList<>(CheckerCases.pendingWrites(16, true));
        history.add(read(1000, "late", "x", "v1", 1000, 1001));

        LinearizabilityResult<KvCommand, String> result = checker.check(history);

        assertThat(result.verdict()).as(result.explanation()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(result.operationIds()).contains(1000L);
    }

    /**
     * Fails only because of op 4 (b read after c was written); dropping write(x, a) would turn op 2
     * into a second, made-up failure ("b from nowhere"), since the compare-and-set wrote b only
     * because write(x, a) came before it.
     */
    private static List<Operation<KvCommand, String>> casThenStaleRead() {
        return List.of(
                write(0, "A", "x", "a", 0, 1),
                unknown(1, "B", new KvCommand.CompareAndSet("x", "a", "b"), 2),
                read(2, "C", "x", "b", 3, 4),
                write(3, "A", "x", "c", 5, 6),
                read(4, "C", "x", "b", 7, 8));
    }

    @Test
    @DisplayName("a smallest piece that is a real witness: an unanswered compare-and-set keeps the write that let it match")
    void casKeepsItsSource() {
        List<Operation<KvCommand, String>> history = casThenStaleRead();

        LinearizabilityResult<KvCommand, String> result = checker.check(history);

        assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(result.operationIds()).as("the stale read and the write it missed").contains(3L, 4L);
        if (result.operationIds().contains(1L)) {
            assertThat(result.operationIds()).as("the compare-and-set could only write b after write(x, a)")
                    .contains(0L);
        }
        List<Operation<KvCommand, String>> whole = new ArrayList<>(history);
        whole.removeIf(op -> op.id() == 4L);
        assertThat(checker.check(whole).verdict()).as("without the stale read, all is well").isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    @DisplayName("a piece with an unanswered compare-and-set whose expected value came from the write the old shrinker dropped")
    void casWitnessWithoutOtherReason() {
        List<Operation<KvCommand, String>> history = casThenStaleRead();

        LinearizabilityResult<KvCommand, String> result = checker.check(history);

        List<Operation<KvCommand, String>> piece = result.operations();
        List<Operation<KvCommand, String>> pieceWithoutStaleRead = piece.stream().filter(op -> op.id() != 4L).toList();
        assertThat(checker.check(pieceWithoutStaleRead).verdict())
                .as("the piece must fail for the history's reason only: without the stale read it is fine (piece %s)",
                        result.operationIds())
                .isEqualTo(Verdict.LINEARIZABLE);
    }
}
