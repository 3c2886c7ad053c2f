package dev.kata.runtime.checker;

import static dev.kata.runtime.checker.Ops.cas;
import static dev.kata.runtime.checker.Ops.failed;
import static dev.kata.runtime.checker.Ops.ms;
import static dev.kata.runtime.checker.Ops.read;
import static dev.kata.runtime.checker.Ops.unknown;
import static dev.kata.runtime.checker.Ops.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kata.runtime.checker.LinearizabilityResult.Verdict;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The linearizability checker")
class LinearizabilityCheckerTest {

    private final LinearizabilityChecker<KvCommand, String> checker = LinearizabilityChecker.keyValue();

    @SafeVarargs
    private LinearizabilityResult<KvCommand, String> check(Operation<KvCommand, String>... operations) {
        List<Operation<KvCommand, String>> history = new ArrayList<>();
        for (Operation<KvCommand, String> op : operations) {
            history.add(op);
        }
        return checker.check(history);
    }

    @Nested
    @DisplayName("with operations one after another")
    class Sequential {

        @Test
        @DisplayName("accepts an empty history")
        void emptyHistory() {
            assertThat(check().verdict()).isEqualTo(Verdict.LINEARIZABLE);
        }

        @Test
        @DisplayName("accepts a read that sees the value written before it")
        void readAfterWrite() {
            assertThat(check(
                    write(0, "A", "x", "1", 0, 10),
                    read(1, "B", "x", "1", 20, 30)).isLinearizable()).isTrue();
        }

        @Test
        @DisplayName("sees an absent key as null, before any write and after a delete")
        void absentIsNull() {
            assertThat(check(
                    read(0, "A", "x", null, 0, 10),
                    write(1, "A", "x", "1", 20, 30),
                    write(2, "A", "x", null, 40, 50),
                    read(3, "B", "x", null, 60, 70)).isLinearizable()).isTrue();
        }

        @Test
        @DisplayName("rejects a read of the value before the last completed write")
        void readOfOverwrittenValue() {
            assertThat(check(
                    write(0, "A", "x", "1", 0, 10),
                    write(1, "A", "x", "2", 20, 30),
                    read(2, "B", "x", "1", 40, 50)).verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        }

        @Test
        @DisplayName("rejects a read of null after a completed write")
        void readOfNullAfterWrite() {
            LinearizabilityResult<KvCommand, String> result = check(
                    write(0, "A", "x", "1", 0, 10),
                    read(1, "B", "x", null, 20, 30));

            assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
            assertThat(result.explanation()).contains("A stale read: read(x) -> null began at 20.000 ms, after"
                    + " write(x, 1) had completed at 10.000 ms, so it must see 1 or a later value.");
        }
    }

    @Nested
    @DisplayName("with concurrent operations")
    class Concurrent {

        @Test
        @DisplayName("lets a read overlapping a write see the old value or the new one")
        void readOverlappingWrite() {
            Operation<KvCommand, String> slowWrite = write(0, "A", "x", "1", 0, 100);

            assertThat(check(slowWrite, read(1, "B", "x", null, 10, 20)).isLinearizable()).isTrue();
            assertThat(check(slowWrite, read(1, "B", "x", "1", 10, 20)).isLinearizable()).isTrue();
        }

        @Test
        @DisplayName("lets two overlapping writes take effect in either order")
        void overlappingWritesEitherOrder() {
            Operation<KvCommand, String> one = write(0, "A", "x", "1", 0, 50);
            Operation<KvCommand, String> two = write(1, "B", "x", "2", 10, 60);

            assertThat(check(one, two, read(2, "C", "x", "1", 70, 80)).isLinearizable()).isTrue();
            assertThat(check(one, two, read(2, "C", "x", "2", 70, 80)).isLinearizable()).isTrue();
        }

