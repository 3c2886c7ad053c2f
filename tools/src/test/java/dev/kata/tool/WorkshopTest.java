package dev.kata.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Each module's workshop.md: its core steps, and questions whose explanations name tests that exist. */
@DisplayName("Workshop data and the quiz")
class WorkshopTest {

    /** The modules that have their questions (06 adds its file when it is written). */
    static final List<String> WITH_QUESTIONS = List.of("01", "02", "03", "04", "05");

    @Test
    @DisplayName("modules 01 to 05 each have core steps and 4 to 6 questions")
    void everyModuleHasItsData() {
        for (String number : WITH_QUESTIONS) {
            Workshop workshop = Workshop.of(Module.find(number));
            assertThat(workshop.core()).as(number).isNotEmpty();
            assertThat(workshop.questions()).as(number).hasSizeBetween(4, 6);
            for (Workshop.Question q : workshop.questions()) {
                assertThat(q.text()).as(q.title()).isNotBlank();
                assertThat(q.explanation()).as(q.title()).isNotBlank();
                assertThat(q.accepts(q.multipleChoice() ? String.join(",", q.answers()) : q.answers().get(0))).as(q.title()).isTrue();
            }
        }
    }

    @Test
    @DisplayName("every test a question points to exists: its class in the module's tests, and its method in that class")
    void everyReferencedTestExists() {
        for (Module module : Module.all()) {
            for (Workshop.Question q : Workshop.of(module).questions()) {
                for (String test : q.shownBy()) {
                    String[] parts = test.split("#", 2);
                    Optional<Path> file = Kata.files(module.solution().resolve("src/test/java")).stream()
                            .filter(f -> f.getFileName().toString().equals(parts[0] + ".java")).findFirst();
                    assertThat(file).as(module.name() + ": '" + q.title() + "' names " + test + ", which has no test class").isPresent();
                    if (parts.length == 2) {
                        assertThat(Kata.read(file.get())).as(module.name() + ": '" + q.title() + "' names " + test + ", which has no such method")
                                .containsPattern("void " + parts[1] + "\\(");
                    }
                }
            }
        }
    }

    @Test
    @DisplayName("the format: options, several right letters, short answers with alternatives, and clear errors")
    void format() {
        Module m = new Module("99-demo");
        Workshop w = Workshop.parse(m, String.join("\n",
                "# 99", "", "Core steps: 2, 3", "",
                "## First", "", "Which?", "", "- a) one", "- b) two", "- c) three", "", "Answer: a, c", "", "Because.", "",
                "Shown by: Step2Test#x, Step3Test",
                "## Second", "", "How many?", "", "Answer: 3 | three", "", "Count them.", "", "Shown by: Step2Test", ""));
        assertThat(w.core()).containsExactly(2, 3);
        Workshop.Question first = w.questions().get(0);
        assertThat(first.options()).containsExactly("a) one", "b) two", "c) three");
        assertThat(first.accepts("c a")).isTrue();
        assertThat(first.accepts("a")).isFalse();
        assertThat(first.rightAnswer()).isEqualTo("a) one; c) three");
        assertThat(first.shownBy()).containsExactly("Step2Test#x", "Step3Test");
        Workshop.Question second = w.questions().get(1);
        assertThat(second.multipleChoice()).isFalse();
        assertThat(second.accepts(" Three. ")).isTrue();
        assertThat(second.accepts("4")).isFalse();

        assertThatThrownBy(() -> Workshop.parse(m, "## Q\n\nText\n\nShown by: X\n"))
                .isInstanceOf(KataError.class).hasMessage("99-demo/workshop.md: the question 'Q' has no 'Answer:' line");
        assertThatThrownBy(() -> Workshop.parse(m, "## Q\n\n- a) x\n\nAnswer: d\n\nShown by: X\n"))
                .isInstanceOf(KataError.class).hasMessage("99-demo/workshop.md: the answer 'd' of 'Q' is not one of its options [a]");
        assertThatThrownBy(() -> Workshop.parse(m, "## Q\n\nAnswer: 1\n"))
                .isInstanceOf(KataError.class).hasMessageContaining("has no 'Shown by:' line");
        assertThatThrownBy(() -> Workshop.parse(m, "Core steps: two\n"))
                .isInstanceOf(KataError.class).hasMessageContaining("'Core steps:' takes step numbers");
    }

    @Test
    @DisplayName("the quiz checks each answer, explains it, names the test and its command, and counts")
    void quiz() {
        Module module = Module.find("04");
        List<Workshop.Question> questions = Workshop.of(module).questions();
        String right = questions.get(0).multipleChoice() ? questions.get(0).answers().get(0) : questions.get(0).answers().get(0);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = Quiz.run(module, questions.subList(0, 2), 1, questions.size(),
                new BufferedReader(new StringReader(right + "\nz\n")), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("04-paxos, question 1 of " + questions.size(), "Right.", "Not quite. The answer: ",
                "Shown by " + questions.get(0).shownBy().get(0) + ": ./kata test 04 --test '" + questions.get(0).shownBy().get(0) + "'",
                "1 of 2 right.");
        assertThat(code).isEqualTo(1);

        ByteArrayOutputStream sheet = new ByteArrayOutputStream();
        assertThat(Quiz.run(module, questions, 1, questions.size(), null, new PrintStream(sheet, true, StandardCharsets.UTF_8))).isZero();
        assertThat(sheet.toString(StandardCharsets.UTF_8)).contains("Answer: ").doesNotContain("Your answer");
    }

    @Test
    @DisplayName("a module's workshop.md sits beside its README, not among the generated files")
    void fileIsHandWritten() {
        for (String number : WITH_QUESTIONS) {
            Module module = Module.find(number);
            assertThat(Files.isRegularFile(Workshop.file(module))).isTrue();
            assertThat(Workshop.file(module).getParent()).isEqualTo(module.exercise());
        }
    }
}
