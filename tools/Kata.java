/*
 * The kata command: the learner's loop and the maintainer's generator, in one file that the JDK
 * runs directly (java tools/Kata.java ...; ./kata and kata.cmd do that for you).
 *
 * One source of truth: the reference solution in solutions/NN-name is the only hand-written copy
 * of each module's code and tests. Each part a learner writes is a marked region:
 *
 *     // kata:begin step-2 "Append an entry and return its index"
 *     ... reference code, the tail of a method body ...
 *     // kata:end
 *
 *     // kata:members step-3 "the fields group commit needs"
 *     ... fields or helper methods ...
 *     // kata:end
 *
 * `sync` writes the exercise module NN-name from it: a begin region becomes a stub that throws
 * UnsupportedOperationException("TODO step-2 (01-wal): ..."), a members region becomes a TODO
 * comment, and every other line is copied unchanged, as are the tests. `mutants` writes, for the
 * kata's own mutation test, a copy of the solution in which each begin region can be switched to
 * its stub at run time (dev.kata.runtime.testing.MutationCheck runs the tests once per region).
 */

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

public class Kata {

    static final Path ROOT = Paths.get(System.getProperty("kata.root", ".")).toAbsolutePath().normalize();

    public static void main(String[] args) {
        try {
            System.exit(run(new ArrayList<>(List.of(args))));
        } catch (KataError e) {
            System.err.println("kata: " + e.getMessage());
            System.exit(2);
        }
    }

    static int run(List<String> args) {
        boolean own = args.remove("--own");
        if (args.isEmpty() || args.get(0).equals("help") || args.get(0).equals("--help")) {
            System.out.print(USAGE);
            return args.isEmpty() ? 0 : 0;
        }
        String command = args.remove(0);
        return switch (command) {
            case "status" -> Learner.status(own);
            case "test" -> Learner.test(args, own);
            case "hint" -> Learner.hint(args);
            case "sync" -> Generator.sync(args.contains("--force"), null);
            case "reset" -> Learner.reset(args);
            case "check" -> Checks.check(args);
            case "check-sync" -> Checks.checkSync() ? 0 : 1;
            case "mutants" -> Generator.writeMutants();
            case "demo" -> Learner.demo(args);
            case "bench" -> Bench.run(args);
            default -> throw new KataError("unknown command '" + command + "'\n\n" + USAGE);
        };
    }

    static final String USAGE = """
            Usage: ./kata <command> [options]

            The learner's loop
              status                 run every exercise's tests and show the progress board
              test NN                run one module's tests (NN = 01, 02, ...), failures explained
                   --step N          only step N's tests
                   --test 'Class#method'
                   --seed N          replay one seed of a randomized test
                   --seeds K         run K seeds per randomized test (a sweep)
                   --solution        run the tests against the reference solution instead
              hint NN STEP [K]       show hint K (default 1) for a step
              reset NN               put module NN back to its TODO stubs (asks first)
              demo                   start a 5-node lock-service cell and watch a fail-over
              bench NN [--exercise]  build module NN and run its benchmark on the reference
                                     solution (--exercise: on your code); more options after
                                     NN go to the benchmark (./kata bench 01 --help lists them)
              test runtime, bench runtime
                                     the same for 00-runtime, the library under every module
              --own                  (with status/test) build on your own earlier modules,
                                     not the reference solutions

            For maintainers
              sync [--force]         regenerate the exercises from solutions/ (asks before
                                     overwriting a file a learner has edited)
              check                  what CI checks: exercises in sync, every learner region
                                     guarded by a test (the kata's own mutation test)
            """;

