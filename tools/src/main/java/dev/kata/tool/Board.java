package dev.kata.tool;

import static dev.kata.tool.Kata.firstLine;
import static dev.kata.tool.Kata.indent;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The progress board and a module's test details. */
final class Board {

    static final String HEADER = "  module                 step  passed";

    /** The whole board at once, from the results on disk. */
    static String render(List<Module> modules) {
        StringBuilder out = new StringBuilder(HEADER).append('\n');
        String next = null;
        for (Module module : modules) {
            List<Results.Row> rows = Results.read(module.exercise());
            out.append(lines(module, rows));
            next = next != null ? next : next(module, rows);
        }
        return out.append('\n').append(footer(next)).toString();
    }

    /** A module's lines of the board: one per step, or one that says it has no results. */
    static String lines(Module module, List<Results.Row> rows) {
        return lines(module, rows, Track.given(module));
    }

    /** The same, with the steps the track gives marked "given" rather than done or to do. */
    static String lines(Module module, List<Results.Row> rows, Set<Integer> given) {
        StringBuilder out = new StringBuilder();
        Map<Integer, List<Results.Row>> bySteps = bySteps(rows);
        boolean first = true;
        for (Map.Entry<Integer, List<Results.Row>> e : bySteps.entrySet()) {
            long passed = e.getValue().stream().filter(Results.Row::passed).count();
            int total = e.getValue().size();
            String mark = given.contains(e.getKey()) ? (passed == total ? "given" : "given (waits for your steps)")
                    : passed == total ? "done" : passed == 0 ? "todo" : "...";
            out.append(String.format(Locale.ROOT, "  %-22s %4s  %3d/%-3d %s%n",
                    first ? module.name() : "", e.getKey() == Results.NO_STEP ? "-" : String.valueOf(e.getKey()),
                    passed, total, bar(passed, total) + " " + mark));
            first = false;
        }
        if (bySteps.isEmpty()) {
            out.append(String.format(Locale.ROOT, "  %-22s    -  no results (did it compile?)%n", module.name()));
        }
        return out.toString();
    }

    /** What to do next in this module: its first failing test and the commands for its step, or null. */
    static String next(Module module, List<Results.Row> rows) {
        return next(module, rows, Track.given(module));
    }

    /**
     * The same, on a track that gives some steps: the first failing step the learner writes comes
     * first (a given step's tests may wait for it); a given step's failure only when no other fails.
     */
    static String next(Module module, List<Results.Row> rows, Set<Integer> given) {
        List<Map.Entry<Integer, List<Results.Row>>> steps = new ArrayList<>(bySteps(rows).entrySet());
        steps.sort(java.util.Comparator.comparing((Map.Entry<Integer, List<Results.Row>> e) -> given.contains(e.getKey())));
        for (Map.Entry<Integer, List<Results.Row>> e : steps) {
            Results.Row failing = e.getValue().stream().filter(r -> !r.passed()).findFirst().orElse(null);
            if (failing != null) {
                return module.name() + " › " + failing.container() + " › " + failing.name()
                        + "\n    " + firstLine(failing.message())
                        + (e.getKey() == Results.NO_STEP ? "\n  Run: ./kata test " + module.number()
                        : "\n  Run: ./kata test " + module.number() + " --step " + e.getKey()
                        + "    Stuck? ./kata hint " + module.number() + " " + e.getKey());
            }
        }
        return null;
    }

    static String footer(String next) {
        return next == null ? "Every step passes. Well done!" : "Next: " + next;
    }

    /** The first failing step the learner writes on the module's track (else the first failing step at all). */
    static int firstFailingStep(Module module, List<Results.Row> rows) {
        Set<Integer> given = Track.given(module);
        int own = firstFailingStep(rows.stream().filter(r -> !given.contains(r.step())).toList());
        return own != Results.NO_STEP ? own : firstFailingStep(rows);
    }