        @Test
        @DisplayName("but not in both orders at once")
        void overlappingWritesOneOrder() {
            LinearizabilityResult<KvCommand, String> result = check(
                    write(0, "A", "x", "1", 0, 50),
                    write(1, "B", "x", "2", 10, 60),
                    read(2, "C", "x", "1", 70, 80),
                    read(3, "C", "x", "2", 90, 100));

            assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
            assertThat(result.operationIds()).containsExactly(0L, 1L, 2L, 3L);
            // No named anomaly fits: neither read alone is stale, only the two together are wrong.
            assertThat(result.explanation()).endsWith("No simple anomaly explains it on its own: try to order"
                    + " these operations by hand, each at one instant within its interval, and see which result"
                    + " cannot be given.");
        }

        @Test
        @DisplayName("rejects two reads during one write that see the new value, then the old one")
        void newThenOldDuringWrite() {
            LinearizabilityResult<KvCommand, String> result = check(
                    write(0, "A", "x", "1", 0, 100),
                    read(1, "B", "x", "1", 10, 20),
                    read(2, "C", "x", null, 30, 40));

            assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
            assertThat(result.operationIds()).containsExactly(0L, 1L, 2L);
            assertThat(result.explanation()).contains("A stale read: read(x) -> null began at 30.000 ms, after"
                    + " read(x) -> 1 had completed at 20.000 ms, so it must see 1 or a later value.");
        }

        @Test
        @DisplayName("counts an operation invoked at the instant another completed as concurrent with it")
        void touchingIntervalsAreConcurrent() {
            assertThat(check(
                    write(0, "A", "x", "1", 0, 10),
                    read(1, "B", "x", null, 10, 20)).isLinearizable()).isTrue();
        }
    }

    @Nested
    @DisplayName("with unknown outcomes")
    class UnknownOutcomes {

        @Test
        @DisplayName("lets a write without an answer explain a later read")
        void unknownWriteExplainsRead() {
            assertThat(check(
                    unknown(0, "A", new KvCommand.Write("x", "1"), 0),
                    read(1, "B", "x", "1", 50, 60)).isLinearizable()).isTrue();
        }

        @Test
        @DisplayName("lets a write without an answer never happen")
        void unknownWriteNeverHappened() {
            assertThat(check(
                    unknown(0, "A", new KvCommand.Write("x", "1"), 0),
                    read(1, "B", "x", null, 50, 60),
                    read(2, "B", "x", null, 500, 600)).isLinearizable()).isTrue();
        }

        @Test
        @DisplayName("lets a write without an answer take effect long after its client gave up")
        void unknownWriteTakesEffectLate() {
            assertThat(check(
                    unknown(0, "A", new KvCommand.Write("x", "1"), 0),
                    read(1, "B", "x", null, 50, 60),
                    read(2, "B", "x", "1", 5_000, 5_010)).isLinearizable()).isTrue();
        }

        @Test
        @DisplayName("ignores the completion time of an unknown operation written by hand")
        void unknownCompletionIgnored() {
            Operation<KvCommand, String> gaveUpAt10 = new Operation<>(0, "A", new KvCommand.Write("x", "1"), ms(0), ms(10),
                    Outcome.UNKNOWN, null);

            assertThat(check(gaveUpAt10, read(1, "B", "x", null, 50, 60), read(2, "B", "x", "1", 70, 80))
                    .isLinearizable()).isTrue();
        }

        @Test
        @DisplayName("but once its value was read, a later read cannot go back to the value before it")
        void onceSeenCannotBeUnseen() {
            LinearizabilityResult<KvCommand, String> result = check(
                    unknown(0, "A", new KvCommand.Write("x", "1"), 0),
                    read(1, "B", "x", "1", 50, 60),
                    read(2, "C", "x", null, 100, 110));

            assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
            assertThat(result.operationIds()).containsExactly(0L, 1L, 2L);
            assertThat(result.explanation())
                    .contains("write(x, 1) (no answer)", "0.000 ms ..  no answer")
                    .contains("A stale read: read(x) -> null began at 100.000 ms, after read(x) -> 1 had completed"
                            + " at 60.000 ms, so it must see 1 or a later value.");
        }

