package dev.kata.tool;

import static dev.kata.tool.Kata.ROOT;
import static dev.kata.tool.Kata.files;
import static dev.kata.tool.Kata.read;
import static dev.kata.tool.Kata.write;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Planted mistakes as data (issue 10): {@code solutions/NN-name/mistakes.txt} lists the ways learners
 * really get a step wrong, each as the exact lines of the reference it replaces. {@code ./kata
 * mutants} checks each mistake against the reference and the tests and writes its patched copy of
 * the one file it changes under {@code target/kata-mutants/mistakes}; the runtime's
 * {@code PlantedMistakes} compiles and runs them. The instructor guide's mistake tables are
 * generated from the same files ({@code ./kata sync}), so they name only tests that exist.
 * The format: docs/design.md, section 6.3.
 */
final class Mistakes {

    static final String FILE = "mistakes.txt";
    static final String GUIDE = "docs/instructor-guide.md";
    static final Set<String> REQUIRED = Set.of("id", "step", "title", "why", "file", "caught-by");
    static final Set<String> OPTIONAL = Set.of("where", "sees");
    static final Pattern TEST_NAME = Pattern.compile("[A-Z]\\w*(#\\w+)?");
    static final Pattern STEP_TAG = Pattern.compile("@Tag\\(\"step-(\\d+)\"\\)");

    private Mistakes() {
    }

    /** One planted mistake, as written in mistakes.txt ({@code line}: where its block starts). */
    record Mistake(Map<String, String> headers, String find, String replace, int line) {
        String id() {
            return headers.getOrDefault("id", "?");
        }

        String header(String key) {
            return headers.getOrDefault(key, "");
        }

        List<String> caughtBy() {
            return List.of(header("caught-by").split("\\s*,\\s*")).stream().filter(s -> !s.isBlank()).toList();
        }
    }

    /** A mistake ready to run: the file it changes, the fully qualified tests it names, where the guide says it is. */
    record Checked(Mistake mistake, Path file, List<String> tests, String where) {
    }

    /** The mistakes of a module (none if it has no mistakes.txt). */
    static List<Mistake> of(Module module) {
        Path file = module.solution().resolve(FILE);
        return Files.isRegularFile(file) ? parse(read(file), ROOT.relativize(file).toString()) : List.of();
    }

    /** Parses the blocks of a mistakes file; a malformed block is a {@link KataError} naming its line. */
    static List<Mistake> parse(String text, String name) {
        List<Mistake> mistakes = new ArrayList<>();
        List<String> lines = text.lines().toList();
        int i = 0;
        while (i < lines.size()) {
            while (i < lines.size() && (lines.get(i).isBlank() || lines.get(i).startsWith("#") || lines.get(i).equals("==="))) {
                i++;
            }
            if (i >= lines.size()) {
                break;
            }
            int start = i + 1;
            Map<String, String> headers = new LinkedHashMap<>();
            while (i < lines.size() && !lines.get(i).equals("--- find")) {
                String line = lines.get(i);
                int colon = line.indexOf(':');
                if (line.startsWith("#") || line.isBlank()) {
                    i++;
                    continue;
                }
                if (colon < 0 || line.equals("===") || line.startsWith("--- ")) {
                    throw new KataError(name + ":" + (i + 1) + ": expected 'key: value' or '--- find', found: " + line);
                }
                String key = line.substring(0, colon).strip();
                String value = line.substring(colon + 1).strip();
                if (!REQUIRED.contains(key) && !OPTIONAL.contains(key)) {
                    throw new KataError(name + ":" + (i + 1) + ": unknown key '" + key + "'; the keys are "
                            + String.join(", ", REQUIRED.stream().sorted().toList()) + " and, optional, "
                            + String.join(", ", OPTIONAL.stream().sorted().toList()));
                }
                // A long value may go on over lines that start with spaces.
                while (i + 1 < lines.size() && lines.get(i + 1).startsWith("  ") && !lines.get(i + 1).isBlank()) {
                    value = value + " " + lines.get(++i).strip();
                }
                headers.put(key, value);
                i++;
            }
            if (i >= lines.size()) {
                throw new KataError(name + ":" + start + ": this mistake has no '--- find' section");
            }
            i++;
            List<String> find = new ArrayList<>();
            while (i < lines.size() && !lines.get(i).equals("--- replace")) {
                if (lines.get(i).equals("===")) {
                    throw new KataError(name + ":" + (i + 1) + ": this mistake has no '--- replace' section");
                }
                find.add(lines.get(i++));
            }
            if (i >= lines.size()) {
                throw new KataError(name + ":" + start + ": this mistake has no '--- replace' section");
            }
            i++;
            List<String> replace = new ArrayList<>();
            while (i < lines.size() && !lines.get(i).equals("===")) {
                replace.add(lines.get(i++));
            }
            for (String key : REQUIRED.stream().sorted().toList()) {
                if (headers.getOrDefault(key, "").isEmpty()) {
                    throw new KataError(name + ":" + start + ": this mistake has no '" + key + ":'");
                }
            }
            mistakes.add(new Mistake(headers, trimBlankEnds(find), trimBlankEnds(replace), start));
        }
        return mistakes;
    }