    /**
     * One line for a room's board (./kata status --line): the module, the step the pair is on (the
     * first failing step they write; "done" when every one passes), and how many tests of their
     * steps pass, of how many; then the track.
     */
    static String roomLine(Module module, List<Results.Row> rows, Set<Integer> given) {
        List<Results.Row> own = rows.stream().filter(r -> !given.contains(r.step())).toList();
        int step = firstFailingStep(own);
        boolean done = own.stream().allMatch(Results.Row::passed);
        String at = rows.isEmpty() ? "no results" : done ? "done" : step == Results.NO_STEP ? "step -" : "step " + step;
        long passed = own.stream().filter(Results.Row::passed).count();
        return String.format(Locale.ROOT, "%-22s %-10s %3d/%-3d passed  %s track", module.name(), at, passed, own.size(),
                given.isEmpty() ? "full" : "workshop");
    }

    /** The first step with a failing test ({@link Results#NO_STEP} when the failures have no step). */
    static int firstFailingStep(List<Results.Row> rows) {
        return bySteps(rows).entrySet().stream()
                .filter(e -> e.getKey() != Results.NO_STEP && e.getValue().stream().anyMatch(r -> !r.passed()))
                .map(Map.Entry::getKey).findFirst().orElse(Results.NO_STEP);
    }

    static String details(Module module, List<Results.Row> rows) {
        if (rows.isEmpty()) {
            return "No test ran. (Check the --test or --step you gave.)";
        }
        StringBuilder out = new StringBuilder();
        int failures = 0;
        for (Map.Entry<Integer, List<Results.Row>> e : bySteps(rows).entrySet()) {
            List<Results.Row> stepRows = e.getValue();
            long passed = stepRows.stream().filter(Results.Row::passed).count();
            // The step's own test class ("Step 4: ...") names the step; other classes tagged
            // with the step (scenarios that span steps) keep their names on their rows.
            String title = stepRows.stream().map(r -> r.container().split(" › ")[0])
                    .filter(c -> c.startsWith("Step " + e.getKey() + ":")).findFirst()
                    .orElse(stepRows.get(0).container().split(" › ")[0]);
            out.append(title).append("  (").append(passed).append('/').append(stepRows.size()).append(" passed)")
                    .append(Track.given(module).contains(e.getKey()) ? "  given on the workshop track" : "").append('\n');
            for (Results.Row row : stepRows) {
                // The step's title is printed above; show only what sits below it.
                String[] path = row.container().split(" › ", 2);
                String where = !path[0].equals(title) && !row.container().isEmpty() ? row.container() + " › "
                        : path.length > 1 ? path[1] + " › " : "";
                out.append(row.passed() ? "  ✔ " : "  ✘ ").append(where).append(row.name()).append('\n');
                if (!row.passed() && failures++ < 5) {
                    out.append(indent(row.message(), "      ")).append('\n');
                } else if (row.passed() && !row.message().isBlank()) {
                    // A test that passes by showing a counterexample: where its trace page is.
                    out.append(indent(row.message(), "      ")).append('\n');
                }
            }
        }
        long failed = rows.stream().filter(r -> !r.passed()).count();
        int runs = rows.stream().mapToInt(Results.Row::runs).sum();
        String counted = runs == rows.size() ? "" : " (" + runs + " runs: a randomized test runs once per seed)";
        String passing = rows.size() == 1 ? "The test passes" : "All " + rows.size() + " tests pass";
        String failing = rows.size() == 1 ? "The test fails" : failed + " of " + rows.size() + " tests fail";
        out.append('\n').append(failed == 0 ? passing + counted + "."
                : failing + (failures > 5 ? " (messages of the first 5 shown)" : "")
                + ". Stuck? ./kata hint " + module.number() + " "
                    + (firstFailingStep(module, rows) == Results.NO_STEP ? "<step>" : firstFailingStep(module, rows)));
        return out.toString();
    }

    static Map<Integer, List<Results.Row>> bySteps(List<Results.Row> rows) {
        Map<Integer, List<Results.Row>> bySteps = new TreeMap<>();
        for (Results.Row row : rows) {
            bySteps.computeIfAbsent(row.step(), s -> new ArrayList<>()).add(row);
        }
        return bySteps;
    }

    static String bar(long passed, int total) {
        int width = 10;
        int filled = total == 0 ? 0 : (int) Math.round(width * (double) passed / total);
        return "[" + "#".repeat(filled) + ".".repeat(width - filled) + "]";
    }
}
