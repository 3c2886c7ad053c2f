package dev.kata.tool;

import static dev.kata.tool.Kata.read;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A module's workshop data, hand-written in {@code NN-name/workshop.md} beside its README: the core
 * steps (the ones a room writes in its exercise slot; ./kata track workshop gives every other step)
 * and the questions ./kata quiz asks. A module without the file has no core named: every step is
 * the learner's on both tracks, and it has no questions. The format (docs/design.md, section 10):
 *
 * <pre>
 * Core steps: 2, 3
 *
 * ## A question's title
 *
 * The question.
 *
 * - a) an option
 * - b) another
 *
 * Answer: b                      (a short-answer question has no options: "Answer: 3 | three")
 *
 * The explanation, any number of lines.
 *
 * Shown by: Step2PromiseTest#promiseSurvivesCrash, Step3AcceptTest
 * </pre>
 */
record Workshop(Module module, List<Integer> core, List<Question> questions) {

    static final String FILE = "workshop.md";

    /**
     * One question. {@code options} is empty for a short answer; {@code answers} are the right
     * letters of a multiple-choice question (all of them, in any order, make the answer), or the
     * accepted short answers.
     */
    record Question(String title, String text, List<String> options, List<String> answers, String explanation,
                    List<String> shownBy) {

        boolean multipleChoice() {
            return !options.isEmpty();
        }

        /** Whether {@code given} is right: the same set of letters, or one of the short answers (case, spaces and punctuation aside). */
        boolean accepts(String given) {
            if (multipleChoice()) {
                List<String> letters = Arrays.stream(normalize(given).split("")).filter(l -> !l.isBlank()).sorted().distinct().toList();
                return letters.equals(answers.stream().sorted().toList());
            }
            return answers.stream().anyMatch(a -> normalize(a).equals(normalize(given)));
        }

        /** The right answer in words: "b) the text of b", or the first accepted short answer. */
        String rightAnswer() {
            if (!multipleChoice()) {
                return answers.get(0);
            }
            List<String> right = new ArrayList<>();
            for (String option : options) {
                if (answers.contains(option.substring(0, 1))) {
                    right.add(option);
                }
            }
            return String.join("; ", right);
        }

        static String normalize(String s) {
            return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ").strip().replaceAll(" ", "");
        }
    }

    static Path file(Module module) {
        return module.exercise().resolve(FILE);
    }

    /** The module's workshop data; no core and no questions if it has no workshop.md. */
    static Workshop of(Module module) {
        Path file = file(module);
        return Files.isRegularFile(file) ? parse(module, read(file)) : new Workshop(module, List.of(), List.of());
    }

    /** Whether the module names its core steps. */
    boolean hasCore() {
        return !core.isEmpty();
    }

    static final Pattern CORE = Pattern.compile("(?m)^Core steps:\\s*(.+)$");
    static final Pattern OPTION = Pattern.compile("^- ([a-z])\\) (.+)$");

    static Workshop parse(Module module, String text) {
        String where = module.name() + "/" + FILE;
        text = "\n" + text.replace("\r\n", "\n"); // so that a question on the first line is found like the others
        List<Integer> core = new ArrayList<>();
        int firstQuestion = text.indexOf("\n## ");
        Matcher m = CORE.matcher(firstQuestion < 0 ? text : text.substring(0, firstQuestion));
        if (m.find()) {
            for (String n : m.group(1).split("[,\\s]+")) {
                try {
                    core.add(Integer.parseInt(n.strip()));
                } catch (NumberFormatException e) {
                    throw new KataError(where + ": 'Core steps:' takes step numbers, such as 'Core steps: 2, 3'; not '" + n + "'");
                }
            }
        }
        List<Question> questions = new ArrayList<>();
        if (firstQuestion >= 0) {
            for (String block : text.substring(firstQuestion + 1).split("(?m)^## ")) {
                if (!block.isBlank()) {
                    questions.add(question(where, block));
                }
            }
        }
        return new Workshop(module, List.copyOf(core), List.copyOf(questions));
    }

    private static Question question(String where, String block) {
        List<String> lines = block.lines().toList();
        String title = lines.get(0).strip();
        StringBuilder text = new StringBuilder();
        StringBuilder explanation = new StringBuilder();
        List<String> options = new ArrayList<>();
        List<String> answers = null;
        List<String> shownBy = List.of();
        for (String line : lines.subList(1, lines.size())) {
            Matcher option = OPTION.matcher(line.strip());
            if (line.startsWith("Answer:")) {
                answers = List.of(line.substring("Answer:".length()).split("\\|"))
                        .stream().map(String::strip).filter(a -> !a.isEmpty()).toList();
            } else if (line.startsWith("Shown by:")) {
                shownBy = List.of(line.substring("Shown by:".length()).split(","))
                        .stream().map(String::strip).filter(a -> !a.isEmpty()).toList();
            } else if (answers == null && option.matches()) {
                options.add(option.group(1) + ") " + option.group(2));
            } else if (answers == null) {
                text.append(line).append('\n');
            } else {
                explanation.append(line).append('\n');
            }
        }
        if (answers == null || answers.isEmpty()) {
            throw new KataError(where + ": the question '" + title + "' has no 'Answer:' line");
        }
        if (shownBy.isEmpty()) {
            throw new KataError(where + ": the question '" + title + "' has no 'Shown by:' line naming the test that shows its answer");
        }
        if (!options.isEmpty()) {
            List<String> letters = options.stream().map(o -> o.substring(0, 1)).toList();
            List<String> right = new ArrayList<>();
            for (String a : answers) {
                for (String letter : a.toLowerCase(Locale.ROOT).split("[,\\s]+")) {
                    if (!letters.contains(letter)) {
                        throw new KataError(where + ": the answer '" + letter + "' of '" + title + "' is not one of its options " + letters);
                    }
                    right.add(letter);
                }
            }
            answers = right;
        }
        return new Question(title, text.toString().strip(), List.copyOf(options), List.copyOf(answers),
                explanation.toString().strip(), shownBy);
    }
}
