package dev.kata.tool;

import static dev.kata.tool.Kata.ROOT;
import static dev.kata.tool.Kata.files;
import static dev.kata.tool.Kata.read;
import static dev.kata.tool.Kata.write;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./kata bench loop [NN] [--runs K] [--step N]}: the learner's loop timed both ways on the
 * same edit. Each round edits one method of the module's exercise (a comment line added at the
 * step's TODO, a different one each time, so that there is always something to compile), then
 * times, from a cold start, {@code ./kata test NN --step N --maven} and {@code ./kata test NN --step
 * N} (the fast path), in alternating order, and the watch mode's re-run (a warm test JVM). The
 * file is put back as it was at the end.
 */
final class LoopBench {

    private LoopBench() {
    }

    static int run(List<String> args) {
        String number = "01";
        int runs = 5;
        String step = null;
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            String value = i + 1 < args.size() ? args.get(i + 1) : null;
            switch (option) {
                case "--runs" -> {
                    runs = (int) Learner.number("--runs", Learner.required("--runs", value));
                    i++;
                }
                case "--step" -> {
                    step = Learner.required("--step", value);
                    i++;
                }
                default -> {
                    if (option.startsWith("-")) {
                        throw new KataError("bench loop takes [NN] [--runs K] [--step N]; not " + option);
                    }
                    number = option;
                }
            }
        }
        if (runs < 1) {
            throw new KataError("--runs takes how many rounds to time, 1 or more");
        }
        Module module = Module.find(number);
        int benchStep = step == null ? 1 : module.checkStep(step);
        Path file = fileWithTodo(module, benchStep);
        String original = read(file);
        String marker = "// TODO step-" + benchStep + ":";
        System.out.println("Timing the loop on " + module.name() + " step " + benchStep + ": each round adds a comment to the"
                + " method at " + marker + " in " + ROOT.relativize(file) + ", then runs its tests.");
        System.out.println("Load average before: " + loadAverage());
        List<String> test = new ArrayList<>(List.of("test", module.number(), "--step", String.valueOf(benchStep)));
        double[] maven = new double[runs];
        double[] fast = new double[runs];
        double[] warm = new double[runs];
        List<String> notes = new ArrayList<>();
        FastPath.Selection selection = new FastPath.Selection(module, module.exercise(), false, benchStep, null, null, null);
        try {
            // One Maven run first, so that both paths start from a built module and a known classpath.
            kata(withMaven(test), notes);
            try (FastPath.TestJvm jvm = FastPath.TestJvm.start(module.exercise(), FastRun.prepare(selection))) {
                for (int round = 0; round < runs; round++) {
                    boolean mavenFirst = round % 2 == 0;
                    for (int which = 0; which < 2; which++) {
                        edit(file, original, marker, round * 3 + which);
                        if ((which == 0) == mavenFirst) {
                            maven[round] = kata(withMaven(test), notes);
                        } else {
                            fast[round] = kata(test, notes);
                        }
                    }
                    edit(file, original, marker, round * 3 + 2);
                    long started = System.nanoTime();
                    List<Path> classpath = FastRun.prepare(selection);
                    if (!FastPath.compile(module.exercise(), classpath).ok()) {
                        throw new KataError("the edited file does not compile");
                    }
                    Results.clear(module.exercise());
                    jvm.run(FastPath.request(selection, classpath));
                    warm[round] = (System.nanoTime() - started) / 1e9;
                    System.out.printf(Locale.ROOT, "  round %d: maven %.1f s, fast %.1f s, watch %.2f s%n",
                            round + 1, maven[round], fast[round], warm[round]);
                }
            }
        } catch (FastPath.CannotBeSure e) {
            throw new KataError("the fast path cannot run: " + e.getMessage());
        } finally {
            write(file, original);
        }
        System.out.println("Load average after: " + loadAverage());
        System.out.println();
        System.out.println("| " + module.name() + " step " + benchStep + ", after one edit | median | fastest | slowest |");
        System.out.println("|---|---:|---:|---:|");
        row("`./kata test " + module.number() + " --step " + benchStep + " --maven` (Maven)", maven);
        row("`./kata test " + module.number() + " --step " + benchStep + "` (fast path, cold)", fast);
        row("`./kata watch " + module.number() + "` re-run (warm test JVM)", warm);
        notes.stream().distinct().forEach(n -> System.out.println("note: " + n));
        return 0;
    }

    static List<String> withMaven(List<String> test) {
        List<String> args = new ArrayList<>(test);
        args.add("--maven");
        return args;
    }

    /** The exercise's source file with the step's first TODO. */
    static Path fileWithTodo(Module module, int step) {
        for (Path f : files(module.exercise().resolve("src/main/java"))) {
            if (read(f).contains("// TODO step-" + step + ":")) {
                return f;
            }
        }
        throw new KataError(module.name() + " has no TODO for step " + step + " (already written?)");
    }

    static void edit(Path file, String original, String marker, int n) {
        int at = original.indexOf(marker);
        int lineStart = original.lastIndexOf('\n', at) + 1;
        String indent = original.substring(lineStart, at);
        write(file, original.substring(0, lineStart) + indent + "// kata bench edit " + n + "\n" + original.substring(lineStart));
    }

    /** Runs ./kata in a new JVM, as a learner does, and returns the seconds it took. */
    static double kata(List<String> args, List<String> notes) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        // The same JVM options as this ./kata (the script's), so the timing is a learner's.
        command.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-XX:")).toList());
        command.addAll(List.of("-Dkata.root=" + ROOT, "-cp", System.getProperty("java.class.path"), Kata.class.getName()));
        command.addAll(args);
        try {
            Path log = ROOT.resolve("target/kata-bench-loop.log");
            Files.createDirectories(log.getParent());
            long started = System.nanoTime();
            int code = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start().waitFor();
            double seconds = (System.nanoTime() - started) / 1e9;
            String out = read(log);
            if (code > 1) {
                throw new KataError("./kata " + String.join(" ", args) + " failed (exit " + code + "):\n" + out);
            }
            out.lines().filter(l -> l.startsWith("(Maven runs the tests")).forEach(l -> notes.add("the fast path fell back: " + l));
            return seconds;
        } catch (IOException e) {
            throw new KataError("cannot run ./kata: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KataError("interrupted");
        }
    }

    static void row(String label, double[] seconds) {
        double[] sorted = seconds.clone();
        java.util.Arrays.sort(sorted);
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        System.out.printf(Locale.ROOT, "| %s | %.2f s | %.2f s | %.2f s |%n", label, median, sorted[0], sorted[sorted.length - 1]);
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "(unknown: no /proc/loadavg)";
        }
    }
}
