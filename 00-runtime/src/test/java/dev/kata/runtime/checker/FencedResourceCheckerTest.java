package dev.kata.runtime.checker;

import static dev.kata.runtime.checker.Locks.acquire;
import static dev.kata.runtime.checker.Locks.release;
import static dev.kata.runtime.checker.Locks.unknown;
import static dev.kata.runtime.checker.Ops.ms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kata.runtime.checker.LockCommand.Mode;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The fenced-resource checker")
class FencedResourceCheckerTest {

    /** c1 holds l with generation 1, stalls past its lease; c2 gets generation 2. */
    private static final List<Operation<LockCommand, Long>> LOCKS = List.of(
            acquire(0, "c1", "l", 1, 0, 1),
            unknown(1, "c1", new LockCommand.Release("l"), 5),
            acquire(2, "c2", "l", 2, 10, 11),
            release(3, "c2", "l", 30, 31));

    private static FencedWrite write(long id, String client, long generation, double at, boolean accepted) {
        return new FencedWrite(id, client, "l", generation, ms(at), accepted);
    }

    @Test
    @DisplayName("passes a resource that rejects the stalled holder's late write")
    void rejectsTheStaleWrite() {
        FencingResult result = FencedResourceChecker.check(LOCKS, List.of(
                write(0, "c1", 1, 2, true),
                write(1, "c2", 2, 12, true),
                write(2, "c1", 1, 15, false),
                write(3, "c2", 2, 16, true)));

        assertThat(result.isSafe()).as(result.explanation()).isTrue();
        assertThat(result.explanation()).startsWith("Safe: 4 writes");
    }

    @Test
    @DisplayName("passes a late write of the old holder that comes before any write of the new one")
    void lateButFirst() {
        FencingResult result = FencedResourceChecker.check(LOCKS, List.of(
                write(0, "c1", 1, 12, true),
                write(1, "c2", 2, 14, true)));

        assertThat(result.isSafe()).as(result.explanation()).isTrue();
    }

    @Test
    @DisplayName("catches an accepted write older than one the resource had seen, and says which")
    void staleWriteAccepted() {
        FencingResult result = FencedResourceChecker.check(LOCKS, List.of(
                write(0, "c1", 1, 2, true),
                write(1, "c2", 2, 12, true),
                write(2, "c1", 1, 15, true)));

        assertThat(result.violations()).extracting(FencedWrite::id).containsExactly(2L);
        assertThat(result.explanation()).contains("A stale holder got through: write 2 by client c1 with l's"
                + " generation 1 at 15.000 ms, accepted, but the resource had already seen write 1 by client c2");
        assertThatThrownBy(result::assertSafe).isInstanceOf(AssertionError.class).hasMessageStartingWith("Not safe");
    }

    @Test
    @DisplayName("counts a rejected newer write as seen")
    void rejectedWritesCount() {
        FencingResult result = FencedResourceChecker.check(LOCKS, List.of(
                write(0, "c2", 2, 12, false),
                write(1, "c1", 1, 15, true)));

        assertThat(result.violations()).extracting(FencedWrite::id).containsExactly(1L);
    }

    @Test
    @DisplayName("catches two holders' writes interleaved under one generation")
    void interleavedTenures() {
        List<Operation<LockCommand, Long>> locks = List.of(
                new Operation<>(0, "c1", new LockCommand.Acquire("l", Mode.SHARED), 0, ms(1), Outcome.OK, 1L),
                new Operation<>(1, "c2", new LockCommand.Acquire("l", Mode.SHARED), 0, ms(1), Outcome.OK, 1L));

        FencingResult result = FencedResourceChecker.check(locks, List.of(
                write(0, "c1", 1, 2, true),
                write(1, "c2", 1, 3, true),
                write(2, "c1", 1, 4, true)));

        assertThat(result.violations()).extracting(FencedWrite::id).containsExactly(2L);
        assertThat(result.explanation()).contains("Two tenures overlapped");
    }

    @Test
    @DisplayName("catches a write carrying a generation granted to another client")
    void borrowedGeneration() {
        FencingResult result = FencedResourceChecker.check(LOCKS, List.of(
                write(0, "c1", 2, 12, true)));

        assertThat(result.violations()).hasSize(1);
        assertThat(result.explanation()).contains("A generation that was never granted")
                .contains("granted generation 2 of l to client c2");
    }
}