    private static String trimBlankEnds(List<String> lines) {
        int from = 0;
        int to = lines.size();
        while (from < to && lines.get(from).isBlank()) {
            from++;
        }
        while (to > from && lines.get(to - 1).isBlank()) {
            to--;
        }
        return String.join("\n", lines.subList(from, to));
    }

    /**
     * Checks every mistake of a module against the reference and its tests; {@code problems} gets one
     * line per mistake that cannot run (its find text gone, a test that does not exist or belongs to
     * a later step, ...), and the rest are returned ready to run.
     */
    static List<Checked> check(Module module, List<String> problems) {
        return check(module, of(module), problems);
    }

    static List<Checked> check(Module module, List<Mistake> mistakes, List<String> problems) {
        List<Checked> ready = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        String where = module.name() + "/" + FILE;
        for (Mistake m : mistakes) {
            String at = where + ":" + m.line() + " (" + m.id() + "): ";
            int before = problems.size();
            if (!m.id().matches("[a-z0-9][a-z0-9-]*")) {
                problems.add(at + "an id is lower case letters, digits and dashes");
            }
            if (!ids.add(m.id())) {
                problems.add(at + "a second mistake with this id");
            }
            int step = -1;
            try {
                step = Integer.parseInt(m.header("step").replaceFirst("^step-", ""));
            } catch (NumberFormatException e) {
                problems.add(at + "step is a number, not '" + m.header("step") + "'");
            }
            Path file = module.solution().resolve(m.header("file"));
            String text = Files.isRegularFile(file) ? read(file) : null;
            String method = "";
            if (text == null) {
                problems.add(at + "no file " + ROOT.relativize(file));
            } else if (m.find().isBlank()) {
                problems.add(at + "the find section is empty");
            } else {
                int first = text.indexOf(m.find());
                int count = occurrences(text, m.find());
                if (count != 1) {
                    problems.add(at + (count == 0
                            ? "its find text no longer occurs in " + m.header("file") + " (the reference changed: update the mistake)"
                            : "its find text occurs " + count + " times in " + m.header("file") + "; add lines around it until it is unique"));
                } else if (m.find().equals(m.replace())) {
                    problems.add(at + "its replace text is the same as its find text");
                } else {
                    String region = regionAt(text, first);
                    if (region == null) {
                        problems.add(at + "its find text is not inside a learner region of " + m.header("file")
                                + " (a mistake is one a learner can make)");
                    } else if (step >= 0 && !region.equals("step-" + step)) {
                        problems.add(at + "its find text is in a " + region + " region, but the mistake says step " + step);
                    }
                    method = enclosingMethod(text, first);
                }
            }
            List<String> tests = new ArrayList<>();
            for (String test : m.caughtBy()) {
                if (!TEST_NAME.matcher(test).matches()) {
                    problems.add(at + "caught-by names a test class or Class#method, not '" + test + "'");
                    continue;
                }
                String type = test.contains("#") ? test.substring(0, test.indexOf('#')) : test;
                Optional<Path> source = testSource(module, type);
                if (source.isEmpty()) {
                    problems.add(at + "caught-by " + test + ": no such test class in " + module.name() + "'s tests");
                    continue;
                }
                String testText = read(source.get());
                if (test.contains("#") && !testText.contains(" " + test.substring(test.indexOf('#') + 1) + "(")) {
                    problems.add(at + "caught-by " + test + ": " + type + " has no test method " + test.substring(test.indexOf('#') + 1));
                    continue;
                }
                Matcher tag = STEP_TAG.matcher(testText);
                if (!tag.find()) {
                    problems.add(at + "caught-by " + test + ": " + type + " has no @Tag(\"step-N\")");
                } else if (step >= 0 && Integer.parseInt(tag.group(1)) > step) {
                    problems.add(at + "caught-by " + test + " is a test of step " + tag.group(1) + ", later than the mistake's step "
                            + step + ": a learner would finish the step green with the mistake; name a test of step " + step + " or before");
                }
                String pkg = module.solution().resolve("src/test/java").relativize(source.get().getParent()).toString()
                        .replace('\\', '/').replace('/', '.');
                tests.add(pkg + "." + test);
            }
            if (m.caughtBy().isEmpty()) {
                problems.add(at + "caught-by names no test");
            }
            if (problems.size() == before) {
                String shown = m.header("where").isEmpty()
                        ? file.getFileName().toString().replace(".java", "") + (method.isEmpty() ? "" : "." + method)
                        : m.header("where");
                ready.add(new Checked(m, file, tests, shown));
            }
        }
        return ready;
    }

