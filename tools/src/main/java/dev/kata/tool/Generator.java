package dev.kata.tool;

import static dev.kata.tool.Kata.ROOT;
import static dev.kata.tool.Kata.ask;
import static dev.kata.tool.Kata.delete;
import static dev.kata.tool.Kata.deleteTree;
import static dev.kata.tool.Kata.files;
import static dev.kata.tool.Kata.lowerFirst;
import static dev.kata.tool.Kata.read;
import static dev.kata.tool.Kata.write;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The generator: exercises from the reference solutions, and the mutants for the mutation check. */
final class Generator {

    static final Pattern BEGIN = Pattern.compile("^(\\s*)// kata:(begin|members) (step-(\\d+)) \"([^\"]+)\"(?: default: (.+?))?\\s*$");
    static final Pattern END = Pattern.compile("^\\s*// kata:end\\s*$");
    static final String FINGERPRINT = "// kata:fingerprint ";

    /** A learner region found in a solution source file. */
    record Region(String step, String title, boolean members, Path file, int line) {
        String where() {
            return ROOT.relativize(file) + ":" + line;
        }

        /** The step as a number (3 for "step-3"). */
        int number() {
            return Integer.parseInt(step.substring("step-".length()));
        }
    }

    /** What one solution source file becomes. */
    record Output(Path target, String content) {
    }

    /** The exercise files the generator makes for a module (every step the learner's: the full track), keyed by their path. */
    static Map<Path, Output> exerciseFiles(Module module) {
        return exerciseFiles(module, Set.of());
    }

    /**
     * The exercise files for a track: the regions of the {@code given} steps are filled in from the
     * reference, marked as given (the workshop track, see Track); every other region is a stub.
     */
    static Map<Path, Output> exerciseFiles(Module module, Set<Integer> given) {
        Map<Path, Output> outputs = new TreeMap<>();
        for (String tree : List.of("src/main/java", "src/main/resources", "src/test/java", "src/test/resources")) {
            Path from = module.solution().resolve(tree);
            if (!Files.isDirectory(from)) {
                continue;
            }
            for (Path source : files(from)) {
                Path target = module.exercise().resolve(tree).resolve(from.relativize(source));
                String text = read(source);
                String content;
                if (!source.toString().endsWith(".java")) {
                    content = text;
                } else if (!tree.startsWith("src/main")) {
                    content = withHeader(module, source, text, false);
                } else {
                    List<Span> spans = new ArrayList<>();
                    String body = render(module, source, text, r -> given.contains(r.number()) ? Form.GIVEN : Form.STUB, spans);
                    boolean anyStub = spans.stream().anyMatch(sp -> !given.contains(sp.region().number()));
                    content = withHeader(source, body, anyStub ? learnerRole(module)
                            : spans.isEmpty() ? GIVEN_ROLE : WORKSHOP_ROLE);
                }
                outputs.put(target, new Output(target, content));
            }
        }
        return outputs;
    }

    static boolean hasRegions(String text) {
        return text.lines().anyMatch(l -> BEGIN.matcher(l).matches());
    }

    /**
     * What a region becomes in the exercise: the learner's stub (the full track), the reference
     * code marked as given by the workshop track, or the reference code filled in by ./kata catchup.
     * The two fillings differ only in their marker line, so that ./kata track full takes back what
     * the track gave and leaves what a catch-up filled in (see Fill).
     */
    enum Form { STUB, GIVEN, CAUGHT_UP }

    /** Where a region went in rendered output: lines [start, end) of it. */
    record Span(Region region, int start, int end) {
    }

    /** The marker line above a region's code that the workshop track gave. */
    static String givenMarker(Region region) {
        return "// Given on the workshop track: " + region.step() + " \"" + region.title()
                + "\" (./kata track full gives it back to you)";
    }

    /** The marker line above a region's code that ./kata catchup filled in. */
    static String caughtUpMarker(Region region) {
        return "// Filled in from the reference by ./kata catchup: " + region.step() + " \"" + region.title() + "\"";
    }

