package dev.kata.tool;

import static dev.kata.tool.Kata.deleteTree;
import static dev.kata.tool.Kata.files;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Test results, as the runtime's KataResultsListener writes them. */
final class Results {

    /** The step of a test with no step tag: 0 is a real step (04 begins with a given step 0). */
    static final int NO_STEP = -1;

    /**
     * One test: its step ({@link #NO_STEP} if none), where it sits (class › nested), its name, its failure, and
     * how many times it ran (a randomized test once per seed).
     */
    record Row(String status, int step, String container, String name, String message, int runs) {
        boolean passed() {
            return status.equals("PASSED");
        }
    }

    static Path dir(Path module) {
        return module.resolve("target/kata-results");
    }

    /**
     * Before a run: the results of the last run go, and so do its trace pages, so that
     * target/kata-traces holds the pages of this run only (the tests write them; only ./kata knows
     * where a run starts).
     */
    static void clear(Path module) {
        deleteTree(dir(module));
        deleteTree(module.resolve("target/kata-traces"));
    }

    /** The bytes of results written so far (0 if none). */
    static long size(Path module) {
        Path dir = dir(module);
        return Files.isDirectory(dir) ? files(dir).stream().mapToLong(f -> f.toFile().length()).sum() : 0;
    }

    /** Whether every results file ends with a newline: the listener writes each one whole, in one call. */
    static boolean endsWithNewline(Path module) {
        Path dir = dir(module);
        return Files.isDirectory(dir) && files(dir).stream().allMatch(f -> {
            String text = Kata.read(f);
            return !text.isEmpty() && text.endsWith("\n");
        });
    }

    /**
     * The tests that ran. A skipped test (an assumption not met, a disabled test) neither passes
     * nor fails, so it is left out here and counted by {@link #skipped}.
     */
    static List<Row> read(Path module) {
        return collapseSeeds(all(module).stream().filter(r -> !r.status().equals("SKIPPED")).toList());
    }

    /** How many tests were skipped. */
    static long skipped(Path module) {
        return all(module).stream().filter(r -> r.status().equals("SKIPPED")).count();
    }

    private static List<Row> all(Path module) {
        Path dir = dir(module);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<Row> rows = new ArrayList<>();
        for (Path file : files(dir)) {
            for (String line : Kata.read(file).split("\n")) {
                String[] f = line.split("\t", -1);
                if (f.length < 5) {
                    continue;
                }
                Matcher step = Pattern.compile("step-(\\d+)").matcher(f[1]);
                // -1: no step tag (step 0 is a real step: 04's given scenario)
                rows.add(new Row(f[0], step.find() ? Integer.parseInt(step.group(1)) : NO_STEP, f[2], f[3],
                        unescape(f[4]), 1));
            }
        }
        return rows;
    }

    /**
     * Undoes KataResultsListener's escaping in one pass: replacing each escape in turn would
     * read the text "\\n" (a backslash, then n) as a newline.
     */
    static String unescape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(++i);
                out.append(next == 'n' ? '\n' : next == 't' ? '\t' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static final Pattern SEED = Pattern.compile("seed (-?\\d+)");

    /**
     * A randomized test reports one row per seed, and a sweep has hundreds: the learner reads one
     * line per test instead, "3 of 500 seeds fail: 17, 203, 411", with the first failing seed's
     * message (which ends with the line that replays it).
     */
    static List<Row> collapseSeeds(List<Row> rows) {
        Map<String, List<Row>> groups = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            String key = SEED.matcher(row.name()).matches() ? row.step() + "\t" + row.container() : "#" + i;
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(row);
        }
        List<Row> collapsed = new ArrayList<>();
        for (Map.Entry<String, List<Row>> group : groups.entrySet()) {
            List<Row> seeds = group.getValue();
            if (group.getKey().startsWith("#")) {
                collapsed.addAll(seeds);
                continue;
            }
            Row first = seeds.get(0);
            int split = first.container().lastIndexOf(" › ");
            String container = split < 0 ? "" : first.container().substring(0, split);
            String test = split < 0 ? first.container() : first.container().substring(split + 3);
            List<Row> failed = seeds.stream().filter(r -> !r.passed()).toList();
            String name = test + (seeds.size() == 1 ? " (" + first.name() + ")" : " (" + seeds.size() + " seeds)");
            if (failed.isEmpty()) {
                boolean skipped = seeds.stream().allMatch(r -> r.status().equals("SKIPPED"));
                // What passing seeds said (the trace pages they wrote), once each.
                String pages = seeds.stream().map(Row::message).filter(m -> !m.isBlank()).distinct()
                        .collect(Collectors.joining("\n"));
                collapsed.add(new Row(skipped ? "SKIPPED" : "PASSED", first.step(), container, name, pages,
                        seeds.size()));
                continue;
            }
            String list = failed.stream().limit(20).map(r -> r.name().substring("seed ".length()))
                    .collect(Collectors.joining(", ")) + (failed.size() > 20 ? ", ..." : "");
            String message = seeds.size() == 1 ? failed.get(0).message()
                    : failed.size() + " of " + seeds.size() + " seeds fail: " + list + "\nThe first:\n"
                            + failed.get(0).message();
            collapsed.add(new Row(failed.get(0).status(), first.step(), container, name, message, seeds.size()));
        }
        return collapsed;
    }
}
