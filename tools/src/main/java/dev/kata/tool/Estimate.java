package dev.kata.tool;

import static dev.kata.tool.Kata.files;
import static dev.kata.tool.Kata.read;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./kata estimate [NN]}: how long each step takes a pair that keeps moving, estimated from
 * its size, since nobody could time newcomers (docs/workshop-schedule.md says how the model was
 * made): minutes = 1 + 0.45 per line of reference code in the step's regions + 0.11 per line of
 * the step's test classes, rounded up to 5. Fitted to 01's per-step times from its author.
 */
final class Estimate {

    private Estimate() {
    }

    static final double BASE = 1;
    static final double PER_CODE_LINE = 0.45;
    static final double PER_TEST_LINE = 0.11;

    /** One step's size and estimate. */
    record Step(int step, int codeLines, int testLines) {
        int minutes() {
            double raw = BASE + PER_CODE_LINE * codeLines + PER_TEST_LINE * testLines;
            return (int) Math.ceil(raw / 5) * 5;
        }
    }

    static final Pattern TAG = Pattern.compile("@Tag\\(\"step-(\\d+)\"\\)");

    /**
     * Each step's lines: non-blank, non-comment lines inside its regions; non-blank lines of the
     * test classes whose first step tag is its (scenario classes with no step tag count for none).
     */
    static List<Step> steps(Module module) {
        Map<Integer, int[]> sizes = new TreeMap<>();
        for (Path source : Fill.sources(module)) {
            Integer step = null;
            for (String line : read(source).split("\n")) {
                Matcher begin = Generator.BEGIN.matcher(line);
                if (begin.matches()) {
                    step = Integer.parseInt(begin.group(4));
                    sizes.computeIfAbsent(step, s -> new int[2]);
                } else if (Generator.END.matcher(line).matches()) {
                    step = null;
                } else if (step != null && !line.isBlank() && !line.strip().startsWith("//")) {
                    sizes.get(step)[0]++;
                }
            }
        }
        Path tests = module.solution().resolve("src/test/java");
        if (Files.isDirectory(tests)) {
            for (Path test : files(tests)) {
                String text = read(test);
                Matcher tag = TAG.matcher(text);
                if (test.toString().endsWith(".java") && tag.find()) {
                    int lines = (int) text.lines().filter(l -> !l.isBlank()).count();
                    sizes.computeIfAbsent(Integer.parseInt(tag.group(1)), s -> new int[2])[1] += lines;
                }
            }
        }
        List<Step> steps = new ArrayList<>();
        sizes.forEach((step, size) -> steps.add(new Step(step, size[0], size[1])));
        return steps;
    }

    static int command(List<String> args) {
        if (args.size() > 1) {
            throw new KataError("estimate takes at most a module, for example ./kata estimate 04; not " + args.get(1));
        }
        List<Module> modules = args.isEmpty() ? Module.all() : List.of(Module.find(args.get(0)));
        System.out.println("Minutes per step for a pair that keeps moving: 1 + 0.45 x reference lines + 0.11 x test lines,"
                + "\nrounded up to 5 (docs/workshop-schedule.md says how the model was made). * = a core step.\n");
        System.out.println("  module                 step  code  tests  minutes");
        for (Module module : modules) {
            List<Integer> core = Workshop.of(module).core();
            int all = 0;
            int coreTotal = 0;
            boolean first = true;
            for (Step s : steps(module)) {
                System.out.printf(Locale.ROOT, "  %-22s %3d%s %5d %6d %8d%n", first ? module.name() : "", s.step(),
                        core.contains(s.step()) ? "*" : " ", s.codeLines(), s.testLines(), s.minutes());
                all += s.minutes();
                coreTotal += core.contains(s.step()) ? s.minutes() : 0;
                first = false;
            }
            System.out.printf(Locale.ROOT, "  %-22s every step %s, the core %s%n%n", "", duration(all),
                    core.isEmpty() ? "not named" : duration(coreTotal));
        }
        return 0;
    }

    static String duration(int minutes) {
        return minutes < 60 ? minutes + " min" : minutes / 60 + " h" + (minutes % 60 == 0 ? "" : String.format(Locale.ROOT, " %02d", minutes % 60));
    }
}
