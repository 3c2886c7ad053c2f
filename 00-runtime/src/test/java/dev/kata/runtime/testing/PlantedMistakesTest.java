package dev.kata.runtime.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherFactory;

@DisplayName("Planted mistakes: each runs in a class loader of its own, the mistake's classes first")
class PlantedMistakesTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("the mistake's copy of a class wins over the class path's, each loader has its own, and JUnit comes from the class path")
    void childFirst() throws Exception {
        Path source = dir.resolve("src/dev/kata/runtime/testing/ShadowedAnswer.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "package dev.kata.runtime.testing;\n"
                + "public final class ShadowedAnswer { public static int value() { return 43; } }\n");
        MutationCheck.compile(dir.resolve("src"), dir.resolve("classes"), List.of());

        try (PlantedMistakes.ChildFirstLoader one = new PlantedMistakes.ChildFirstLoader(dir.resolve("classes"));
             PlantedMistakes.ChildFirstLoader two = new PlantedMistakes.ChildFirstLoader(dir.resolve("classes"))) {
            Class<?> mistaken = Class.forName(ShadowedAnswer.class.getName(), true, one);

            assertThat(mistaken.getMethod("value").invoke(null)).isEqualTo(43);
            assertThat(ShadowedAnswer.value()).isEqualTo(42);
            assertThat(Class.forName(ShadowedAnswer.class.getName(), true, two)).isNotSameAs(mistaken);
            assertThat(Class.forName(Test.class.getName(), false, one)).isSameAs(Test.class);
        }
    }

    /*
     * This test runs a JUnit launcher of its own inside Surefire's. Surefire's summary then leaves
     * it out when it passes ("Tests run: 1" for this class), though it runs, and it counts and
     * reports it when it fails.
     */
    @Test
    @DisplayName("a mistake the named test catches is reported with the failing test; one it does not catch is NOT CAUGHT and counted")
    void caughtAndNotCaught() throws Exception {
        Path mutants = dir.resolve("target/kata-mutants");
        write(dir.resolve("main/demo/Answer.java"), "package demo;\n"
                + "public final class Answer { public static int value() { return 42; } }\n");
        MutationCheck.compile(dir.resolve("main"), mutants.resolve("classes"), List.of());
        write(dir.resolve("test/demo/AnswerTest.java"), "package demo;\n"
                + "@org.junit.jupiter.api.Tag(\"step-1\")\n"
                + "class AnswerTest {\n"
                + "    @org.junit.jupiter.api.Test\n"
                + "    @org.junit.jupiter.api.DisplayName(\"the answer is 42\")\n"
                + "    void answer() {\n"
                + "        if (Answer.value() != 42) { throw new AssertionError(\"expected 42 but was \" + Answer.value()); }\n"
                + "    }\n"
                + "}\n");
        Path tests = dir.resolve("test-classes");
        MutationCheck.compile(dir.resolve("test"), tests, List.of(mutants.resolve("classes").toString(),
                System.getProperty("java.class.path")));
        write(mutants.resolve("mistakes/0/src/demo/Answer.java"), "package demo;\n"
                + "public final class Answer { public static int value() { return 41; } }\n");
        write(mutants.resolve("mistakes/1/src/demo/Answer.java"), "package demo;\n"
                + "public final class Answer { public static int value() { return 40 + 2; } }\n");
        write(mutants.resolve("mistakes.tsv"), "0\toff-by-one\tstep-1\tdemo.AnswerTest\tOff by one\n"
                + "1\tsame-answer\tstep-1\tdemo.AnswerTest#answer\tThe same answer another way\n");
        write(mutants.resolve("regions.tsv"), "0\tstep-2\tdemo/Answer.java:1\tA later step\n");
        PlantedMistakes.compile(mutants, List.of());

        StringBuilder report = new StringBuilder();
        int uncaught = PlantedMistakes.run(LauncherFactory.create(LauncherConfig.builder()
                        .enableTestExecutionListenerAutoRegistration(false).build()),
                mutants, mutants.resolve("classes"), tests, "99-demo", report);

        assertThat(uncaught).isEqualTo(1);
        assertThat(report.toString())
                .contains("off-by-one", "1 failing, e.g. the answer is 42")
                .contains("same-answer", "NOT CAUGHT: every test of AnswerTest#answer passes")
                .contains("1 planted mistake(s) not caught");
    }

    private static void write(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