        @Test
        @DisplayName("drops a read without an answer, whatever result it carries")
        void unknownReadDropped() {
            Operation<KvCommand, String> confusedRead = new Operation<>(1, "B", new KvCommand.Read("x"), ms(20), Long.MAX_VALUE,
                    Outcome.UNKNOWN, "garbage");

            assertThat(check(write(0, "A", "x", "1", 0, 10), confusedRead).isLinearizable()).isTrue();
        }

        @Test
        @DisplayName("treats operations still in flight in a recorded History as unknown")
        void inFlightIsUnknown() {
            History<KvCommand, String> history = new History<>();
            history.invoke("A", new KvCommand.Write("x", "1"), ms(0));
            long read = history.invoke("B", new KvCommand.Read("x"), ms(5));
            history.ok(read, "1", ms(15));

            assertThat(checker.check(history).isLinearizable()).isTrue();
        }

        @Test
        @DisplayName("lets a compare-and-set without an answer take effect, when it would have succeeded")
        void unknownCas() {
            assertThat(check(
                    write(0, "A", "x", "1", 0, 10),
                    unknown(1, "B", new KvCommand.CompareAndSet("x", "1", "2"), 20),
                    read(2, "C", "x", "2", 50, 60)).isLinearizable()).isTrue();
            assertThat(check(
                    write(0, "A", "x", "1", 0, 10),
                    unknown(1, "B", new KvCommand.CompareAndSet("x", "7", "2"), 20),
                    read(2, "C", "x", "2", 50, 60)).isLinearizable()).isFalse();
        }
    }

    @Nested
    @DisplayName("with failed operations")
    class FailedOperations {

        @Test
        @DisplayName("ignores a failed write: it never happened")
        void failedWriteIgnored() {
            assertThat(check(
                    write(0, "A", "x", "1", 0, 10),
                    failed(1, "B", new KvCommand.Write("x", "2"), 20, 30),
                    read(2, "C", "x", "1", 40, 50)).isLinearizable()).isTrue();
        }

        @Test
        @DisplayName("ignores a failed compare-and-set")
        void failedCasIgnored() {
            assertThat(check(
                    write(0, "A", "x", "1", 0, 10),
                    failed(1, "B", new KvCommand.CompareAndSet("x", "1", "2"), 20, 30),
                    read(2, "C", "x", "1", 40, 50)).isLinearizable()).isTrue();
        }

        @Test
        @DisplayName("rejects a read of a value only a failed write wrote, and says so")
        void failedWriteSeen() {
            LinearizabilityResult<KvCommand, String> result = check(
                    write(0, "A", "x", "1", 0, 10),
                    failed(1, "B", new KvCommand.Write("x", "2"), 20, 30),
                    read(2, "C", "x", "2", 40, 50));

            assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
            assertThat(result.operationIds()).containsExactly(2L);
            assertThat(result.explanation()).contains("A failed write took effect: read(x) -> 2, but the only write"
                    + " of 2, write(x, 2) by client B, failed at 30.000 ms.");
        }
    }

    @Nested
    @DisplayName("with compare-and-set")
    class CompareAndSet {

        @Test
        @DisplayName("accepts a success when the key held the expected value, and a refusal when it did not")
        void successAndRefusal() {
            assertThat(check(
                    write(0, "A", "x", "1", 0, 10),
                    cas(1, "B", "x", "1", "2", true, 20, 30),
                    cas(2, "C", "x", "1", "3", false, 40, 50),
                    read(3, "A", "x", "2", 60, 70)).isLinearizable()).isTrue();
        }

        @Test
        @DisplayName("treats an absent key as holding null, so a compare-and-set from null creates it")
        void createIfAbsent() {
            assertThat(check(
                    cas(0, "A", "x", null, "1", true, 0, 10),
                    cas(1, "B", "x", null, "2", false, 20, 30),
                    read(2, "C", "x", "1", 40, 50)).isLinearizable()).isTrue();
        }