    /** Replaces every region with its stub. */
    static String stub(Module module, Path source, String text) {
        return render(module, source, text, r -> Form.STUB, null);
    }

    /** Replaces every region with the form {@code form} chooses for it; records where each went in {@code spans}. */
    static String render(Module module, Path source, String text, Function<Region, Form> form, List<Span> spans) {
        List<String> out = new ArrayList<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            Matcher begin = BEGIN.matcher(lines.get(i));
            if (!begin.matches()) {
                if (lines.get(i).contains("kata:")) {
                    throw new KataError(ROOT.relativize(source) + ":" + (i + 1)
                            + ": a kata marker the generator does not understand: " + lines.get(i).strip()
                            + "\n  (write // kata:begin step-N \"Title\", // kata:members step-N \"Title\", // kata:end)");
                }
                out.add(lines.get(i));
                continue;
            }
            String indent = begin.group(1);
            String step = begin.group(3);
            String title = begin.group(5);
            Region region = new Region(step, title, begin.group(2).equals("members"), source, i + 1);
            int end = endOf(source, lines, i);
            if (!region.members()) {
                requireMethodTail(source, lines, end);
            }
            int start = out.size();
            Form chosen = form.apply(region);
            if (chosen != Form.STUB) {
                out.add(indent + (chosen == Form.GIVEN ? givenMarker(region) : caughtUpMarker(region)));
                out.addAll(lines.subList(i + 1, end));
            } else if (region.members()) {
                out.add(indent + "// TODO " + step + ": " + title);
            } else if (begin.group(6) != null) {
                // A region with a default: the stub keeps the earlier steps working until the
                // learner replaces it (for example "return false;" for "is the segment full?").
                out.add(indent + "// TODO " + step + ": " + title + " (see " + module.name() + "/README.md#" + step + ")");
                out.add(indent + begin.group(6));
            } else {
                String anchor = module.name() + "/README.md#" + step;
                out.add(indent + "// TODO " + step + ": " + title);
                out.add(indent + "throw new UnsupportedOperationException(\"TODO " + step + " (" + module.name() + "): "
                        + lowerFirst(title) + "; see " + anchor + "\");");
            }
            if (spans != null) {
                spans.add(new Span(region, start, out.size()));
            }
            i = end;
        }
        StringBuilder joined = new StringBuilder();
        out.forEach(l -> joined.append(l).append('\n'));
        return joined.toString();
    }

    /**
     * The mutant copy: each begin region keeps its code behind a switch that stubs it. In a members
     * region, each helper method gets such a switch at the start of its body (the exercise drops
     * the method, so a learner who writes it wrong must meet a failing test too); its fields get
     * none: a field cannot be switched off and still compile, and what a learner must do with it
     * is done in the regions that read and write it (docs/design.md, section 6.2).
     */
    static String mutant(Path source, String text, List<Region> regions) {
        StringBuilder out = new StringBuilder();
        List<String> lines = text.lines().toList();
        Matcher members = null; // the members region we are in, if any
        Region method = null; // a method of it whose body has not opened yet
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            out.append(line).append('\n');
            if (members != null) {
                if (END.matcher(line).matches()) {
                    members = null;
                    method = null;
                    continue;
                }
                Matcher header = MEMBER_METHOD.matcher(line);
                if (method == null && line.startsWith(members.group(1)) && !line.startsWith(members.group(1) + " ")
                        && header.matches() && !line.strip().endsWith(";") && !line.strip().endsWith("}")) {
                    method = new Region(members.group(3), members.group(5) + ": " + header.group(1) + "()", false, source, i + 1);
                }
                if (method != null && line.strip().endsWith("{")) {
                    int id = regions.size();
                    out.append(members.group(1)).append("    if (dev.kata.runtime.testing.Mutant.isActive(").append(id)
                            .append(")) { throw new UnsupportedOperationException(\"kata mutant ").append(id).append(": ")
                            .append(method.step()).append(' ').append(method.title().replaceFirst(".*: ", ""))
                            .append(" stubbed\"); }\n");
                    regions.add(method);
                    method = null;
                }
                continue;
            }
            Matcher begin = BEGIN.matcher(line);
            if (begin.matches()) {
                Region region = new Region(begin.group(3), begin.group(5), begin.group(2).equals("members"), source, i + 1);
                if (region.members()) {
                    members = begin;
                } else {
                    int id = regions.size();
                    String stub = begin.group(6) != null ? begin.group(6)
                            : "throw new UnsupportedOperationException(\"kata mutant " + id + ": " + region.step() + " stubbed\");";
                    out.append(begin.group(1)).append("if (dev.kata.runtime.testing.Mutant.isActive(").append(id)
                            .append(")) { ").append(stub).append(" }\n");
                    regions.add(region);
                }
            }
        }
        return out.toString();
    }

    /**
     * A method's header line in a members region: modifiers, a return type and a lower-case name
     * (constructors are left alone: a throw may not come before their this() or super()).
     */
    static final Pattern MEMBER_METHOD = Pattern.compile(
            "^\\s*(?:@\\w+(?:\\([^)]*\\))?\\s+)*(?:(?:public|protected|private|static|final|synchronized|default)\\s+)*"
                    + "(?:<[^>]+>\\s+)?[\\w.<>\\[\\], ?]+\\s+([a-z]\\w*)\\s*\\(.*");

    static int endOf(Path source, List<String> lines, int begin) {
        for (int j = begin + 1; j < lines.size(); j++) {
            if (BEGIN.matcher(lines.get(j)).matches()) {
                throw new KataError(ROOT.relativize(source) + ":" + (j + 1)
                        + ": a kata region starts inside the region that starts at line " + (begin + 1));
            }
            if (END.matcher(lines.get(j)).matches()) {
                return j;
            }
        }
        throw new KataError(ROOT.relativize(source) + ":" + (begin + 1) + ": this kata region has no // kata:end");
    }

    /** A stub throws, so a begin region must be the tail of its method: only "}" may follow. */
    static void requireMethodTail(Path source, List<String> lines, int end) {
        for (int j = end + 1; j < lines.size(); j++) {
            String next = lines.get(j).strip();
            if (next.isEmpty() || next.startsWith("//")) {
                continue;
            }
            if (next.startsWith("}")) {
                return;
            }
            throw new KataError(ROOT.relativize(source) + ":" + (j + 1)
                    + ": code follows a kata region; a region must end its method, because its stub throws");
        }
    }

    static String withHeader(Module module, Path source, String body, boolean learnerFile) {
        return withHeader(source, body, learnerFile ? learnerRole(module) : GIVEN_ROLE);
    }

    static final String GIVEN_ROLE = "// Given code: the exercise uses it as it is.";
    static final String WORKSHOP_ROLE = "// Given on the workshop track: every step of this file is filled in (./kata track full gives them back to you).";

    static String learnerRole(Module module) {
        return "// Yours to write: replace each TODO stub (" + module.name() + "/README.md says how).";
    }

    static String withHeader(Path source, String body, String role) {
        String from = ROOT.relativize(source).toString().replace('\\', '/');
        return "// Generated from " + from + " by ./kata sync: maintainers edit there.\n"
                + role + "\n"
                + FINGERPRINT + fingerprint(body) + "\n"
                + body;
    }

    /** The fingerprint in a generated header: if the body no longer matches it, a person edited the file. */
    static String fingerprint(String body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether a generated file is still as generated (its body matches its fingerprint). */
    static boolean untouched(String content) {
        int at = content.indexOf(FINGERPRINT);
        if (at < 0) {
            return false;
        }
        int lineEnd = content.indexOf('\n', at);
        String recorded = content.substring(at + FINGERPRINT.length(), lineEnd).strip();
        return recorded.equals(fingerprint(content.substring(lineEnd + 1)));
    }

    /** Writes the exercises; never overwrites a learner's edit without asking (or --force). */
    static int sync(boolean force, Module only) {
        int written = 0;
        int kept = 0;
        for (Module module : only == null ? Module.all() : List.of(only)) {
            // The exercise as the checkout's track has it (Track): on the workshop track, the
            // steps outside the core are given.
            Map<Path, Output> outputs = exerciseFiles(module, Track.given(module));
            for (Output output : outputs.values()) {
                Path target = output.target();
                String current = Files.exists(target) ? read(target) : null;
                if (output.content().equals(current)) {
                    continue;
                }
                boolean safe = current == null || untouched(current) || !target.toString().endsWith(".java");
                if (!safe && !force && !ask("You have edited " + ROOT.relativize(target)
                        + ". Replace it with the generated version (your changes are lost)?")) {
                    System.out.println("kept your version of " + ROOT.relativize(target));
                    kept++;
                    continue;
                }
                write(target, output.content());
                System.out.println("wrote " + ROOT.relativize(target));
                written++;
            }
            for (Path stale : staleFiles(module, outputs)) {
                String current = read(stale);
                if (untouched(current) || force) {
                    delete(stale);
                    System.out.println("removed " + ROOT.relativize(stale) + " (its source is gone)");
                } else {
                    System.out.println("left " + ROOT.relativize(stale) + " (not generated, or edited)");
                }
            }
        }
        if (only == null) {
            Mistakes.syncGuide();
        }
        System.out.println(written == 0 && kept == 0 ? "Exercises are in sync." : written + " file(s) written"
                + (kept > 0 ? ", " + kept + " kept (./kata sync --force replaces them)" : "") + ".");
        return 0;
    }

    /** Generated files in an exercise whose solution source no longer exists. */
    static List<Path> staleFiles(Module module, Map<Path, Output> outputs) {
        List<Path> stale = new ArrayList<>();
        for (String tree : List.of("src/main/java", "src/test/java")) {
            Path dir = module.exercise().resolve(tree);
            if (Files.isDirectory(dir)) {
                for (Path file : files(dir)) {
                    if (!outputs.containsKey(file) && read(file).startsWith("// Generated from ")) {
                        stale.add(file);
                    }
                }
            }
        }
        return stale;
    }

    /** ./kata mutants: fails if a planted mistake cannot run (the problems are printed). */
    static int writeMutants() {
        List<String> problems = new ArrayList<>();
        writeMutants(problems);
        problems.forEach(p -> System.out.println("  - " + p));
        return problems.isEmpty() ? 0 : 1;
    }

    /**
     * Writes target/kata-mutants/{src,regions.tsv} for every solution module, and the planted
     * mistakes that can run (mistakes/, mistakes.tsv); {@code problems} gets those that cannot.
     */
    static void writeMutants(List<String> problems) {
        for (Module module : Module.all()) {
            Path out = module.solution().resolve("target/kata-mutants");
            deleteTree(out);
            List<Region> regions = new ArrayList<>();
            Path src = module.solution().resolve("src/main/java");
            for (Path source : files(src)) {
                String text = read(source);
                stub(module, source, text); // validates the markers
                write(out.resolve("src").resolve(src.relativize(source)), mutant(source, text, regions));
            }
            StringBuilder tsv = new StringBuilder();
            for (int id = 0; id < regions.size(); id++) {
                Region r = regions.get(id);
                tsv.append(id).append('\t').append(r.step()).append('\t').append(r.where()).append('\t')
                        .append(r.title()).append('\n');
            }
            write(out.resolve("regions.tsv"), tsv.toString());
            List<Mistakes.Checked> mistakes = Mistakes.check(module, problems);
            int planted = Mistakes.writeMutants(module, out, mistakes, problems);
            System.out.println(module.name() + ": " + regions.size() + " learner regions, " + planted + " planted mistakes");
        }
    }
}