    /** A user-facing error: printed without a stack trace. */
    static final class KataError extends RuntimeException {
        KataError(String message) {
            super(message);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Modules
    // ------------------------------------------------------------------------------------------

    /** A kata module: the reference in solutions/NN-name and the exercise in NN-name. */
    record Module(String name) {
        String number() {
            return name.substring(0, 2);
        }

        Path solution() {
            return ROOT.resolve("solutions").resolve(name);
        }

        Path exercise() {
            return ROOT.resolve(name);
        }

        String exerciseArtifact() {
            return "kata-" + name;
        }

        /** The module's Java package below dev.kata, found from the solution's sources. */
        String javaPackage() {
            Path base = solution().resolve("src/main/java/dev/kata");
            try (Stream<Path> dirs = Files.list(base)) {
                return dirs.filter(Files::isDirectory).map(d -> "dev.kata." + d.getFileName())
                        .findFirst().orElseThrow(() -> new KataError("no package under " + base));
            } catch (IOException e) {
                throw new KataError("cannot read " + base + ": " + e.getMessage());
            }
        }

        static List<Module> all() {
            try (Stream<Path> dirs = Files.list(ROOT.resolve("solutions"))) {
                return dirs.filter(d -> Files.isRegularFile(d.resolve("pom.xml")))
                        .map(d -> d.getFileName().toString())
                        .filter(n -> n.matches("\\d\\d-.+"))
                        .sorted()
                        .map(Module::new)
                        .toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * True for a name of 00-runtime, the library every module builds on: it has tests and a
         * benchmark but no exercise, so only {@code test} and {@code bench} take it.
         */
        static boolean isRuntime(String name) {
            return List.of("runtime", "0", "00", RUNTIME).contains(name);
        }

        static final String RUNTIME = "00-runtime";

        static Module find(String number) {
            String wanted = number.length() == 1 ? "0" + number : number;
            return all().stream().filter(m -> m.number().equals(wanted) || m.name().equals(number))
                    .findFirst()
                    .orElseThrow(() -> new KataError("no module '" + number + "'; the modules are "
                            + all().stream().map(Module::name).collect(Collectors.joining(", "))));
        }
    }

    // ------------------------------------------------------------------------------------------
    // The generator
    // ------------------------------------------------------------------------------------------

    static final class Generator {

        static final Pattern BEGIN = Pattern.compile("^(\\s*)// kata:(begin|members) (step-(\\d+)) \"([^\"]+)\"(?: default: (.+?))?\\s*$");
        static final Pattern END = Pattern.compile("^\\s*// kata:end\\s*$");
        static final String FINGERPRINT = "// kata:fingerprint ";

        /** A learner region found in a solution source file. */
        record Region(String step, String title, boolean members, Path file, int line) {
            String where() {
                return ROOT.relativize(file) + ":" + line;
            }
        }

        /** What one solution source file becomes. */
        record Output(Path target, String content) {
        }

        /** The exercise files the generator makes for a module, keyed by their path. */
        static Map<Path, Output> exerciseFiles(Module module) {
            Map<Path, Output> outputs = new TreeMap<>();
            for (String tree : List.of("src/main/java", "src/main/resources", "src/test/java", "src/test/resources")) {
                Path from = module.solution().resolve(tree);
                if (!Files.isDirectory(from)) {
                    continue;
                }
                for (Path source : files(from)) {
                    Path target = module.exercise().resolve(tree).resolve(from.relativize(source));
                    String text = read(source);
                    String content = source.toString().endsWith(".java")
                            ? withHeader(module, source, tree.startsWith("src/main") ? stub(module, source, text) : text,
                                    tree.startsWith("src/main") && hasRegions(text))
                            : text;
                    outputs.put(target, new Output(target, content));
                }
            }
            return outputs;
        }

        static boolean hasRegions(String text) {
            return text.lines().anyMatch(l -> BEGIN.matcher(l).matches());
        }

        /** Replaces every region with its stub. */
        static String stub(Module module, Path source, String text) {
            StringBuilder out = new StringBuilder();
            List<String> lines = text.lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                Matcher begin = BEGIN.matcher(lines.get(i));
                if (!begin.matches()) {
                    if (lines.get(i).contains("kata:")) {
                        throw new KataError(ROOT.relativize(source) + ":" + (i + 1)
                                + ": a kata marker the generator does not understand: " + lines.get(i).strip()
                                + "\n  (write // kata:begin step-N \"Title\", // kata:members step-N \"Title\", // kata:end)");
                    }
                    out.append(lines.get(i)).append('\n');
                    continue;
                }
                String indent = begin.group(1);
                String step = begin.group(3);
                String title = begin.group(5);
                int end = endOf(source, lines, i);
                if (begin.group(2).equals("members")) {
                    out.append(indent).append("// TODO ").append(step).append(": ").append(title).append('\n');
                } else if (begin.group(6) != null) {
                    // A region with a default: the stub keeps the earlier steps working until the
                    // learner replaces it (for example "return false;" for "is the segment full?").
                    requireMethodTail(source, lines, end);
                    out.append(indent).append("// TODO ").append(step).append(": ").append(title)
                            .append(" (see ").append(module.name()).append("/README.md#").append(step).append(")\n");
                    out.append(indent).append(begin.group(6)).append('\n');
                } else {
                    requireMethodTail(source, lines, end);
                    String anchor = module.name() + "/README.md#" + step;
                    out.append(indent).append("// TODO ").append(step).append(": ").append(title).append('\n');
                    out.append(indent).append("throw new UnsupportedOperationException(\"TODO ").append(step)
                            .append(" (").append(module.name()).append("): ").append(lowerFirst(title))
                            .append("; see ").append(anchor).append("\");\n");
                }
                i = end;
            }
            return out.toString();
        }

        /** The mutant copy: each begin region keeps its code behind a switch that stubs it. */
        static String mutant(Path source, String text, List<Region> regions) {
            StringBuilder out = new StringBuilder();
            List<String> lines = text.lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                out.append(lines.get(i)).append('\n');
                Matcher begin = BEGIN.matcher(lines.get(i));
                if (begin.matches()) {
                    Region region = new Region(begin.group(3), begin.group(5), begin.group(2).equals("members"), source, i + 1);
                    if (!region.members()) {
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
            String from = ROOT.relativize(source).toString().replace('\\', '/');
            String role = learnerFile
                    ? "// Yours to write: replace each TODO stub (" + module.name() + "/README.md says how).\n"
                    : "// Given code: the exercise uses it as it is.\n";
            return "// Generated from " + from + " by ./kata sync: maintainers edit there.\n"
                    + role
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
                Map<Path, Output> outputs = exerciseFiles(module);
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

        /** Writes target/kata-mutants/{src,regions.tsv} for every solution module. */
        static int writeMutants() {
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
                System.out.println(module.name() + ": " + regions.size() + " learner regions");
            }
            return 0;
        }
    }

    // ------------------------------------------------------------------------------------------
    // The checks CI runs
    // ------------------------------------------------------------------------------------------

    static final class Checks {

        static int check(List<String> args) {
            if (!checkSync()) {
                return 1;
            }
            Generator.writeMutants();
            System.out.println("\nMutation check: each learner region stubbed alone, the module's tests must catch it.");
            int code = Maven.run(List.of("verify", "-DskipTests", "-Pkata-mutation"), false);
            if (code != 0) {
                System.out.println("\nkata check FAILED: see the table above.");
                return code;
            }
            System.out.println("\nkata check passed.");
            return 0;
        }

        /** The exercises are exactly what the generator makes, and every step has its README anchor. */
        static boolean checkSync() {
            List<String> problems = new ArrayList<>();
            for (Module module : Module.all()) {
                Map<Path, Generator.Output> outputs = Generator.exerciseFiles(module);
                for (Generator.Output output : outputs.values()) {
                    Path target = output.target();
                    if (!Files.exists(target)) {
                        problems.add("missing: " + ROOT.relativize(target));
                    } else if (!read(target).equals(output.content())) {
                        problems.add("differs from the generator's output: " + ROOT.relativize(target));
                    }
                }
                for (Path stale : Generator.staleFiles(module, outputs)) {
                    problems.add("generated, but its source is gone: " + ROOT.relativize(stale));
                }
                Path readme = module.exercise().resolve("README.md");
                String readmeText = Files.exists(readme) ? read(readme) : "";
                if (readmeText.isEmpty()) {
                    problems.add("missing: " + ROOT.relativize(readme));
                }
                for (Generator.Output output : outputs.values()) {
                    Matcher m = Pattern.compile("README\\.md#(step-\\d+)").matcher(output.content());
                    while (m.find()) {
                        if (!readmeText.contains("id=\"" + m.group(1) + "\"")) {
                            problems.add(ROOT.relativize(output.target()) + " links to " + module.name()
                                    + "/README.md#" + m.group(1) + ", which has no <a id=\"" + m.group(1) + "\"></a>");
                        }
                    }
                }
            }
            if (problems.isEmpty()) {
                System.out.println("Exercises are exactly what ./kata sync generates.");
                return true;
            }
            System.out.println("The exercises are out of sync with solutions/:");
            problems.stream().distinct().forEach(p -> System.out.println("  - " + p));
            System.out.println("Run ./kata sync (on a maintainer's clean tree) and commit the result.");
            return false;
        }
    }

    // ------------------------------------------------------------------------------------------
    // The learner's loop
    // ------------------------------------------------------------------------------------------

    static final class Learner {

        static int status(boolean own) {
            List<Module> modules = Module.all();
            for (Module m : modules) {
                Results.clear(m.exercise());
            }
            System.out.println("Running the exercises' tests...");
            int code = Maven.run(testArgs(modules.stream().map(Module::name).toList(), own, false, List.of()), true);
            if (code != 0) {
                return Maven.explainBuildFailure();
            }
            System.out.println();
            System.out.println(Board.render(modules));
            return 0;
        }

        static int test(List<String> args, boolean own) {
            if (args.isEmpty()) {
                throw new KataError("which module? for example: ./kata test 01");
            }
            if (Module.isRuntime(args.get(0))) {
                args.remove(0);
                return testRuntime(args);
            }
            Module module = Module.find(args.remove(0));
            boolean solution = args.remove("--solution");
            List<String> extra = new ArrayList<>();
            Integer step = null;
            for (int i = 0; i < args.size(); i++) {
                String value = i + 1 < args.size() ? args.get(i + 1) : null;
                if (args.get(i).equals("--step")) {
                    step = Integer.parseInt(required("--step", value));
                    extra.add("-Dgroups=step-" + step);
                    i++;
                } else if (selectionOption(args.get(i), value, extra)) {
                    i++;
                } else {
                    throw new KataError("unknown option " + args.get(i) + " for test\n\n" + USAGE);
                }
            }
            Path dir = solution ? module.solution() : module.exercise();
            Results.clear(dir);
            String where = solution ? "solutions/" + module.name() : module.name();
            System.out.println("Running " + where + (step != null ? " step " + step : "") + "...");
            if (extra.stream().noneMatch(a -> a.startsWith("-Dtest="))) {
                extra.add("-Dtest=" + module.javaPackage().replace('.', '/') + "/**/*");
            }
            int code = Maven.run(testArgs(List.of(solution ? "solutions/" + module.name() : module.name()), own, solution, extra), true);
            if (code != 0) {
                return Maven.explainBuildFailure();
            }
            System.out.println();
            List<Results.Row> rows = Results.read(dir);
            System.out.println(Board.details(module, rows));
            return rows.stream().anyMatch(r -> !r.passed()) || rows.isEmpty() ? 1 : 0;
        }

        /**
         * The runtime's own tests (the replay line of a failing runtime test names them so): Maven's
         * report, no board, since the runtime has no steps.
         */
        static int testRuntime(List<String> args) {
            List<String> extra = new ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                if (!selectionOption(args.get(i), i + 1 < args.size() ? args.get(i + 1) : null, extra)) {
                    throw new KataError("the runtime takes --test, --seed and --seeds, not " + args.get(i)
                            + " (it is a library, with no steps and no exercise)");
                }
                i++;
            }
            System.out.println("Running " + Module.RUNTIME + "'s tests...");
            List<String> maven = new ArrayList<>(List.of("test", "-pl", Module.RUNTIME,
                    "-Dsurefire.failIfNoSpecifiedTests=false"));
            maven.addAll(extra);
            return Maven.run(maven, false);
        }

        /**
         * The options that choose which tests and seeds run, for a module and for the runtime alike:
         * adds the Maven property for {@code option} and returns true, or returns false if it is not one.
         */
        static boolean selectionOption(String option, String value, List<String> extra) {
            String property = switch (option) {
                case "--test" -> "-Dtest=";
                case "--seed" -> "-Dkata.seed=";
                case "--seeds" -> "-Dkata.seeds=";
                default -> null;
            };
            if (property == null) {
                return false;
            }
            extra.add(property + required(option, value));
            return true;
        }

        static List<String> testArgs(List<String> projects, boolean own, boolean solution, List<String> extra) {
            List<String> args = new ArrayList<>(List.of("test", "-pl", String.join(",", projects), "-am",
                    "-Dmaven.test.failure.ignore=true", "-Dsurefire.failIfNoSpecifiedTests=false",
                    "-Dkata.exercises.skip=" + solution, "-Dkata.library.skip=" + !solution));
            if (own) {
                args.add("-Dkata.own");
            }
            args.addAll(extra);
            return args;
        }

        static String required(String option, String value) {
            if (value == null) {
                throw new KataError(option + " needs a value");
            }
            return value;
        }

        static int hint(List<String> args) {
            if (args.size() < 2) {
                throw new KataError("usage: ./kata hint NN STEP [K], for example ./kata hint 01 3");
            }
            Module module = Module.find(args.get(0));
            String step = args.get(1);
            int k = args.size() > 2 ? Integer.parseInt(args.get(2)) : 1;
            Path readme = module.exercise().resolve("README.md");
            List<String[]> hints = Readme.hints(read(readme), "step-" + step);
            if (hints.isEmpty()) {
                System.out.println("No hints for step " + step + " of " + module.name() + ". Read " + ROOT.relativize(readme) + ".");
                return 1;
            }
            if (k < 1 || k > hints.size()) {
                throw new KataError("step " + step + " has hints 1 to " + hints.size());
            }
            String[] hint = hints.get(k - 1);
            String title = hint[0].replaceFirst("(?i)^hint\\s*\\d*\\s*:?\\s*", "");
            System.out.println(module.name() + ", step " + step + ", hint " + k + " of " + hints.size()
                    + (title.isEmpty() ? "" : ": " + title));
            System.out.println();
            System.out.println(hint[1].strip());
            if (k < hints.size()) {
                System.out.println("\nStill stuck? ./kata hint " + module.number() + " " + step + " " + (k + 1));
            }
            return 0;
        }

        static int reset(List<String> args) {
            if (args.isEmpty()) {
                throw new KataError("which module? for example: ./kata reset 01");
            }
            Module module = Module.find(args.get(0));
            if (!ask("Put " + module.name() + " back to its TODO stubs? Your code in it is lost.")) {
                System.out.println("Nothing changed.");
                return 0;
            }
            return Generator.sync(true, module);
        }

        static int demo(List<String> args) {
            System.out.println("The demo (a 5-node lock-service cell on loopback) arrives with module 06-lock-service.");
            return 1;
        }
    }

    // ------------------------------------------------------------------------------------------
    // ./kata bench: a module's benchmark, a main program in its test sources (*Benchmark.java)
    // ------------------------------------------------------------------------------------------

    static final class Bench {
        static int run(List<String> args) {
            if (args.isEmpty()) {
                throw new KataError("which module? for example: ./kata bench 01");
            }
            String name = args.remove(0);
            Path dir;
            if (Module.isRuntime(name)) {
                dir = ROOT.resolve(Module.RUNTIME);
            } else {
                Module module = Module.find(name);
                dir = args.remove("--exercise") ? module.exercise() : module.solution();
            }
            Path tests = dir.resolve("src/test/java");
            List<String> mains = (Files.isDirectory(tests) ? files(tests) : List.<Path>of()).stream()
                    .filter(f -> f.getFileName().toString().endsWith("Benchmark.java"))
                    .map(f -> tests.relativize(f).toString().replace(".java", "").replace(java.io.File.separatorChar, '.'))
                    .toList();
            if (mains.isEmpty()) {
                throw new KataError(ROOT.relativize(dir) + " has no benchmark (no *Benchmark.java in " + ROOT.relativize(tests) + ")");
            }
            // Compile with -am so a clean clone works, and let Maven write the classpath it resolved
            // (a relative outputFile is taken relative to each module of the build).
            System.out.println("Building " + ROOT.relativize(dir) + "...");
            String project = ROOT.relativize(dir).toString().replace(java.io.File.separatorChar, '/');
            int code = Maven.run(List.of("-pl", project, "-am", "test-compile", "dependency:build-classpath",
                    "-Dmdep.outputFile=target/kata-bench.classpath", "-Dmdep.includeScope=test"), true);
            if (code != 0) {
                return Maven.explainBuildFailure();
            }
            String classpath = String.join(java.io.File.pathSeparator, dir.resolve("target/test-classes").toString(),
                    dir.resolve("target/classes").toString(), read(dir.resolve("target/kata-bench.classpath")).strip());
            for (String main : mains) {
                List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", classpath, main));
                command.addAll(args);
                try {
                    // In the module's directory, so that the benchmark writes under its target/.
                    code = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start().waitFor();
                } catch (IOException e) {
                    throw new KataError("cannot run " + main + ": " + e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return 130;
                }
                if (code != 0) {
                    return code;
                }
            }
            return 0;
        }
    }

    // ------------------------------------------------------------------------------------------
    // Test results, as the runtime's KataResultsListener writes them
    // ------------------------------------------------------------------------------------------

    static final class Results {

        /**
         * One test: its step (0 if none), where it sits (class › nested), its name, its failure, and
         * how many times it ran (a randomized test once per seed).
         */
        record Row(String status, int step, String container, String name, String message, int runs) {
            boolean passed() {
                return status.equals("PASSED") || status.equals("SKIPPED");
            }
        }

        static Path dir(Path module) {
            return module.resolve("target/kata-results");
        }

        static void clear(Path module) {
            deleteTree(dir(module));
        }

        static List<Row> read(Path module) {
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
                    rows.add(new Row(f[0], step.find() ? Integer.parseInt(step.group(1)) : -1, f[2], f[3],
                            f[4].replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\"), 1));
                }
            }
            return collapseSeeds(rows);
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
                    collapsed.add(new Row(skipped ? "SKIPPED" : "PASSED", first.step(), container, name, "", seeds.size()));
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

    static final class Board {

        static String render(List<Module> modules) {
            StringBuilder out = new StringBuilder();
            out.append("  module                 step  passed\n");
            String next = null;
            for (Module module : modules) {
                List<Results.Row> rows = Results.read(module.exercise());
                Map<Integer, List<Results.Row>> bySteps = bySteps(rows);
                boolean first = true;
                for (Map.Entry<Integer, List<Results.Row>> e : bySteps.entrySet()) {
                    long passed = e.getValue().stream().filter(Results.Row::passed).count();
                    int total = e.getValue().size();
                    String mark = passed == total ? "done" : passed == 0 ? "todo" : "...";
                    out.append(String.format(Locale.ROOT, "  %-22s %4s  %3d/%-3d %s%n",
                            first ? module.name() : "", e.getKey() < 0 ? "-" : String.valueOf(e.getKey()),
                            passed, total, bar(passed, total) + " " + mark));
                    first = false;
                    if (next == null && passed < total) {
                        Results.Row failing = e.getValue().stream().filter(r -> !r.passed()).findFirst().orElseThrow();
                        next = module.name() + " › " + failing.container() + " › " + failing.name()
                                + "\n    " + firstLine(failing.message())
                                + "\n  Run: ./kata test " + module.number() + " --step " + e.getKey()
                                + "    Stuck? ./kata hint " + module.number() + " " + e.getKey();
                    }
                }
                if (bySteps.isEmpty()) {
                    out.append(String.format(Locale.ROOT, "  %-22s    -  no results (did it compile?)%n", module.name()));
                }
            }
            out.append('\n').append(next == null ? "Every step passes. Well done!" : "Next: " + next);
            return out.toString();
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
                out.append(title).append("  (").append(passed).append('/').append(stepRows.size()).append(" passed)\n");
                for (Results.Row row : stepRows) {
                    // The step's title is printed above; show only what sits below it.
                    String[] path = row.container().split(" › ", 2);
                    String where = !path[0].equals(title) && !row.container().isEmpty() ? row.container() + " › "
                            : path.length > 1 ? path[1] + " › " : "";
                    out.append(row.passed() ? "  ✔ " : "  ✘ ").append(where).append(row.name()).append('\n');
                    if (!row.passed() && failures++ < 5) {
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
                    + ". Stuck? ./kata hint " + module.number() + " <step>");
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

    // ------------------------------------------------------------------------------------------
    // README hints: <a id="step-N"></a> ... <details><summary>Title</summary> text </details>
    // ------------------------------------------------------------------------------------------

    static final class Readme {
        static List<String[]> hints(String readme, String step) {
            int start = readme.indexOf("id=\"" + step + "\"");
            if (start < 0) {
                return List.of();
            }
            int end = readme.indexOf("<a id=\"step-", start + 1);
            int nextSection = readme.indexOf("\n## ", start + 1);
            if (end < 0 || (nextSection >= 0 && nextSection < end)) {
                end = nextSection < 0 ? readme.length() : nextSection;
            }
            String section = readme.substring(start, end);
            Matcher m = Pattern.compile("<details>\\s*<summary>(.*?)</summary>(.*?)</details>", Pattern.DOTALL).matcher(section);
            List<String[]> hints = new ArrayList<>();
            while (m.find()) {
                hints.add(new String[] {m.group(1).replaceAll("<[^>]+>", "").strip(), m.group(2)});
            }
            return hints;
        }
    }

    // ------------------------------------------------------------------------------------------
    // Maven, through the wrapper
    // ------------------------------------------------------------------------------------------

    static final class Maven {
        static final Path LOG = ROOT.resolve("target/kata-maven.log");

        /** Runs ./mvnw; quietly (output to target/kata-maven.log) when {@code quiet}. */
        static int run(List<String> args, boolean quiet) {
            boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");
            List<String> command = new ArrayList<>();
            command.add(ROOT.resolve(windows ? "mvnw.cmd" : "mvnw").toString());
            command.add("-B");
            command.add("--no-transfer-progress");
            if (quiet) {
                command.add("-q");
            }
            command.addAll(args);
            try {
                ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile());
                if (quiet) {
                    Files.createDirectories(LOG.getParent());
                    builder.redirectErrorStream(true).redirectOutput(LOG.toFile());
                } else {
                    builder.inheritIO();
                }
                return builder.start().waitFor();
            } catch (IOException e) {
                throw new KataError("cannot run Maven: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 130;
            }
        }

        static int explainBuildFailure() {
            List<String> errors = read(LOG).lines().filter(l -> l.startsWith("[ERROR]"))
                    .filter(l -> !l.contains("Re-run Maven") && !l.contains("[Help ") && !l.contains("-e switch")
                            && !l.contains("-X switch") && !l.contains("http") && !l.strip().equals("[ERROR]"))
                    .limit(30).toList();
            System.out.println("\nThe build failed before the tests could run (a compile error?):");
            errors.forEach(l -> System.out.println("  " + l.replace(ROOT + "/", "")));
            System.out.println("\nFull log: " + ROOT.relativize(LOG));
            return 2;
        }
    }

    // ------------------------------------------------------------------------------------------
    // Small helpers
    // ------------------------------------------------------------------------------------------

    static boolean ask(String question) {
        if (System.console() == null) {
            return false;
        }
        System.out.print(question + " [y/N] ");
        System.out.flush();
        try {
            String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            return answer != null && answer.strip().toLowerCase(Locale.ROOT).startsWith("y");
        } catch (IOException e) {
            return false;
        }
    }

    static String lowerFirst(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    static String firstLine(String s) {
        return s.lines().findFirst().orElse("").strip();
    }

    static String indent(String text, String prefix) {
        return text.strip().lines().map(l -> prefix + l).collect(Collectors.joining("\n"));
    }

    static List<Path> files(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new KataError("cannot read " + file + ": " + e.getMessage());
        }
    }

    static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new KataError("cannot write " + file + ": " + e.getMessage());
        }
    }

    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new KataError("cannot delete " + file + ": " + e.getMessage());
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new KataError("cannot delete " + dir + ": " + e.getMessage());
        }
    }
}