        @Test
        @DisplayName("rejects a success when the key held another value")
        void wrongSuccess() {
            assertThat(check(
                    write(0, "A", "x", "1", 0, 10),
                    cas(1, "B", "x", "7", "2", true, 20, 30)).verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        }

        @Test
        @DisplayName("rejects a refusal when the key held the expected value and nothing else ran")
        void wrongRefusal() {
            LinearizabilityResult<KvCommand, String> result = check(
                    write(0, "A", "x", "1", 0, 10),
                    cas(1, "B", "x", "1", "2", false, 20, 30));

            assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
            assertThat(result.operationIds()).containsExactly(0L, 1L);
            assertThat(result.explanation()).contains("A wrong refusal: cas(x, 1 -> 2) -> false began at 20.000 ms,"
                    + " after write(x, 1) had completed at 10.000 ms, and nothing can have changed x to another value"
                    + " since, so it held 1 and the compare-and-set must have succeeded.");
        }

        @Test
        @DisplayName("accepts a refusal when a concurrent write may have changed the value first")
        void refusalExplainedByConcurrentWrite() {
            assertThat(check(
                    write(0, "A", "x", "1", 0, 10),
                    write(1, "C", "x", "5", 15, 40),
                    cas(2, "B", "x", "1", "2", false, 20, 30)).isLinearizable()).isTrue();
        }
    }

    @Nested
    @DisplayName("recognises the classic anomalies")
    class ClassicAnomalies {

        /**
         * The old leader n1 is cut off from the others but still thinks it leads. A client writes
         * 2 through the new leader, on the majority side; another client then reads from n1 and
         * gets the old value.
         * <pre>
         *   A (via n1)  |--write(x, 1)--|
         *   B (via n3)                      |--write(x, 2)--|
         *   C (via n1)                                           |--read(x) -> 1--|
         *               0              10  20              30    40               50 ms
         *                     ~~~~ partition {n1} | {n2, n3} from 15 ms ~~~~
         * </pre>
         */
        @Test
        @DisplayName("the stale read after a partition, with the whole explanation")
        void staleReadAfterPartition() {
            LinearizabilityResult<KvCommand, String> result = check(
                    write(0, "A", "x", "1", 0, 10),
                    write(1, "B", "x", "2", 20, 30),
                    read(2, "C", "x", "1", 40, 50));

            assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
            assertThat(result.piece()).isEqualTo("x");
            assertThat(result.operationIds()).containsExactly(0L, 1L, 2L);
            assertThat(result.explanation()).isEqualTo("""
                    Not linearizable: key x. No order of these 3 operations, each taking effect at one instant \
                    between its invocation and its answer, explains every result:
                      op 0  client A  write(x, 1)    0.000 ms .. 10.000 ms
                      op 1  client B  write(x, 2)   20.000 ms .. 30.000 ms
                      op 2  client C  read(x) -> 1  40.000 ms .. 50.000 ms
                    A stale read: read(x) -> 1 began at 40.000 ms, after write(x, 2) had completed at 30.000 ms, \
                    so it must see 2 or a later value. 1 came from write(x, 1), which had completed at 10.000 ms.""");
        }

        /**
         * Two clients increment a counter with compare-and-set, both from 0. A correct store lets
         * only one of them succeed; this one let both, so one increment is lost.
         * <pre>
         *   A  |-w(x,0)-|  |--cas(x, 0 -> 1) -> true--|
         *   B                 |--cas(x, 0 -> 1) -> true--|
         * </pre>
         */
        @Test
        @DisplayName("the lost update: two compare-and-sets from the same value both succeed")
        void lostUpdate() {
            LinearizabilityResult<KvCommand, String> result = check(
                    write(0, "A", "x", "0", 0, 5),
                    cas(1, "A", "x", "0", "1", true, 10, 20),
                    cas(2, "B", "x", "0", "1", true, 12.5, 22.5));

            assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
            assertThat(result.operationIds()).containsExactly(0L, 1L, 2L);
            assertThat(result.explanation()).contains("A lost update: cas(x, 0 -> 1) -> true by client A"
                    + " (10.000 ms .. 20.000 ms) and cas(x, 0 -> 1) -> true by client B (12.500 ms .. 22.500 ms)"
                    + " both succeeded, but only one of them can have found 0");
        }

