package dev.kata.runtime.testing;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathRoots;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The kata's own mutation test, for one solution module: every learner region, stubbed alone while
 * the rest stays the reference, must make at least one test fail. Otherwise a learner could skip
 * that region and still see green, and the kata would teach nothing there.
 *
 * <p>Run by the {@code kata-mutation} Maven profile ({@code ./kata check}) after
 * {@code ./kata mutants} (tools/src/main/java/dev/kata/tool) has written {@code target/kata-mutants/src} and
 * {@code regions.tsv}. It compiles the mutant sources, then starts one JVM in which those classes
 * replace the reference ones and runs the module's tests once as they are and once per region.
 */
public final class MutationCheck {

    /** The tag of tests that run in real time, on sockets or processes: the mutation check skips them. */
    public static final String REAL_TIME = "real-time";

    private MutationCheck() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 5 && args[0].equals("--run")) {
            System.exit(runTests(Paths.get(args[1]), Paths.get(args[2]), args[3], Paths.get(args[4])));
        }
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: MutationCheck <module dir> <classes dir> <test classes dir>");
        }
        Path module = Paths.get(args[0]);
        Path mutants = module.resolve("target/kata-mutants");
        if (!Files.exists(mutants.resolve("regions.tsv"))) {
            return; // not a solution module, or ./kata mutants did not run
        }
        Path classes = Paths.get(args[1]).toAbsolutePath();
        Path mutantClasses = mutants.resolve("classes");
        List<String> classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !Paths.get(entry).toAbsolutePath().equals(classes))
                .toList();
        compile(mutants.resolve("src"), mutantClasses, classpath);
        PlantedMistakes.compile(mutants, classpath);

        // The mutant classes come first, so they shadow the reference; the reference's classes
        // directory stays last for its resources.
        List<String> childClasspath = new ArrayList<>();
        childClasspath.add(mutantClasses.toString());
        childClasspath.addAll(classpath);
        childClasspath.add(classes.toString());
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-Dkata.mutation=true", "-cp",
                String.join(File.pathSeparator, childClasspath), MutationCheck.class.getName(), "--run",
                mutants.toString(), args[2], module.getFileName().toString(), classes.toString())
                .inheritIO().start();
        System.exit(child.waitFor());
    }

    static void compile(Path sources, Path output, List<String> classpath) throws IOException {
        List<String> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java")).map(Path::toString).toList();
        }
        Files.createDirectories(output);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("the mutation check needs a JDK, not a JRE");
        }
        List<String> options = new ArrayList<>(List.of("--release", "17", "-parameters", "-proc:none", "-nowarn",
                "-d", output.toString(), "-cp", String.join(File.pathSeparator, classpath)));
        options.addAll(files);
        int status = javac.run(null, null, null, options.toArray(String[]::new));
        if (status != 0) {
            throw new IllegalStateException("the mutant sources in " + sources + " do not compile");
        }
    }

    private static int runTests(Path mutants, Path testClasses, String moduleName, Path referenceClasses)
            throws IOException {
        List<String[]> regions = Files.readAllLines(mutants.resolve("regions.tsv"), StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank()).map(line -> line.split("\t", 4)).toList();
        Launcher launcher = LauncherFactory.create();
        // Tests on real sockets and processes are left out: a region is run once per region, and the
        // processes of a cell would not know which region is stubbed in this JVM.
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClasspathRoots(Set.of(testClasses)))
                .filters(TagFilter.excludeTags(REAL_TIME)).build();

        List<String> baseline = failingTests(launcher, request, -1, "").tests();
        if (!baseline.isEmpty()) {
            System.out.println(moduleName + ": the tests fail on the reference solution itself, so no region can be judged:");
            baseline.forEach(t -> System.out.println("  " + t));
            return 1;
        }
        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "%n%s: %d learner regions, each stubbed alone%n", moduleName, regions.size()));
        report.append(String.format(Locale.ROOT, "  %-7s %-46s %s%n", "step", "region", "caught by"));
        int uncaught = 0;
        int lateOnly = 0;
        for (String[] region : regions) {
            int id = Integer.parseInt(region[0]);
            Caught caught = failingTests(launcher, request, id, region[1]);
            List<String> caughtBy = caught.tests();
            String where = region[2].replaceFirst(".*/", "");
            String verdict;
            if (caughtBy.isEmpty()) {
                uncaught++;
                verdict = "NOTHING: no test fails while this region is a stub";
            } else if (!caught.byItsStepOrEarlier()) {
                // A learner would finish this step green with the region wrong, and find out steps later.
                lateOnly++;
                verdict = "ONLY LATER STEPS: no test of " + region[1] + " or before fails, only e.g. "
                        + truncate(caughtBy.get(0), 50);
            } else {
                verdict = caughtBy.size() + " failing, e.g. " + truncate(caughtBy.get(0), 70);
            }
            report.append(String.format(Locale.ROOT, "  %-7s %-46s %s%n", region[1], truncate(where + " " + region[3], 46), verdict));
        }
        Mutant.activate(-1);
        if (uncaught == 0 && lateOnly == 0) {
            report.append("  Every region is guarded by a test of its own step or an earlier one.\n");
        }
        if (uncaught > 0) {
            report.append("  " + uncaught + " region(s) guarded by no test: add a test that fails without it.\n");
        }
        if (lateOnly > 0) {
            report.append("  " + lateOnly + " region(s) guarded only by later steps' tests: add a test to the region's "
                    + "own step that fails without it.\n");
        }
        int uncaughtMistakes = PlantedMistakes.run(launcher, mutants, referenceClasses, testClasses, moduleName, report);
        System.out.print(report);
        try {
            Files.writeString(mutants.resolve("report.txt"), report, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return uncaught == 0 && lateOnly == 0 && uncaughtMistakes == 0 ? 0 : 1;
    }

    /**
     * The tests that failed with a region stubbed, those of the region's own step first, and whether
     * one of them belongs to that step or an earlier one (a test tagged {@code step-N}, N at most the
     * region's step).
     */
    private record Caught(List<String> tests, boolean byItsStepOrEarlier) {
    }

    /** The step number of a tag such as {@code step-3}, or -1. */
    static int stepOf(String tag) {
        return tag.matches("step-\\d+") ? Integer.parseInt(tag.substring(5)) : -1;
    }

    /** The tests that fail with {@code region} stubbed; those of the region's own step first. */
    private static Caught failingTests(Launcher launcher, LauncherDiscoveryRequest request, int region,
                                       String step) {
        Mutant.activate(region);
        List<String> ownStep = new ArrayList<>();
        List<String> others = new ArrayList<>();
        boolean[] early = {false};
        int stepNumber = stepOf(step);
        launcher.execute(request, new TestExecutionListener() {
            private final java.util.Map<String, String> names = new java.util.HashMap<>();

            @Override
            public void executionStarted(TestIdentifier test) {
                names.put(test.getUniqueId(), test.getDisplayName());
            }

            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (result.getStatus() != TestExecutionResult.Status.FAILED || !(test.isTest() || test.getSource().isPresent())) {
                    return;
                }
                String parent = test.getParentId().map(names::get).orElse("");
                String name = test.getDisplayName().startsWith("seed ") ? parent + " (" + test.getDisplayName() + ")"
                        : test.getDisplayName();
                boolean same = test.getTags().stream().anyMatch(tag -> tag.getName().equals(step));
                if (test.getTags().stream().mapToInt(tag -> stepOf(tag.getName())).anyMatch(n -> n >= 0 && n <= stepNumber)) {
                    early[0] = true;
                }
                (same ? ownStep : others).add(name);
            }
        });
        List<String> failing = new ArrayList<>(ownStep.stream().distinct().toList());
        failing.addAll(others.stream().distinct().toList());
        return new Caught(failing, early[0]);
    }

    private static String truncate(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }
}
