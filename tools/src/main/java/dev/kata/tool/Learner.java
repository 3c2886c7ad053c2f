package dev.kata.tool;

import static dev.kata.tool.Kata.ROOT;
import static dev.kata.tool.Kata.USAGE;
import static dev.kata.tool.Kata.ask;
import static dev.kata.tool.Kata.read;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.Collectors;

/** The learner's loop. */
final class Learner {

    /**
     * Runs every exercise's tests in one Maven build and prints each module's board lines as soon
     * as its tests are done (its results file is written and stays the same for one poll), rather
     * than the whole board after the last module.
     */
    static int status(List<String> args, boolean own) {
        if (args.remove("--line")) {
            return RoomLine.status(args, own);
        }
        boolean maven = args.remove("--maven");
        if (!args.isEmpty()) {
            throw new KataError("status takes --own, --maven and --line, not " + args.get(0));
        }
        List<Module> modules = Module.all();
        for (Module m : modules) {
            Results.clear(m.exercise());
        }
        System.out.println("Running the exercises' tests (a module's line appears when its tests are done)...");
        System.out.println();
        System.out.println(Board.HEADER);
        // The fast path, module by module, as long as it can be sure; Maven for the rest.
        List<Module> rest = new ArrayList<>(modules);
        String next = null;
        String why = "--maven";
        while (!maven && !rest.isEmpty()) {
            Module module = rest.get(0);
            FastPath.Selection all = new FastPath.Selection(module, module.exercise(), own, null, null, null, null);
            List<Results.Row> rows;
            try {
                rows = FastRun.rows(all, failed -> { });
            } catch (FastPath.CannotBeSure e) {
                why = e.getMessage();
                break;
            }
            if (rows == null) {
                System.out.printf(Locale.ROOT, "  %-22s    -  does not compile (./kata test %s shows why)%n", module.name(), module.number());
                next = next != null ? next : module.name() + " does not compile.\n  Run: ./kata test " + module.number();
            } else {
                System.out.print(Board.lines(module, rows));
                next = next != null ? next : Board.next(module, rows);
            }
            System.out.flush();
            rest.remove(0);
        }
        if (!rest.isEmpty()) {
            if (rest.size() < modules.size() || !why.equals("--maven")) {
                System.out.println("  (Maven runs " + rest.stream().map(Module::name).collect(Collectors.joining(", "))
                        + ": " + why + ".)");
            }
            long started = System.currentTimeMillis();
            Process process = Maven.start(testArgs(rest.stream().map(Module::name).toList(), own, false, List.of()), true);
            StatusStream stream = new StatusStream(rest);
            try {
                while (!process.waitFor(250, TimeUnit.MILLISECONDS)) {
                    stream.printReady(false);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroy();
                return 130;
            }
            if (process.exitValue() != 0) {
                return Maven.explainBuildFailure();
            }
            stream.printReady(true);
            for (Module m : rest) {
                FastPath.capture(m.exercise(), own, started); // so that the next run can take the fast path
            }
            next = next != null ? next : stream.next;
        }
        System.out.println();
        System.out.println(Board.footer(next));
        return 0;
    }

    /** The board, printed module by module in order as the results come in. */
    static final class StatusStream {
        private final List<Module> modules;
        private final Map<Module, Long> sizes = new HashMap<>();
        private int printed;
        String next;

        StatusStream(List<Module> modules) {
            this.modules = modules;
        }

        /**
         * Prints the modules whose results are in, in order. A module without results is printed
         * as such once a later module has results, or when the build is {@code over}.
         */
        void printReady(boolean over) {
            while (printed < modules.size()) {
                Module module = modules.get(printed);
                boolean done = over || complete(module);
                if (!done && modules.subList(printed + 1, modules.size()).stream().noneMatch(m -> Results.size(m.exercise()) > 0)) {
                    return;
                }
                List<Results.Row> rows = Results.read(module.exercise());
                System.out.print(Board.lines(module, rows));
                System.out.flush();
                next = next != null ? next : Board.next(module, rows);
                printed++;
            }
        }

        /** Written, whole (it ends with a newline) and the same size as at the last poll. */
        private boolean complete(Module module) {
            long size = Results.size(module.exercise());
            Long before = sizes.put(module, size);
            return size > 0 && before != null && before == size && Results.endsWithNewline(module.exercise());
        }
    }

    static int test(List<String> args, boolean own) {
        if (args.isEmpty()) {
            throw new KataError("which module? for example: ./kata test 01");
        }
        if (Module.isRuntime(args.get(0))) {
            args.remove(0);
            return testRuntime(args);
        }
        if (Module.isReferenceOnly(args.get(0))) {
            return testReferenceOnly(args.remove(0), args);
        }
        Module module = Module.find(args.remove(0));
        boolean solution = args.remove("--solution");
        boolean maven = args.remove("--maven");
        FastPath.Selection selection = selection(module, solution ? module.solution() : module.exercise(), own, args);
        String where = solution ? "solutions/" + module.name() : module.name();
        System.out.println("Running " + where + (selection.step() != null ? " step " + selection.step() : "") + "...");
        if (!maven) {
            try {
                if (solution) {
                    throw new FastPath.CannotBeSure("--solution");
                }
                return FastRun.once(selection);
            } catch (FastPath.CannotBeSure e) {
                System.out.println("(Maven runs the tests: " + e.getMessage() + ".)");
            }
        }
        return viaMaven(selection, solution);
    }

    /** The options of ./kata test, checked; one line that says what is allowed for a bad one. */
    static FastPath.Selection selection(Module module, Path dir, boolean own, List<String> args) {
        Integer step = null;
        String test = null;
        String seed = null;
        String seeds = null;
        for (int i = 0; i < args.size(); i++) {
            String option = args.get(i);
            String value = i + 1 < args.size() ? args.get(i + 1) : null;
            if (option.equals("--step")) {
                step = module.checkStep(required("--step", value));
            } else if (selectionOption(option, value, new ArrayList<>())) {
                switch (option) {
                    case "--test" -> test = value;
                    case "--seed" -> seed = value;
                    default -> seeds = value;
                }
            } else {
                throw new KataError("unknown option " + option + " for test\n\n" + USAGE);
            }
            i++;
        }
        return new FastPath.Selection(module, dir, own, step, test, seed, seeds);
    }

    /** The build of record: Maven runs the tests; then the fast path learns the classpath it used. */
    static int viaMaven(FastPath.Selection s, boolean solution) {
        Module module = s.module();
        Path dir = s.dir();
        Results.clear(dir);
        List<String> extra = new ArrayList<>();
        if (s.step() != null) {
            extra.add("-Dgroups=step-" + s.step());
        }
        extra.add("-Dtest=" + (s.test() != null ? s.test() : module.javaPackage().replace('.', '/') + "/**/*"));
        if (s.test() != null) {
            extra.add("-DexcludedGroups="); // a test asked for by name runs, real-time or not
        }
        if (s.seed() != null) {
            extra.add("-Dkata.seed=" + s.seed());
        }
        if (s.seeds() != null) {
            extra.add("-Dkata.seeds=" + s.seeds());
        }
        long started = System.currentTimeMillis();
        int code = Maven.run(testArgs(List.of(solution ? "solutions/" + module.name() : module.name()), s.own(), solution, extra), true);
        if (code != 0) {
            return Maven.explainBuildFailure();
        }
        FastPath.capture(dir, s.own(), started);
        return report(module, dir);
    }

    /** The test details from the results on disk, and the exit code: 1 if a test failed or none ran. */
    static int report(Module module, Path dir) {
        System.out.println();
        List<Results.Row> rows = Results.read(dir);
        System.out.println(Board.details(module, rows));
        long skipped = Results.skipped(dir);
        if (skipped > 0) {
            System.out.println("(" + skipped + (skipped == 1 ? " test was" : " tests were") + " skipped: not counted.)");
        }
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
     * A reference-only module's tests (solutions/raft-log: the replay line of its failing test names
     * it so), through Maven with the modules it builds on (-am: it uses 05's tests, as a test-jar the
     * reactor makes), but only its own test classes unless --test says which.
     */
    static int testReferenceOnly(String name, List<String> args) {
        List<String> extra = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            if (!selectionOption(args.get(i), i + 1 < args.size() ? args.get(i + 1) : null, extra)) {
                throw new KataError("solutions/" + name + " takes --test, --seed and --seeds, not " + args.get(i)
                        + " (it is a reference, with no steps and no exercise)");
            }
            i++;
        }
        if (extra.stream().noneMatch(e -> e.startsWith("-Dtest="))) {
            extra.add("-Dtest=" + String.join(",", testClasses(ROOT.resolve("solutions").resolve(name))));
        }
        System.out.println("Running solutions/" + name + "'s tests...");
        List<String> maven = new ArrayList<>(List.of("test", "-pl", "solutions/" + name, "-am",
                "-Dsurefire.failIfNoSpecifiedTests=false"));
        maven.addAll(extra);
        return Maven.run(maven, false);
    }