        @Test
        @DisplayName("a read from the future: the value read was written only after the read completed")
        void readFromTheFuture() {
            LinearizabilityResult<KvCommand, String> result = check(
                    read(0, "B", "x", "1", 0, 10),
                    write(1, "A", "x", "1", 20, 30));

            assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
            assertThat(result.operationIds()).containsExactly(0L);
            assertThat(result.explanation()).contains("A read from the future: read(x) -> 1 completed at 10.000 ms,"
                    + " before any write of 1 began (the first, write(x, 1), began at 20.000 ms).");
        }

        @Test
        @DisplayName("a value from nowhere: nobody wrote what was read")
        void valueFromNowhere() {
            LinearizabilityResult<KvCommand, String> result = check(
                    write(0, "A", "x", "1", 0, 10),
                    read(1, "B", "x", "42", 20, 30));

            assertThat(result.operationIds()).containsExactly(1L);
            assertThat(result.explanation()).contains("A value from nowhere: read(x) -> 42, but no operation wrote 42 to x.");
        }
    }

    @Nested
    @DisplayName("with several keys")
    class SeveralKeys {

        @Test
        @DisplayName("checks each key on its own, so operations on different keys never constrain each other")
        void keysAreIndependent() {
            assertThat(check(
                    write(0, "A", "x", "1", 0, 10),
                    write(1, "A", "y", "1", 20, 30),
                    read(2, "B", "x", "1", 40, 50),
                    read(3, "B", "y", "1", 40, 50)).isLinearizable()).isTrue();
        }

        @Test
        @DisplayName("names the one bad key and shows only its operations")
        void onlyOneKeyBad() {
            LinearizabilityResult<KvCommand, String> result = check(
                    write(0, "A", "x", "1", 0, 10),
                    write(1, "B", "y", "a", 0, 10),
                    read(2, "C", "x", "1", 20, 30),
                    write(3, "B", "y", "b", 20, 30),
                    write(4, "A", "z", "1", 35, 45),
                    read(5, "C", "y", "a", 40, 50),
                    read(6, "C", "z", "1", 50, 60));

            assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
            assertThat(result.piece()).isEqualTo("y");
            assertThat(result.operations()).allSatisfy(op -> assertThat(op.command().key()).isEqualTo("y"));
            assertThat(result.operationIds()).containsExactly(1L, 3L, 5L);
            assertThat(result.explanation()).startsWith("Not linearizable: key y.")
                    .doesNotContain("either");
        }

        @Test
        @DisplayName("shows the first bad key in alphabetical order and names the others")
        void twoKeysBad() {
            LinearizabilityResult<KvCommand, String> result = check(
                    write(0, "A", "y", "1", 0, 10),
                    read(1, "B", "y", null, 20, 30),
                    write(2, "A", "x", "1", 0, 10),
                    read(3, "B", "x", null, 20, 30));

            assertThat(result.piece()).isEqualTo("x");
            assertThat(result.operationIds()).containsExactly(2L, 3L);
            assertThat(result.explanation()).endsWith("Key y is not linearizable either.");
        }
    }

    @Nested
    @DisplayName("shrinks a failing history")
    class Shrinking {

