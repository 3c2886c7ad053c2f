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
}
