package dev.kata.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Reading the results KataResultsListener writes")
class ResultsTest {

    @TempDir
    Path module;

    void results(String... lines) throws IOException {
        Files.createDirectories(Results.dir(module));
        Files.writeString(Results.dir(module).resolve("results-1.tsv"), String.join("\n", lines) + "\n");
    }

    @Test
    @DisplayName("a backslash followed by n in a failure message stays a backslash and an n; an escaped newline is a newline")
    void unescapeInOnePass() throws IOException {
        results("FAILED\tstep-1\tStep 1: Demo\tit fails\texpected C:\\\\new\\\\dir\\nbut was \\tnothing");

        Results.Row row = Results.read(module).get(0);

        assertThat(row.message()).isEqualTo("expected C:\\new\\dir\nbut was \tnothing");
    }

    @Test
    @DisplayName("a row is read as status, step, container, name and message")
    void fields() throws IOException {
        results("PASSED\tslow,step-3\tStep 3: Durability › when it crashes\tit recovers\t");

        assertThat(Results.read(module)).containsExactly(
                new Results.Row("PASSED", 3, "Step 3: Durability › when it crashes", "it recovers", "", 1));
    }

    @Test
    @DisplayName("a skipped test neither passes nor fails: it is left out of the rows and counted apart")
    void skipped() throws IOException {
        results("PASSED\tstep-1\tStep 1\ta\t",
                "SKIPPED\tstep-1\tStep 1\tb\tassumption not met",
                "FAILED\tstep-2\tStep 2\tc\tboom");

        assertThat(Results.read(module)).extracting(Results.Row::name).containsExactly("a", "c");
        assertThat(Results.skipped(module)).isEqualTo(1);
    }

    @Test
    @DisplayName("the seeds of a randomized test fold into one row that lists the failing seeds and the first message")
    void seedsFold() throws IOException {
        results("PASSED\tstep-4\tStep 4: Recovery › crash property\tseed 1\t",
                "FAILED\tstep-4\tStep 4: Recovery › crash property\tseed 2\tlost entry 7\\nreplay: ./kata test 01 --seed 2",
                "FAILED\tstep-4\tStep 4: Recovery › crash property\tseed 3\tlost entry 9",
                "PASSED\tstep-4\tStep 4: Recovery\ta plain test\t");

        List<Results.Row> rows = Results.read(module);

        assertThat(rows).hasSize(2);
        Results.Row sweep = rows.get(0);
        assertThat(sweep.name()).isEqualTo("crash property (3 seeds)");
        assertThat(sweep.container()).isEqualTo("Step 4: Recovery");
        assertThat(sweep.passed()).isFalse();
        assertThat(sweep.runs()).isEqualTo(3);
        assertThat(sweep.message()).isEqualTo("2 of 3 seeds fail: 2, 3\nThe first:\nlost entry 7\nreplay: ./kata test 01 --seed 2");
        assertThat(rows.get(1).name()).isEqualTo("a plain test");
    }

    @Test
    @DisplayName("a replayed seed keeps its seed in the name; a sweep that passes is one passing row")
    void oneSeedAndPassingSweep() throws IOException {
        results("FAILED\tstep-4\tStep 4: Recovery › crash property\tseed 17\tlost entry 7",
                "PASSED\tstep-5\tStep 5: Segments › roll property\tseed 1\t",
                "PASSED\tstep-5\tStep 5: Segments › roll property\tseed 2\t");

        List<Results.Row> rows = Results.read(module);

        assertThat(rows).extracting(Results.Row::name, Results.Row::passed, Results.Row::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple("crash property (seed 17)", false, "lost entry 7"),
                org.assertj.core.groups.Tuple.tuple("roll property (2 seeds)", true, ""));
    }

    @Test
    @DisplayName("no results directory means no rows")
    void nothing() {
        assertThat(Results.read(module)).isEmpty();
        assertThat(Results.skipped(module)).isZero();
    }
}