        /**
         * Reads that saw what they should are noise around the one stale read (op 4).
         * <pre>
         *   A  |-write(x, 1)-|
         *   D                  |r -> 1|                |r -> 2|                 |--r -> 2--|
         *   B                           |-write(x, 2)-|
         *   C                                                  |-read(x) -> 1-|
         * </pre>
         */
        @Test
        @DisplayName("to a piece from which no operation can be removed")
        void minimalPiece() {
            Operation<KvCommand, String> writeOne = write(0, "A", "x", "1", 0, 10);
            Operation<KvCommand, String> writeTwo = write(2, "B", "x", "2", 20, 30);
            Operation<KvCommand, String> staleRead = read(4, "C", "x", "1", 40, 50);
            LinearizabilityResult<KvCommand, String> result = check(
                    writeOne,
                    read(1, "D", "x", "1", 12, 15),
                    writeTwo,
                    read(3, "D", "x", "2", 32, 35),
                    staleRead,
                    write(5, "E", "y", "9", 0, 100),
                    read(6, "D", "x", "2", 60, 70));

            assertThat(result.operations()).containsExactly(writeOne, writeTwo, staleRead);
            assertThat(check(writeOne, writeTwo, staleRead).verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
            // Without the newer write, or without the stale read, nothing is wrong any more.
            assertThat(check(writeOne, staleRead).isLinearizable()).isTrue();
            assertThat(check(writeOne, writeTwo).isLinearizable()).isTrue();
            // Without the older write the read would see a value from nowhere: a different failure,
            // not the one that happened, so the shrinker keeps the source of every value read.
            assertThat(check(writeTwo, staleRead).verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        }

        @Test
        @DisplayName("never blames a read that was fine by removing the write it read from")
        void keepsTheRealSource() {
            // Op 3 read the 1 written by op 2, not the 1 of op 0 that op 1 overwrote. Removing op 2
            // would make op 3 look stale; the real failure is op 5 reading null.
            LinearizabilityResult<KvCommand, String> result = check(
                    write(0, "A", "x", "1", 0, 10),
                    write(1, "A", "x", "2", 20, 30),
                    write(2, "A", "x", "1", 40, 50),
                    read(3, "B", "x", "1", 60, 70),
                    read(4, "B", "x", "1", 80, 90),
                    read(5, "B", "x", null, 100, 110));

            assertThat(result.operationIds()).doesNotContain(3L, 4L).contains(5L);
            assertThat(result.explanation()).contains("read(x) -> null began at 100.000 ms");
        }
    }

    @Nested
    @DisplayName("with a search budget")
    class Budget {

        /** A correct history of a thousand operations on one key, far more than 100 states' worth. */
        private List<Operation<KvCommand, String>> adversarial() {
            return LargeHistoryTest.simulateAtomicStore(7, 10, 100, List.of("x"));
        }

        @Test
        @DisplayName("gives up with an inconclusive verdict instead of hanging")
        void inconclusive() {
            LinearizabilityResult<KvCommand, String> result = LinearizabilityChecker.keyValue().withBudget(100).check(adversarial());

            assertThat(result.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
            assertThat(result.piece()).isEqualTo("x");
            assertThat(result.operations()).isEmpty();
            assertThat(result.explanation()).startsWith("Inconclusive: the search for key x (1000 operations) gave up"
                    + " after exploring 100 states").contains("says nothing about correctness");
        }

        @Test
        @DisplayName("fails an assertion when inconclusive: a test cannot claim what was not shown")
        void inconclusiveFailsAssertion() {
            LinearizabilityResult<KvCommand, String> result = LinearizabilityChecker.keyValue().withBudget(100).check(adversarial());

            assertThatThrownBy(result::assertLinearizable).isInstanceOf(AssertionError.class)
                    .hasMessageStartingWith("Inconclusive");
        }

        @Test
        @DisplayName("never turns a small budget into a wrong verdict")
        void smallBudgetNeverWrong() {
            LinearizabilityChecker<KvCommand, String> tiny = LinearizabilityChecker.keyValue().withBudget(2);
            LinearizabilityResult<KvCommand, String> result = tiny.check(List.of(
                    write(0, "A", "x", "1", 0, 10),
                    write(1, "B", "x", "2", 20, 30),
                    read(2, "C", "x", "2", 40, 50),
                    read(3, "C", "x", "2", 60, 70)));

            assertThat(result.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
        }

        @Test
        @DisplayName("must be at least one state")
        void budgetMustBePositive() {
            assertThatThrownBy(() -> LinearizabilityChecker.keyValue().withBudget(0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("the search budget must be at least 1 state, got 0");
        }
    }

    @Nested
    @DisplayName("reports")
    class Reports {

        @Test
        @DisplayName("a linearizable history in one sentence, with no key and no operations")
        void linearizableReport() {
            LinearizabilityResult<KvCommand, String> result = check(write(0, "A", "x", "1", 0, 10), write(1, "A", "y", "1", 0, 10));

            assertThat(result.piece()).isNull();
            assertThat(result.operations()).isEmpty();
            assertThat(result.explanation()).isEqualTo("Linearizable: 2 operations on 2 keys can be ordered so that"
                    + " each takes effect at one instant between its invocation and its answer.");
        }

        @Test
        @DisplayName("a failure as an AssertionError whose message is the explanation")
        void assertionMessage() {
            List<Operation<KvCommand, String>> history = List.of(write(0, "A", "x", "1", 0, 10), read(1, "B", "x", null, 20, 30));

            assertThatThrownBy(() -> LinearizabilityChecker.assertLinearizable(history))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage(checker.check(history).explanation());
        }

        @Test
        @DisplayName("times in milliseconds with three decimals")
        void milliseconds() {
            assertThat(Explainer.ms(12_500_000)).isEqualTo("12.500 ms");
            assertThat(Explainer.ms(1)).isEqualTo("0.000 ms");
            assertThat(Explainer.ms(3_000_000_000L)).isEqualTo("3000.000 ms");
        }

        @Test
        @DisplayName("its explanation as lines, for a trace page's summary")
        void lines() {
            LinearizabilityResult<KvCommand, String> result = check(write(0, "A", "x", "1", 0, 10), read(1, "B", "x", null, 20, 30));

            assertThat(result.explanationLines()).hasSize(4);
            assertThat(result.explanationLines().get(1)).contains("op 0", "client A", "write(x, 1)");
        }
    }

    @Nested
    @DisplayName("rejects a malformed history")
    class Misuse {

        @Test
        @DisplayName("an operation that completes before it is invoked")
        void completesBeforeInvoked() {
            assertThatThrownBy(() -> write(7, "A", "x", "1", 10, 5))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("operation 7 completes at 5000000, before its invocation at 10000000");
        }

        @Test
        @DisplayName("two operations with the same id")
        void duplicateIds() {
            assertThatThrownBy(() -> check(write(3, "A", "x", "1", 0, 10), read(3, "B", "x", "1", 20, 30)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("operation 3 (read(x) by client B) has the same id as write(x, 1) by client A;"
                            + " ids must be unique within a history (the explanation and the trace page refer to"
                            + " operations by id)");
        }

        @Test
        @DisplayName("an answered operation without a completion time")
        void okWithoutCompletion() {
            Operation<KvCommand, String> never = new Operation<>(1, "A", new KvCommand.Read("x"), 0, Long.MAX_VALUE, Outcome.OK, null);

            assertThatThrownBy(() -> check(never))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("operation 1 (read(x) by client A) is OK but has no completion time");
        }

        @Test
        @DisplayName("a compare-and-set answering neither true nor false")
        void casWithOddResult() {
            Operation<KvCommand, String> odd = new Operation<>(1, "A", new KvCommand.CompareAndSet("x", null, "1"), 0, 10, Outcome.OK, "yes");

            assertThatThrownBy(() -> check(odd))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("operation 1 (cas(x, null -> 1) by client A) is OK with result \"yes\";"
                            + " a compare-and-set answers \"true\" or \"false\"");
        }
    }
}
