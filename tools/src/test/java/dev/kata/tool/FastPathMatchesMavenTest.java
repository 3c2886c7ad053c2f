package dev.kata.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The fast path runs exactly the tests Maven runs and gives exactly its verdicts: 01-wal's exercise
 * (every test fails or passes as its TODO stubs make it) run both ways, the results files compared
 * line by line. Maven runs it as ./kata does (a nested, offline build of 01-wal and the runtime);
 * this is the slowest test of the tool, about half a minute.
 */
@DisplayName("The fast path and Maven give the same results")
class FastPathMatchesMavenTest {

    @Test
    @DisplayName("01-wal's exercise, every test: the same rows, the same statuses, the same messages")
    void sameResultsAsMaven() throws Exception {
        Module module = Module.find("01");
        FastPath.Selection all = new FastPath.Selection(module, module.exercise(), false, null, null, null, null);

        assertThat(Learner.viaMaven(all, false)).as("Maven's run (its log: target/kata-maven.log)").isIn(0, 1);
        List<String> maven = results(module.exercise());
        assertThat(FastRun.once(all)).isIn(0, 1);
        List<String> fast = results(module.exercise());

        assertThat(maven).hasSizeGreaterThan(100);
        assertThat(fast).containsExactlyElementsOf(maven);
    }

    @Test
    @DisplayName("--step N through the fast path runs exactly the rows of step N of a whole run")
    void stepIsATagFilter() throws Exception {
        Module module = Module.find("01");
        Path dir = module.exercise();
        FastPath.Selection all = new FastPath.Selection(module, dir, false, null, null, null, null);
        FastPath.Selection step3 = new FastPath.Selection(module, dir, false, 3, null, null, null);
        try {
            FastRun.once(all);
        } catch (FastPath.CannotBeSure e) {
            // No classpath kept yet, or the runtime changed since: Maven builds it first, as ./kata does.
            Learner.viaMaven(all, false);
            FastRun.once(all);
        }
        List<String> whole = results(dir).stream().filter(l -> l.split("\t")[1].contains("step-3")).toList();
        FastRun.once(step3);

        assertThat(whole).isNotEmpty();
        assertThat(results(dir)).containsExactlyElementsOf(whole);
    }

    /**
     * The results lines, sorted, with the stack frames left out of the messages: they name
     * Surefire's classes in one run and the fast path's in the other, and nothing else differs.
     */
    static List<String> results(Path module) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(Results.dir(module))) {
            for (Path file : files.toList()) {
                for (String line : Files.readAllLines(file)) {
                    lines.add(line.replaceAll("\\\\n\\\\t(at |\\.\\.\\.).*?(?=\\\\n|$)", ""));
                }
            }
        }
        lines.sort(null);
        return lines;
    }
}