    static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    /** The step ("step-3") of the learner region around {@code offset}, or null if it is in given code. */
    static String regionAt(String text, int offset) {
        String step = null;
        int position = 0;
        for (String line : text.split("\n", -1)) {
            if (position > offset) {
                break;
            }
            Matcher begin = Generator.BEGIN.matcher(line);
            if (begin.matches()) {
                step = begin.group(3);
            } else if (Generator.END.matcher(line).matches()) {
                step = null;
            }
            position += line.length() + 1;
        }
        return step;
    }

    private static final Pattern METHOD = Pattern.compile(
            "^ {4}(?!(?:if|for|while|switch|return|new|else|catch|try|do|throw|synchronized)\\b)(?=\\S)(?:@\\w+\\s+)*(?:(?:public|protected|private|static|final|synchronized|abstract|default)\\s+)*"
                    + "(?:<[^>]+>\\s+)?[\\w.<>\\[\\], ?]+\\s+(\\w+)\\s*\\(.*");

    /** The name of the method a class member at {@code offset} sits in ("" if none is found). */
    static String enclosingMethod(String text, int offset) {
        String[] lines = text.substring(0, offset).split("\n", -1);
        for (int i = lines.length - 1; i >= 0; i--) {
            Matcher m = METHOD.matcher(lines[i]);
            if (m.matches() && !lines[i].strip().startsWith("return ")) {
                return m.group(1);
            }
        }
        return "";
    }

    static Optional<Path> testSource(Module module, String type) {
        Path tests = module.solution().resolve("src/test/java");
        if (!Files.isDirectory(tests)) {
            return Optional.empty();
        }
        return files(tests).stream().filter(p -> p.getFileName().toString().equals(type + ".java")).findFirst();
    }

    /**
     * Writes each ready mistake's patched file to {@code out/mistakes/K/src} and lists them in
     * {@code out/mistakes.tsv} (number, id, step, tests, title), for the runtime's PlantedMistakes.
     * The patch goes into the mutant copy of the file ({@code out/src}, already written), so that
     * the later steps' regions can be stubbed around the mistake as the learner has them; a find
     * text that spans a region's first line cannot, and is reported.
     */
    static int writeMutants(Module module, Path out, List<Checked> ready, List<String> problems) {
        StringBuilder tsv = new StringBuilder();
        Path src = module.solution().resolve("src/main/java");
        int k = 0;
        for (Checked c : ready) {
            Path relative = src.relativize(c.file());
            String mutant = read(out.resolve("src").resolve(relative));
            Mistake m = c.mistake();
            if (occurrences(mutant, m.find()) != 1) {
                problems.add(module.name() + "/" + FILE + ":" + m.line() + " (" + m.id() + "): its find text spans the "
                        + "first line of a region; start it below the region's first line");
                continue;
            }
            int at = mutant.indexOf(m.find());
            write(out.resolve("mistakes").resolve(String.valueOf(k)).resolve("src").resolve(relative),
                    mutant.substring(0, at) + m.replace() + mutant.substring(at + m.find().length()));
            tsv.append(k).append('\t').append(m.id()).append('\t').append("step-")
                    .append(m.header("step").replaceFirst("^step-", "")).append('\t')
                    .append(String.join(",", c.tests())).append('\t').append(m.header("title")).append('\n');
            k++;
        }
        write(out.resolve("mistakes.tsv"), tsv.toString());
        return k;
    }

    // ------------------------------------------------------------------------------------------
    // The instructor guide's tables
    // ------------------------------------------------------------------------------------------

    static final Pattern BLOCK = Pattern.compile(
            "<!-- kata:mistakes (\\d\\d-[\\w-]+)[^\\n]*-->\\n(.*?)<!-- kata:mistakes end -->", Pattern.DOTALL);

