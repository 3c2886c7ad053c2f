package dev.kata.tool;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code ./kata quiz NN}: the module's questions (from its workshop.md), asked in the terminal for
 * people working alone. Each answer is checked, and every question ends with its explanation and
 * the test that shows it, with the command that runs that test.
 */
final class Quiz {

    private Quiz() {
    }

    static final String USAGE = "usage: ./kata quiz NN [--question K] [--answers], for example ./kata quiz 04";

    static int command(List<String> args) {
        if (args.isEmpty()) {
            throw new KataError(USAGE);
        }
        Module module = Module.find(args.remove(0));
        boolean answers = args.remove("--answers");
        Integer only = null;
        if (args.size() >= 1 && args.get(0).equals("--question")) {
            only = (int) Learner.number("--question", Learner.required("--question", args.size() > 1 ? args.get(1) : null));
            args.subList(0, Math.min(2, args.size())).clear();
        }
        if (!args.isEmpty()) {
            throw new KataError("quiz takes a module, --question K and --answers; not " + args.get(0));
        }
        Workshop workshop = Workshop.of(module);
        List<Workshop.Question> questions = workshop.questions();
        if (questions.isEmpty()) {
            throw new KataError(module.name() + " has no questions yet (they go in " + module.name() + "/" + Workshop.FILE + ")");
        }
        if (only != null && (only < 1 || only > questions.size())) {
            throw new KataError(module.name() + " has questions 1 to " + questions.size() + "; not " + only);
        }
        List<Workshop.Question> asked = only == null ? questions : List.of(questions.get(only - 1));
        int first = only == null ? 1 : only;
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        return run(module, asked, first, questions.size(), answers ? null : in, System.out);
    }

    /**
     * Asks each question and checks the answer read from {@code in}; with no {@code in}, prints
     * each question with its answer (an instructor's sheet, or a reader without a terminal). The
     * exit code is 0 when every answer was right.
     */
    static int run(Module module, List<Workshop.Question> questions, int first, int total, BufferedReader in, PrintStream out) {
        int right = 0;
        int asked = 0;
        for (int i = 0; i < questions.size(); i++) {
            Workshop.Question q = questions.get(i);
            out.println();
            out.println(module.name() + ", question " + (first + i) + " of " + total + ": " + q.title());
            out.println();
            out.println(q.text());
            if (q.multipleChoice()) {
                out.println();
                q.options().forEach(o -> out.println("  " + o));
            }
            if (in != null) {
                out.println();
                out.print(q.multipleChoice() ? (q.answers().size() > 1 ? "Your answer (letters, all that are right): " : "Your answer (a letter): ")
                        : "Your answer: ");
                out.flush();
                String answer = readLine(in);
                if (answer == null) {
                    out.println();
                    break;
                }
                asked++;
                if (q.accepts(answer)) {
                    right++;
                    out.println("Right.");
                } else {
                    out.println("Not quite. The answer: " + q.rightAnswer());
                }
            } else {
                out.println();
                out.println("Answer: " + q.rightAnswer());
            }
            out.println();
            out.println(Kata.indent(q.explanation(), "  "));
            out.println();
            for (String test : q.shownBy()) {
                out.println("  Shown by " + test + ": ./kata test " + module.number() + " --test '" + test + "'");
            }
        }
        if (in != null) {
            out.println();
            out.println(right + " of " + asked + " right." + (asked < questions.size() ? " (" + (questions.size() - asked) + " not answered.)" : ""));
            return right == questions.size() ? 0 : 1;
        }
        return 0;
    }

    private static String readLine(BufferedReader in) {
        try {
            return in.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