    /** The simple names of the test classes in {@code module}'s src/test/java (files named *Test.java). */
    static List<String> testClasses(Path module) {
        try (Stream<Path> files = Files.walk(module.resolve("src/test/java"))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith("Test.java"))
                    .map(n -> n.substring(0, n.length() - ".java".length())).sorted().toList();
        } catch (IOException e) {
            throw new KataError("cannot list the tests of " + ROOT.relativize(module) + ": " + e.getMessage());
        }
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
        String given = required(option, value);
        if (!option.equals("--test")) {
            // A seed may be any long (negative too); a number of seeds is at least 1.
            long n = number(option, given);
            if (option.equals("--seeds") && n < 1) {
                throw new KataError("--seeds takes how many seeds to run, 1 or more; not " + given);
            }
        }
        extra.add(property + given);
        return true;
    }

    /** {@code value} as a whole number, or a one-line error naming the option. */
    static long number(String option, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new KataError(option + " takes a whole number; not '" + value + "'");
        }
    }

    /** The tag of tests on real sockets and processes (see 00-runtime/docs/cell.md). */
    static final String REAL_TIME = "real-time";

    static List<String> testArgs(List<String> projects, boolean own, boolean solution, List<String> extra) {
        List<String> args = new ArrayList<>(List.of("test", "-pl", String.join(",", projects), "-am",
                "-Dmaven.test.failure.ignore=true", "-Dsurefire.failIfNoSpecifiedTests=false",
                "-Dkata.exercises.skip=" + solution, "-Dkata.library.skip=" + !solution));
        if (own) {
            args.add("-Dkata.own");
        }
        if (extra.stream().noneMatch(arg -> arg.startsWith("-DexcludedGroups="))) {
            // Tests on real sockets and processes take a minute or more: a learner's loop leaves them
            // out unless asked for by name (--test); ./mvnw verify runs them.
            args.add("-DexcludedGroups=" + REAL_TIME);
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
        String step = String.valueOf(module.checkStep(args.get(1)));
        if (Track.given(module).contains(Integer.parseInt(step))) {
            System.out.println("(Step " + step + " is given on the workshop track: its code is filled in, marked \"Given on the workshop track\"."
                    + " ./kata track full " + module.number() + " makes it yours to write.)\n");
        }
        long k = args.size() > 2 ? number("hint number", args.get(2)) : 1;
        Path readme = module.exercise().resolve("README.md");
        List<String[]> hints = Readme.hints(read(readme), "step-" + step);
        if (hints.isEmpty()) {
            System.out.println("No hints for step " + step + " of " + module.name() + ". Read " + ROOT.relativize(readme) + ".");
            return 1;
        }
        if (k < 1 || k > hints.size()) {
            throw new KataError("step " + step + " has hints 1 to " + hints.size());
        }
        String[] hint = hints.get((int) k - 1);
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
}