    /** The table of a module's mistakes, as the guide shows it. */
    static String table(Module module, List<Checked> mistakes) {
        StringBuilder out = new StringBuilder();
        out.append("| mistake | where | caught by | what the learner sees |\n|---|---|---|---|\n");
        for (Checked c : mistakes) {
            Mistake m = c.mistake();
            out.append("| **").append(cell(m.header("title"))).append(".** ").append(cell(sentence(m.header("why"))))
                    .append(" | `").append(c.where()).append("` (step ").append(m.header("step").replaceFirst("^step-", ""))
                    .append(") | ").append(m.caughtBy().stream().map(t -> "`" + t + "`").collect(Collectors.joining(", ")))
                    .append(" | ").append(cell(m.header("sees"))).append(" |\n");
        }
        return out.toString();
    }

    /** A "why" as the guide shows it: a capital first, a full stop last. */
    private static String sentence(String text) {
        String upper = text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
        return upper.isEmpty() || upper.matches("(?s).*[.!?)\"]$") ? upper : upper + ".";
    }

    private static String cell(String text) {
        return text.replace("|", "\\|");
    }

    /**
     * The guide with each marked block rewritten from its module's mistakes.txt; {@code problems}
     * gets a line for a module with mistakes but no block, or a block with no module.
     */
    static String guide(String text, List<String> problems) {
        Map<String, Module> modules = new LinkedHashMap<>();
        for (Module module : Module.all()) {
            modules.put(module.name(), module);
        }
        Set<String> seen = new HashSet<>();
        Matcher m = BLOCK.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            seen.add(name);
            Module module = modules.get(name);
            List<String> ignored = new ArrayList<>();
            String table = module == null ? m.group(2) : table(module, check(module, ignored));
            if (module == null) {
                problems.add(GUIDE + " has a mistakes block for " + name + ", which is no module");
            }
            m.appendReplacement(out, Matcher.quoteReplacement("<!-- kata:mistakes " + name + ": generated from solutions/"
                    + name + "/" + FILE + " by ./kata sync; edit that file, not this table -->\n" + table
                    + "<!-- kata:mistakes end -->"));
        }
        m.appendTail(out);
        for (Module module : modules.values()) {
            if (!seen.contains(module.name()) && !of(module).isEmpty()) {
                problems.add(GUIDE + " has no table for " + module.name() + "'s " + FILE + ": put the two lines "
                        + "<!-- kata:mistakes " + module.name() + " --> and <!-- kata:mistakes end --> where it goes "
                        + "(under \"### In " + module.number() + "\"), then ./kata sync");
            }
        }
        return out.toString();
    }

    /** ./kata sync: rewrites the guide's tables. */
    static void syncGuide() {
        Path file = ROOT.resolve(GUIDE);
        if (!Files.isRegularFile(file)) {
            return;
        }
        String text = read(file);
        List<String> problems = new ArrayList<>();
        String fresh = guide(text, problems);
        problems.forEach(p -> System.out.println("note: " + p));
        if (!fresh.equals(text)) {
            write(file, fresh);
            System.out.println("wrote " + GUIDE + " (its mistake tables, from the modules' " + FILE + ")");
        }
    }

    /** ./kata check-sync: the guide's tables are what ./kata sync would write. */
    static List<String> guideProblems() {
        Path file = ROOT.resolve(GUIDE);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        String text = read(file);
        List<String> problems = new ArrayList<>();
        if (!guide(text, problems).equals(text)) {
            problems.add(GUIDE + ": a mistake table differs from its module's " + FILE + " (run ./kata sync)");
        }
        problems.addAll(missingTests(text));
        return problems;
    }

    private static final Pattern TEST_CLASS = Pattern.compile("`([A-Z]\\w*Test)\\b");

    /**
     * The test classes the guide names (in backticks) that no module has: the hand-written rows
     * below each generated table cannot claim a test that was renamed or deleted either.
     */
    static List<String> missingTests(String guide) {
        Set<String> known = new HashSet<>();
        List<Path> roots = new ArrayList<>(List.of(ROOT.resolve("00-runtime/src/test/java"), ROOT.resolve("tools/src/test/java")));
        Module.all().forEach(m -> roots.add(m.solution().resolve("src/test/java")));
        for (Path root : roots) {
            if (Files.isDirectory(root)) {
                files(root).forEach(f -> known.add(f.getFileName().toString().replaceFirst("\\.java$", "")));
            }
        }
        List<String> problems = new ArrayList<>();
        Matcher m = TEST_CLASS.matcher(guide);
        while (m.find()) {
            if (!known.contains(m.group(1))) {
                problems.add(GUIDE + " names " + m.group(1) + ", which no module's tests have (renamed or deleted?)");
            }
        }
        return problems.stream().distinct().toList();
    }
}
