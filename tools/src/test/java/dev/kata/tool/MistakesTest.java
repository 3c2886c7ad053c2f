package dev.kata.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Planted mistakes as data: the mistakes.txt format, its checks, and the guide's tables")
class MistakesTest {

    static final String ONE = String.join("\n",
            "# a comment",
            "id: ack-before-force",
            "step: 3",
            "title: Acknowledge before the force",
            "why: a crash right after the answer",
            "  loses the entry",
            "file: src/main/java/dev/kata/wal/GroupCommitLog.java",
            "caught-by: Step3DurabilityTest, Step2AppendAndReadTest#readsBack",
            "--- find",
            "        log.force();",
            "        done.complete(null);",
            "--- replace",
            "        done.complete(null);",
            "        log.force();",
            "===",
            "id: no-force",
            "step: 3",
            "title: t",
            "why: w",
            "file: F.java",
            "caught-by: StepXTest",
            "--- find",
            "        log.force();",
            "--- replace",
            "");

    @Test
    @DisplayName("a block is its headers, its find lines and its replace lines; a value may go on over indented lines; an empty replace deletes")
    void parse() {
        List<Mistakes.Mistake> mistakes = Mistakes.parse(ONE, "m.txt");

        assertThat(mistakes).hasSize(2);
        Mistakes.Mistake first = mistakes.get(0);
        assertThat(first.id()).isEqualTo("ack-before-force");
        assertThat(first.header("why")).isEqualTo("a crash right after the answer loses the entry");
        assertThat(first.caughtBy()).containsExactly("Step3DurabilityTest", "Step2AppendAndReadTest#readsBack");
        assertThat(first.find()).isEqualTo("        log.force();\n        done.complete(null);");
        assertThat(first.replace()).isEqualTo("        done.complete(null);\n        log.force();");
        assertThat(first.line()).isEqualTo(2);
        assertThat(mistakes.get(1).replace()).isEmpty();
    }

    @Test
    @DisplayName("a block without a section or a required key, or with an unknown key, is an error naming the line")
    void malformed() {
        assertThatThrownBy(() -> Mistakes.parse("id: x\nstep: 1\n--- find\na\n===\n", "m.txt"))
                .isInstanceOf(KataError.class).hasMessageContaining("m.txt:5: this mistake has no '--- replace' section");
        assertThatThrownBy(() -> Mistakes.parse("id: x\n--- find\na\n--- replace\nb\n", "m.txt"))
                .isInstanceOf(KataError.class).hasMessageContaining("m.txt:1: this mistake has no 'caught-by:'");
        assertThatThrownBy(() -> Mistakes.parse("id: x\ncaught: y\n--- find\na\n--- replace\nb\n", "m.txt"))
                .isInstanceOf(KataError.class).hasMessageContaining("m.txt:2: unknown key 'caught'");
    }

    @Test
    @DisplayName("a mistake knows the learner region it sits in, and the method, for the guide's 'where'")
    void regionAndMethod() {
        String text = String.join("\n",
                "class Demo {",
                "    private int given() {",
                "        return 1;",
                "    }",
                "",
                "    public synchronized boolean isFull(int size) {",
                "        // kata:begin step-5 \"Decide\" default: return false;",
                "        return size >= limit;",
                "        // kata:end",
                "    }",
                "}");

        assertThat(Mistakes.regionAt(text, text.indexOf("size >= limit"))).isEqualTo("step-5");
        assertThat(Mistakes.regionAt(text, text.indexOf("return 1;"))).isNull();
        assertThat(Mistakes.regionAt(text, text.lastIndexOf("}"))).isNull();
        assertThat(Mistakes.enclosingMethod(text, text.indexOf("size >= limit"))).isEqualTo("isFull");
    }

    @Test
    @DisplayName("every module's mistakes.txt can run: its find text occurs once in a region of its step, its tests exist, of that step or earlier")
    void everyModuleChecks() {
        for (Module module : Module.all()) {
            List<String> problems = new ArrayList<>();
            List<Mistakes.Checked> ready = Mistakes.check(module, problems);

            assertThat(problems).as(module.name()).isEmpty();
            assertThat(ready).as(module.name()).hasSize(Mistakes.of(module).size());
        }
    }

    @Test
    @DisplayName("a find text that no longer matches, a test that does not exist and a test of a later step are each reported")
    void stale() {
        Module wal = Module.find("01");
        String text = String.join("\n",
                "id: gone",
                "step: 2",
                "title: t",
                "why: w",
                "file: src/main/java/dev/kata/wal/Segment.java",
                "caught-by: NoSuchTest, Step8TruncationTest",
                "--- find",
                "this line is in no file",
                "--- replace",
                "x",
                "");
        List<String> problems = new ArrayList<>();

        assertThat(Mistakes.check(wal, Mistakes.parse(text, "m.txt"), problems)).isEmpty();
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("(gone): its find text no longer occurs in src/main/java/dev/kata/wal/Segment.java"))
                    .anySatisfy(p -> assertThat(p).contains("caught-by NoSuchTest: no such test class in 01-wal's tests"))
                .anySatisfy(p -> assertThat(p).contains("caught-by Step8TruncationTest is a test of step 8, later than the mistake's step 2"));
    }

    @Test
    @DisplayName("a row of the guide's table: title and why, where, the tests it names, what the learner sees")
    void tableRow() {
        Mistakes.Mistake mistake = Mistakes.parse(ONE, "m.txt").get(0);

        String table = Mistakes.table(Module.find("01"), List.of(
                new Mistakes.Checked(mistake, Path.of("GroupCommitLog.java"), List.of(), "GroupCommitLog.writeBatch")));

        assertThat(table).endsWith("| **Acknowledge before the force.** A crash right after the answer loses the entry. "
                + "| `GroupCommitLog.writeBatch` (step 3) | `Step3DurabilityTest`, `Step2AppendAndReadTest#readsBack` |  |\n");
    }

    @Test
    @DisplayName("a marked block of the guide is rewritten from its module's mistakes.txt, whatever it held")
    void blockRewritten() {
        List<String> problems = new ArrayList<>();

        String guide = Mistakes.guide("before\n<!-- kata:mistakes 01-wal -->\nan old row\n<!-- kata:mistakes end -->\nafter\n", problems);

        assertThat(guide).startsWith("before\n<!-- kata:mistakes 01-wal: generated from solutions/01-wal/mistakes.txt")
                .contains("| mistake | where | caught by | what the learner sees |").doesNotContain("an old row")
                .endsWith("<!-- kata:mistakes end -->\nafter\n");
    }

    @Test
    @DisplayName("the guide may not name a test class that no module has")
    void missingTestClass() {
        assertThat(Mistakes.missingTests("caught by `Step9NoSuchTest` and `Step1EntryFormatTest`"))
                .containsExactly("docs/instructor-guide.md names Step9NoSuchTest, which no module's tests have (renamed or deleted?)");
    }

    @Test
    @DisplayName("the guide's tables are what ./kata sync writes from the modules' mistakes.txt")
    void guideInSync() {
        assertThat(Mistakes.guideProblems()).isEmpty();
    }
}
