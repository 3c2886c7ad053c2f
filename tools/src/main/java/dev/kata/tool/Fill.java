package dev.kata.tool;

import static dev.kata.tool.Kata.ROOT;
import static dev.kata.tool.Kata.files;
import static dev.kata.tool.Kata.read;
import static dev.kata.tool.Kata.write;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Fills regions of a learner's exercise files in from the reference, or gives them back as stubs,
 * without touching anything else of the file: ./kata track and ./kata catchup.
 *
 * <p>The exercise files are the learner's working copy, so a region is found in them, not
 * regenerated over them. A region ends its method (docs/design.md, 2.2), so in any version of the
 * file it is what lies between the lines the generator puts before it (its anchor: the given code
 * above it, down to the method's signature) and the brace that closes its method. Whatever is there
 * is the learner's, unless it is exactly one of the generator's forms of that region (the stub, or
 * the code the workshop track gave): only those are replaced by a track switch. ./kata catchup
 * replaces the learner's code too, after copying each file it changes to .kata/saved.
 */
final class Fill {

    private Fill() {
    }

    static final Path SAVED = ROOT.resolve(".kata/saved");

    /** One region of a solution file: the lines before it that find it, and its lines in each form. */
    record Block(Generator.Region region, List<String> anchor, Map<Generator.Form, List<String>> forms) {
    }

    /** The steps that have a learner region in the module's reference. */
    static Set<Integer> regionSteps(Module module) {
        Set<Integer> steps = new TreeSet<>();
        for (Path source : sources(module)) {
            for (String line : read(source).split("\n")) {
                java.util.regex.Matcher begin = Generator.BEGIN.matcher(line);
                if (begin.matches()) {
                    steps.add(Integer.parseInt(begin.group(4)));
                }
            }
        }
        return steps;
    }

    /** The module's solution sources that have regions. */
    static List<Path> sources(Module module) {
        Path src = module.solution().resolve("src/main/java");
        return files(src).stream().filter(f -> f.toString().endsWith(".java") && Generator.hasRegions(read(f))).toList();
    }

    static Path exerciseFile(Module module, Path source) {
        return module.exercise().resolve("src/main/java").resolve(module.solution().resolve("src/main/java").relativize(source));
    }

    /** The regions of one solution file, each in every form, with its anchor. */
    static List<Block> blocks(Module module, Path source, String text) {
        Map<Generator.Form, List<String>> rendered = new EnumMap<>(Generator.Form.class);
        Map<Generator.Form, List<Generator.Span>> spans = new EnumMap<>(Generator.Form.class);
        for (Generator.Form form : Generator.Form.values()) {
            List<Generator.Span> s = new ArrayList<>();
            rendered.put(form, Generator.render(module, source, text, r -> form, s).lines().toList());
            spans.put(form, s);
        }
        List<Block> blocks = new ArrayList<>();
        List<String> stubs = rendered.get(Generator.Form.STUB);
        int previousEnd = 0;
        for (int k = 0; k < spans.get(Generator.Form.STUB).size(); k++) {
            Generator.Span stub = spans.get(Generator.Form.STUB).get(k);
            Map<Generator.Form, List<String>> forms = new EnumMap<>(Generator.Form.class);
            for (Generator.Form form : Generator.Form.values()) {
                Generator.Span span = spans.get(form).get(k);
                List<String> lines = rendered.get(form);
                int end = stub.region().members() ? span.end() : closingLine(lines, span.start());
                forms.put(form, List.copyOf(lines.subList(span.start(), end)));
            }
            // The anchor: up to six lines of given code just above the region (never lines of the
            // region before it, which the learner may have changed).
            int from = Math.max(previousEnd, stub.start() - 6);
            blocks.add(new Block(stub.region(), List.copyOf(stubs.subList(from, stub.start())), forms));
            int stubEnd = stub.region().members() ? stub.end() : closingLine(stubs, stub.start());
            previousEnd = stubEnd;
        }
        return blocks;
    }

    /**
     * The line of the brace that closes the block the line {@code start} is in (its method), read
     * as Java: braces in strings, characters, text blocks and comments do not count. -1 if none.
     */
    static int closingLine(List<String> lines, int start) {
        int depth = 0;
        boolean blockComment = false;
        boolean textBlock = false;
        for (int n = start; n < lines.size(); n++) {
            String line = lines.get(n);
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (blockComment) {
                    if (line.startsWith("*/", i)) {
                        blockComment = false;
                        i++;
                    }
                } else if (textBlock) {
                    if (line.startsWith("\"\"\"", i)) {
                        textBlock = false;
                        i += 2;
                    } else if (c == '\\') {
                        i++;
                    }
                } else if (line.startsWith("//", i)) {
                    break;
                } else if (line.startsWith("/*", i)) {
                    blockComment = true;
                    i++;
                } else if (line.startsWith("\"\"\"", i)) {
                    textBlock = true;
                    i += 2;
                } else if (c == '"' || c == '\'') {
                    for (i++; i < line.length() && line.charAt(i) != c; i++) {
                        if (line.charAt(i) == '\\') {
                            i++;
                        }
                    }
                } else if (c == '{') {
                    depth++;
                } else if (c == '}' && depth-- == 0) {
                    return n;
                }
            }
        }
        return -1;
    }

    /** Where a region is in a learner's lines: [start, end), or null if it cannot be told for sure. */
    static int[] locate(List<String> lines, Block block) {
        List<String> anchor = block.anchor();
        int found = -1;
        for (int k = 0; k + anchor.size() <= lines.size(); k++) {
            if (lines.subList(k, k + anchor.size()).equals(anchor)) {
                if (found >= 0) {
                    return null; // twice: which one is it?
                }
                found = k;
            }
        }
        if (found < 0) {
            return null;
        }
        int start = found + anchor.size();
        if (block.region().members()) {
            for (List<String> form : block.forms().values()) {
                if (start + form.size() <= lines.size() && lines.subList(start, start + form.size()).equals(form)) {
                    return new int[] {start, start + form.size()};
                }
            }
            return null;
        }
        int end = closingLine(lines, start);
        if (end < 0 || !lines.get(end).substring(0, lines.get(end).indexOf('}')).isBlank()) {
            return null; // no closing brace, or code before it on its line: not a place to cut
        }
        return new int[] {start, end};
    }

    /** What happened to one region. */
    enum Outcome { CHANGED, ALREADY, KEPT_YOURS, KEPT_CAUGHT_UP, NOT_FOUND }

    /**
     * The learner's text with each region put in the form {@code wanted} gives it (null: left
     * alone). A region that holds the learner's own code is kept, unless {@code replaceYours}.
     */
    static String rewrite(String text, List<Block> blocks, Function<Generator.Region, Generator.Form> wanted,
                          boolean replaceYours, Map<Generator.Region, Outcome> outcomes) {
        List<String> lines = new ArrayList<>(text.lines().toList());
        for (Block block : blocks) {
            Generator.Form form = wanted.apply(block.region());
            if (form == null) {
                continue;
            }
            int[] at = locate(lines, block);
            if (at == null) {
                outcomes.put(block.region(), Outcome.NOT_FOUND);
                continue;
            }
            List<String> current = lines.subList(at[0], at[1]);
            List<String> target = block.forms().get(form);
            boolean generated = current.equals(block.forms().get(Generator.Form.STUB))
                    || current.equals(block.forms().get(Generator.Form.GIVEN));
            List<String> caughtUp = block.forms().get(Generator.Form.CAUGHT_UP);
            if (current.equals(target) || (form == Generator.Form.CAUGHT_UP && current.equals(block.forms().get(Generator.Form.GIVEN)))
                    || (form == Generator.Form.GIVEN && current.equals(caughtUp))) {
                // Already the reference, whichever marker it carries.
                outcomes.put(block.region(), Outcome.ALREADY);
            } else if (!replaceYours && current.equals(caughtUp)) {
                outcomes.put(block.region(), Outcome.KEPT_CAUGHT_UP);
            } else if (generated || replaceYours) {
                current.clear();
                current.addAll(target);
                outcomes.put(block.region(), Outcome.CHANGED);
            } else {
                outcomes.put(block.region(), Outcome.KEPT_YOURS);
            }
        }
        StringBuilder out = new StringBuilder();
        lines.forEach(l -> out.append(l).append('\n'));
        return out.toString();
    }

    /**
     * The learner's file with the header's second line (whose it is: "Yours to write", "Given on the
     * workshop track") as in the generated file, if it still is one of the generator's lines.
     */
    static String withRoleOf(String generated, String text) {
        String[] mine = text.split("\n", 3);
        String role = generated.split("\n", 3)[1];
        boolean generatorsLine = mine.length == 3 && mine[0].startsWith("// Generated from ")
                && (mine[1].startsWith("// Yours to write: ") || mine[1].equals(Generator.WORKSHOP_ROLE));
        return generatorsLine ? mine[0] + "\n" + role + "\n" + mine[2] : text;
    }

    /** A file ./kata catchup filled in: it must be rewritten region by region, never regenerated whole. */
    static boolean caughtUp(String content) {
        return content.contains("by ./kata catchup: ");
    }

    /**
     * Puts a module's exercise on a track: the {@code given} steps' regions filled in, the others
     * stubs, where they are still as the generator made them. Returns how many regions held the
     * learner's own code and were kept.
     */
    static int switchTrack(Module module, Set<Integer> given) {
        Map<Path, Generator.Output> outputs = Generator.exerciseFiles(module, given);
        // Only the steps outside the core change with the track; the core is the learner's on both.
        Set<Integer> changing = Track.givenOnWorkshop(module);
        int kept = 0;
        for (Path source : sources(module)) {
            Path target = exerciseFile(module, source);
            String generated = outputs.get(target).content();
            String current = Files.exists(target) ? read(target) : null;
            if (generated.equals(current)) {
                continue;
            }
            if (current == null || (Generator.untouched(current) && !caughtUp(current))) {
                write(target, generated);
                System.out.println("wrote " + ROOT.relativize(target));
                continue;
            }
            Map<Generator.Region, Outcome> outcomes = new java.util.LinkedHashMap<>();
            String rewritten = rewrite(current, blocks(module, source, read(source)),
                    r -> !changing.contains(r.number()) ? null : given.contains(r.number()) ? Generator.Form.GIVEN
                            : Generator.Form.STUB, false, outcomes);
            rewritten = withRoleOf(generated, rewritten);
            if (!rewritten.equals(current)) {
                write(target, rewritten);
                System.out.println("wrote " + ROOT.relativize(target) + " (your code in it stays)");
            }
            for (Map.Entry<Generator.Region, Outcome> e : outcomes.entrySet()) {
                Generator.Region r = e.getKey();
                boolean wouldChange = given.contains(r.number());
                if (e.getValue() == Outcome.KEPT_YOURS) {
                    kept++;
                    System.out.println("  kept yours: " + r.step() + " \"" + r.title() + "\" in " + target.getFileName()
                            + (wouldChange ? " (the workshop track would give it; ./kata catchup " + module.number() + " " + r.number() + " takes the reference)" : ""));
                } else if (e.getValue() == Outcome.KEPT_CAUGHT_UP) {
                    System.out.println("  kept: " + r.step() + " \"" + r.title() + "\" in " + target.getFileName()
                            + " (./kata catchup filled it in)");
                } else if (e.getValue() == Outcome.NOT_FOUND) {
                    kept++;
                    System.out.println("  left as it is: " + r.step() + " \"" + r.title() + "\" in " + target.getFileName()
                            + " (the code around it changed, so its place is not certain)");
                }
            }
        }
        return kept;
    }

    // ------------------------------------------------------------------------------------------
    // ./kata catchup
    // ------------------------------------------------------------------------------------------

    static final String USAGE = "usage: ./kata catchup NN STEP (the reference for steps up to STEP), ./kata catchup --list,"
            + " ./kata catchup --undo [ID]";

    static int catchup(List<String> args) {
        if (args.isEmpty()) {
            throw new KataError(USAGE);
        }
        if (args.get(0).equals("--list")) {
            return list();
        }
        if (args.get(0).equals("--undo")) {
            if (args.size() > 2) {
                throw new KataError("--undo takes one saved copy's id (./kata catchup --list shows them); not " + args.get(2));
            }
            return undo(SAVED, args.size() == 2 ? args.get(1) : null);
        }
        if (args.size() != 2) {
            throw new KataError(USAGE);
        }
        Module module = Module.find(args.get(0));
        int step = module.checkStep(args.get(1));
        return catchup(module, step);
    }

    /** Fills the reference in for steps up to {@code step}; every file it changes is copied to .kata/saved first. */
    static int catchup(Module module, int step) {
        Set<Integer> given = Track.given(module);
        Function<Generator.Region, Generator.Form> wanted = r -> r.number() <= step ? Generator.Form.CAUGHT_UP : null;
        Map<Path, String> changes = new java.util.LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        for (Path source : sources(module)) {
            Path target = exerciseFile(module, source);
            String solution = read(source);
            String current = Files.exists(target) ? read(target) : "";
            Map<Generator.Region, Outcome> outcomes = new java.util.LinkedHashMap<>();
            String rewritten = rewrite(current, blocks(module, source, solution), wanted, true, outcomes);
            if (outcomes.containsValue(Outcome.NOT_FOUND)) {
                // The code around a region changed, so its place is not certain: the whole file
                // becomes the reference up to the step (the learner's copy is saved below).
                rewritten = Generator.withHeader(module, source, Generator.render(module, source, solution,
                        r -> r.number() <= step ? Generator.Form.CAUGHT_UP : given.contains(r.number()) ? Generator.Form.GIVEN
                                : Generator.Form.STUB, null), true);
                notes.add(target.getFileName() + ": the code around a region had changed, so the whole file is now the"
                        + " generated one up to step " + step + "; your version is in the saved copy");
            }
            if (!rewritten.equals(current)) {
                changes.put(target, rewritten);
            }
        }
        if (changes.isEmpty()) {
            System.out.println(module.name() + " already has the reference for steps up to " + step + ". Nothing changed.");
            return 0;
        }
        Path saved = save(SAVED, new ArrayList<>(changes.keySet()), "./kata catchup " + module.number() + " " + step);
        changes.forEach((target, content) -> {
            write(target, content);
            System.out.println("filled in " + ROOT.relativize(target));
        });
        notes.forEach(n -> System.out.println("  " + n));
        System.out.println("\n" + module.name() + " has the reference for steps up to " + step + " (marked \"Filled in from the reference\")."
                + "\nWhat you had is saved in " + ROOT.relativize(saved) + "; ./kata catchup --undo " + saved.getFileName() + " puts it back."
                + "\nCarry on: ./kata test " + module.number() + " --step " + next(module, step));
        return 0;
    }

    static String next(Module module, int step) {
        return module.steps().stream().filter(s -> s > step).findFirst().map(String::valueOf).orElse(String.valueOf(step));
    }

    /** Copies the files to a new folder under .kata/saved, with a note of why; returns the folder. */
    static Path save(Path saved, List<Path> files, String why) {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path dir = saved.resolve(stamp);
        for (int n = 2; Files.exists(dir); n++) {
            dir = saved.resolve(stamp + "-" + n);
        }
        StringBuilder note = new StringBuilder(why + "\n");
        for (Path file : files) {
            String relative = ROOT.relativize(file).toString().replace('\\', '/');
            note.append(relative).append('\n');
            if (Files.exists(file)) {
                write(dir.resolve(relative), read(file));
            }
        }
        write(dir.resolve(NOTE), note.toString());
        return dir;
    }

    static final String NOTE = "saved.txt";

    static List<Path> savedCopies(Path saved) {
        if (!Files.isDirectory(saved)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(saved)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve(NOTE))).sorted().toList();
        } catch (IOException e) {
            throw new KataError("cannot read " + saved + ": " + e.getMessage());
        }
    }

    static int list() {
        List<Path> copies = savedCopies(SAVED);
        if (copies.isEmpty()) {
            System.out.println("No saved copies (./kata catchup saves one each time it changes files).");
            return 0;
        }
        for (Path copy : copies) {
            List<String> note = read(copy.resolve(NOTE)).lines().toList();
            System.out.println(copy.getFileName() + "  before " + note.get(0) + ": " + (note.size() - 1) + " file(s)");
        }
        System.out.println("\n./kata catchup --undo ID puts one back (the newest if no ID).");
        return 0;
    }

    /** Puts a saved copy's files back; what they are now is saved first, so an undo can be undone too. */
    static int undo(Path saved, String id) {
        List<Path> copies = savedCopies(saved);
        if (copies.isEmpty()) {
            throw new KataError("no saved copy to put back (./kata catchup saves one each time it changes files)");
        }
        Path copy = id == null ? copies.get(copies.size() - 1)
                : copies.stream().filter(c -> c.getFileName().toString().equals(id)).findFirst()
                        .orElseThrow(() -> new KataError("no saved copy '" + id + "'; ./kata catchup --list shows them"));
        List<String> note = read(copy.resolve(NOTE)).lines().toList();
        List<Path> files = note.subList(1, note.size()).stream().map(ROOT::resolve).toList();
        Path before = save(saved, files, "./kata catchup --undo " + copy.getFileName());
        for (Path file : files) {
            Path kept = copy.resolve(ROOT.relativize(file));
            if (Files.exists(kept)) {
                write(file, read(kept));
                System.out.println("put back " + ROOT.relativize(file));
            }
        }
        System.out.println("\nThe files are as they were before " + note.get(0) + ". What they were a moment ago is in "
                + ROOT.relativize(before) + " (./kata catchup --undo " + before.getFileName() + ").");
        return 0;
    }
}
