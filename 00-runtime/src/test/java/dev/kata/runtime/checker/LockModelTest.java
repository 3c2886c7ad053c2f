package dev.kata.runtime.checker;

import static dev.kata.runtime.checker.Locks.acquire;
import static dev.kata.runtime.checker.Locks.acquireShared;
import static dev.kata.runtime.checker.Locks.release;
import static dev.kata.runtime.checker.Locks.tryAcquire;
import static dev.kata.runtime.checker.Locks.unknown;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kata.runtime.checker.LinearizabilityResult.Verdict;
import dev.kata.runtime.checker.LockCommand.Mode;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The lock model, with the linearizability checker")
class LockModelTest {

    private final LinearizabilityChecker<LockCommand, Long> checker = LinearizabilityChecker.of(LockModel.INSTANCE);

    @Test
    @DisplayName("accepts holders one after another, each with a greater generation")
    void holdersInTurn() {
        LinearizabilityResult<LockCommand, Long> result = checker.check(List.of(
                acquire(0, "c1", "l", 1, 0, 1),
                release(1, "c1", "l", 2, 3),
                acquire(2, "c2", "l", 2, 4, 5),
                release(3, "c2", "l", 6, 7)));

        assertThat(result.verdict()).as(result.explanation()).isEqualTo(Verdict.LINEARIZABLE);
        assertThat(result.explanation()).contains("on 1 lock");
    }

    @Test
    @DisplayName("accepts a grant that waited for the release that overlaps it")
    void grantWaitsForRelease() {
        LinearizabilityResult<LockCommand, Long> result = checker.check(List.of(
                acquire(0, "c1", "l", 1, 0, 1),
                acquire(1, "c2", "l", 2, 2, 10),
                release(2, "c1", "l", 5, 6)));

        assertThat(result.verdict()).as(result.explanation()).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    @DisplayName("rejects two exclusive holders at once, and says so")
    void twoHolders() {
        LinearizabilityResult<LockCommand, Long> result = checker.check(List.of(
                acquire(0, "c1", "l", 1, 0, 1),
                acquire(1, "c2", "l", 2, 2, 3),
                release(2, "c1", "l", 5, 6)));

        assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(result.piece()).isEqualTo("l");
        assertThat(result.operationIds()).contains(0L, 1L);
        assertThat(result.explanation()).startsWith("Not linearizable: lock l.")
                .contains("Two holders at once: acquire(l) -> generation 2 by client c2")
                .contains("while client c1 still held l");
    }

    @Test
    @DisplayName("rejects a generation that goes backwards, and says so")
    void generationBackwards() {
        LinearizabilityResult<LockCommand, Long> result = checker.check(List.of(
                acquire(0, "c1", "l", 5, 0, 1),
                release(1, "c1", "l", 2, 3),
                acquire(2, "c2", "l", 3, 4, 5)));

        assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(result.explanation()).contains("A generation went backwards: acquire(l) -> generation 3")
                .contains("must be greater than 5");
    }

    @Test
    @DisplayName("accepts shared holders together, but not an exclusive one among them")
    void sharedHolders() {
        assertThat(checker.check(List.of(
                acquireShared(0, "c1", "l", 1, 0, 1),
                acquireShared(1, "c2", "l", 1, 2, 3),
                release(2, "c1", "l", 4, 5),
                release(3, "c2", "l", 4, 5),
                acquire(4, "c3", "l", 2, 6, 7))).verdict()).isEqualTo(Verdict.LINEARIZABLE);

        LinearizabilityResult<LockCommand, Long> result = checker.check(List.of(
                acquireShared(0, "c1", "l", 1, 0, 1),
                acquireShared(1, "c2", "l", 1, 2, 3),
                acquire(2, "c3", "l", 2, 4, 5)));
        assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(result.explanation()).contains("Two holders at once");
    }

    @Test
    @DisplayName("accepts a refused tryAcquire while the lock is held, and rejects one while it is free")
    void refusals() {
        assertThat(checker.check(List.of(
                acquire(0, "c1", "l", 1, 0, 1),
                tryAcquire(1, "c2", "l", null, 2, 3))).verdict()).isEqualTo(Verdict.LINEARIZABLE);

        assertThat(checker.check(List.of(
                acquire(0, "c1", "l", 1, 0, 1),
                release(1, "c1", "l", 2, 3),
                tryAcquire(2, "c2", "l", null, 4, 5))).verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    @DisplayName("accepts a new holder after a session died, its release recorded without an answer")
    void deadSession() {
        LinearizabilityResult<LockCommand, Long> result = checker.check(List.of(
                acquire(0, "c1", "l", 1, 0, 1),
                unknown(1, "c1", new LockCommand.Release("l"), 5),
                acquire(2, "c2", "l", 2, 10, 11)));

        assertThat(result.verdict()).as(result.explanation()).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    @DisplayName("counts an unanswered grant as maybe taken, with a generation at least one greater")
    void unknownGrant() {
        assertThat(checker.check(List.of(
                unknown(0, "c1", new LockCommand.Acquire("l", Mode.EXCLUSIVE), 0),
                acquire(1, "c2", "l", 1, 5, 6))).verdict()).isEqualTo(Verdict.LINEARIZABLE);
        assertThat(checker.check(List.of(
                acquire(0, "c2", "l", 1, 0, 1),
                release(1, "c2", "l", 2, 3),
                unknown(2, "c1", new LockCommand.Acquire("l", Mode.EXCLUSIVE), 4),
                release(3, "c1", "l", 6, 7),
                acquire(4, "c3", "l", 2, 8, 9))).verdict())
                .as("c1's release shows it got the lock, so its generation was at least 2 and c3's must be greater")
                .isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    @DisplayName("rejects a release by a client that held nothing, and says so")
    void releaseByStranger() {
        LinearizabilityResult<LockCommand, Long> result = checker.check(List.of(
                acquire(0, "c1", "l", 1, 0, 1),
                release(1, "c2", "l", 2, 3)));

        assertThat(result.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(result.operationIds()).contains(1L);
        assertThat(result.explanation()).contains("A release by a client that held nothing: release(l) by client c2");
    }

    @Test
    @DisplayName("checks each lock on its own and names the failing one")
    void locksAreIndependent() {
        LinearizabilityResult<LockCommand, Long> result = checker.check(List.of(
                acquire(0, "c1", "a", 1, 0, 1),
                acquire(1, "c2", "b", 1, 0, 1),
                acquire(2, "c3", "b", 2, 2, 3)));

        assertThat(result.piece()).isEqualTo("b");
        assertThat(result.operationIds()).containsExactly(1L, 2L);
    }

    @Test
    @DisplayName("refuses an answered acquire without a generation, saying what to record")
    void acquireWithoutGeneration() {
        Operation<LockCommand, Long> bad = new Operation<>(0, "c1", new LockCommand.Acquire("l", Mode.EXCLUSIVE),
                0, 1, Outcome.OK, null);

        assertThatThrownBy(() -> checker.check(List.of(bad))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is OK without a generation");
    }
}
