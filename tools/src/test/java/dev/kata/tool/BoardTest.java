package dev.kata.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The board and a module's details")
class BoardTest {

    static final Module MODULE = new Module("01-wal");

    static Results.Row row(String status, int step, String container, String name, String message) {
        return new Results.Row(status, step, container, name, message, 1);
    }

    @Test
    @DisplayName("'Stuck?' names the first step with a failing test")
    void stuckNamesTheFailingStep() {
        List<Results.Row> rows = List.of(
                row("PASSED", 1, "Step 1: Encode", "a", ""),
                row("FAILED", 2, "Step 2: Append", "b", "expected 1 but was 0"),
                row("FAILED", 3, "Step 3: Durability", "c", "boom"));

        String details = Board.details(MODULE, rows);

        assertThat(details).contains("Step 1: Encode  (1/1 passed)", "  ✔ a", "Step 2: Append  (0/1 passed)", "  ✘ b",
                "      expected 1 but was 0");
        assertThat(details).endsWith("2 of 3 tests fail. Stuck? ./kata hint 01 2");
        assertThat(Board.firstFailingStep(rows)).isEqualTo(2);
    }

    @Test
    @DisplayName("a single test that passes says so, and a sweep's runs are counted apart from its tests")
    void passing() {
        assertThat(Board.details(MODULE, List.of(row("PASSED", 1, "Step 1: Encode", "a", ""))))
                .endsWith("The test passes.");
        assertThat(Board.details(MODULE, List.of(new Results.Row("PASSED", 4, "Step 4: Recovery", "p (9 seeds)", "", 9),
                row("PASSED", 4, "Step 4: Recovery", "q", ""))))
                .endsWith("All 2 tests pass (10 runs: a randomized test runs once per seed).");
    }

    @Test
    @DisplayName("a test that passes by showing a counterexample prints where its trace page is")
    void passingPage() {
        String details = Board.details(MODULE, List.of(
                row("PASSED", 0, "Step 0: A quorum is not consensus", "two decisions", "trace: /k/target/kata-traces/p.html")));

        assertThat(details).contains("  ✔ two decisions\n      trace: /k/target/kata-traces/p.html\n")
                .endsWith("The test passes.");
    }

    @Test
    @DisplayName("no rows means no test ran, and the learner is told to check the selection")
    void noRows() {
        assertThat(Board.details(MODULE, List.of())).isEqualTo("No test ran. (Check the --test or --step you gave.)");
    }

    @Test
    @DisplayName("a step's line shows passed of total, a bar, and done, ... or todo")
    void stepLine() {
        assertThat(Board.bar(3, 6)).isEqualTo("[#####.....]");
        assertThat(Board.bar(0, 0)).isEqualTo("[..........]");
    }
    @Test
    @DisplayName("on the workshop track a given step is marked given, and Next names the first failing step the learner writes")
    void givenSteps() {
        List<Results.Row> rows = List.of(
                row("PASSED", 1, "Step 1: Encode", "a", ""),
                row("FAILED", 6, "Step 6: Low-water mark", "b", "waits for step 7"),
                row("FAILED", 7, "Step 7: Store", "c", "TODO step-7"));

        String lines = Board.lines(MODULE, rows, java.util.Set.of(1, 6));

        assertThat(lines).contains("1/1   [##########] given", "0/1   [..........] given (waits for your steps)",
                "0/1   [..........] todo");
        assertThat(Board.next(MODULE, rows, java.util.Set.of(1, 6))).contains("Step 7: Store › c", "./kata test 01 --step 7");
        assertThat(Board.next(MODULE, rows, java.util.Set.of())).contains("Step 6: Low-water mark › b");
    }

    @Test
    @DisplayName("the room's line: module, the step the pair is on, passed of total for the steps they write, the track")
    void roomLine() {
        List<Results.Row> rows = List.of(
                row("PASSED", 1, "Step 1", "a", ""),
                row("PASSED", 7, "Step 7", "b", ""),
                row("FAILED", 7, "Step 7", "c", "boom"));

        assertThat(Board.roomLine(MODULE, rows, java.util.Set.of(1)))
                .isEqualTo("01-wal                 step 7       1/2   passed  workshop track");
        assertThat(Board.roomLine(MODULE, rows.subList(0, 2), java.util.Set.of()))
                .isEqualTo("01-wal                 done         2/2   passed  full track");
        assertThat(Board.roomLine(MODULE, List.of(), java.util.Set.of())).startsWith("01-wal                 no results");
    }
}
