package dev.kata.runtime.testing;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;

/**
 * The second half of the kata's mutation test: the planted mistakes of a module
 * ({@code solutions/NN-name/mistakes.txt}, the way learners really get a step wrong), each applied
 * alone to a copy of the reference and proved caught by the tests it names.
 *
 * <p>{@code ./kata mutants} (tools/src/main/java/dev/kata/tool/Mistakes.java) checks the file,
 * writes each mistake's patched source file to {@code target/kata-mutants/mistakes/K/src} and lists
 * them in {@code mistakes.tsv}. {@link MutationCheck} compiles each alone against the reference
 * classes ({@link #compile}), and in its child JVM, after the regions, runs each mistake's tests
 * ({@link #run}) in a class loader of its own: the mistake's classes, then the reference's and the
 * tests', loaded afresh (child first), so no mistake leaks into the next and the working tree is
 * never touched.
 */
final class PlantedMistakes {

    /** A mistake that makes a test hang is reported as such, not waited for forever. */
    private static final long TIME_LIMIT_SECONDS = 180;

    private static final String CANNOT_RUN = "cannot run: ";

    private PlantedMistakes() {
    }

    /** One line of {@code mistakes.tsv}: number, id, step, the tests to run, title. */
    private record Mistake(int number, String id, String step, List<String> tests, String title) {
        static Mistake parse(String line) {
            String[] f = line.split("\t", 5);
            return new Mistake(Integer.parseInt(f[0]), f[1], f[2], List.of(f[3].split(",")), f[4]);
        }
    }

    static List<String> lines(Path mutants) throws IOException {
        Path tsv = mutants.resolve("mistakes.tsv");
        if (!Files.exists(tsv)) {
            return List.of();
        }
        return Files.readAllLines(tsv, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
    }

    /** Compiles each mistake's patched file alone, against the mutant classes (the reference with switches). */
    static void compile(Path mutants, List<String> classpath) throws IOException {
        List<String> withReference = new ArrayList<>(classpath);
        withReference.add(0, mutants.resolve("classes").toString());
        for (String line : lines(mutants)) {
            Path dir = mutants.resolve("mistakes").resolve(line.substring(0, line.indexOf('\t')));
            MutationCheck.compile(dir.resolve("src"), dir.resolve("classes"), withReference);
        }
    }

    /** The report's lines are appended to {@code report}; returns how many mistakes no named test caught. */
    static int run(Launcher launcher, Path mutants, Path referenceClasses, Path testClasses, String moduleName,
                   StringBuilder report) throws IOException {
        List<Mistake> mistakes = lines(mutants).stream().map(Mistake::parse).toList();
        if (mistakes.isEmpty()) {
            return 0;
        }
        List<String[]> regions = Files.readAllLines(mutants.resolve("regions.tsv"), StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank()).map(line -> line.split("\t", 4)).toList();
        report.append(String.format(Locale.ROOT, "%n%s: %d planted mistakes (mistakes.txt), each applied alone to the "
                + "reference as a learner has it at the end of the mistake's step (later steps stubbed); only the tests "
                + "it names run%n", moduleName, mistakes.size()));
        report.append(String.format(Locale.ROOT, "  %-7s %-34s %s%n", "step", "mistake", "caught by"));
        long started = System.nanoTime();
        int uncaught = 0;
        java.util.Map<String, List<String>> baselines = new java.util.HashMap<>();
        for (Mistake mistake : mistakes) {
            Path classes = mutants.resolve("mistakes").resolve(String.valueOf(mistake.number())).resolve("classes");
            List<String> failing = new ArrayList<>();
            String verdict;
            // The learner at the end of the mistake's step: every region of a later step is still a stub.
            int step = MutationCheck.stepOf(mistake.step());
            Mutant.activate(regions.stream().filter(r -> MutationCheck.stepOf(r[1]) > step)
                    .map(r -> Integer.valueOf(r[0])).collect(java.util.stream.Collectors.toSet()));
            // Without the mistake, the tests it names must pass at that step, or their failure proves nothing.
            String key = mistake.step() + " " + mistake.tests();
            if (!baselines.containsKey(key)) {
                List<String> failingWithout = new ArrayList<>();
                try (ChildFirstLoader loader = new ChildFirstLoader(mutants.resolve("classes"), referenceClasses, testClasses)) {
                    runIn(loader, launcher, mistake, failingWithout);
                }
                baselines.put(key, failingWithout);
            }
            List<String> baseline = baselines.get(key);
            try (ChildFirstLoader loader = new ChildFirstLoader(classes, mutants.resolve("classes"), referenceClasses,
                    testClasses)) {
                boolean finished = baseline.isEmpty() && runIn(loader, launcher, mistake, failing);
                if (baseline.size() == 1 && baseline.get(0).startsWith(CANNOT_RUN)) {
                    uncaught++;
                    verdict = "CANNOT RUN: " + truncate(baseline.get(0).substring(CANNOT_RUN.length()), 70);
                } else if (!baseline.isEmpty()) {
                    uncaught++;
                    verdict = "CANNOT JUDGE: without the mistake, at the end of " + mistake.step() + ", "
                            + truncate(baseline.get(0), 50) + " fails already";
                } else if (failing.size() == 1 && failing.get(0).startsWith(CANNOT_RUN)) {
                    uncaught++;
                    verdict = "CANNOT RUN: " + truncate(failing.get(0).substring(CANNOT_RUN.length()), 70);
                } else if (!finished) {
                    uncaught++;
                    verdict = "HANGS: its tests ran more than " + TIME_LIMIT_SECONDS + " s; give them a time limit";
                } else if (failing.isEmpty()) {
                    uncaught++;
                    verdict = "NOT CAUGHT: every test of " + String.join(", ", simpleNames(mistake.tests())) + " passes";
                } else {
                    verdict = failing.size() + " failing, e.g. " + truncate(failing.get(0), 60);
                }
            }
            report.append(String.format(Locale.ROOT, "  %-7s %-34s %s%n", mistake.step(), truncate(mistake.id(), 34), verdict));
        }
        Mutant.activate(-1);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        if (uncaught == 0) {
            report.append("  Every planted mistake is caught by a test it names (" + seconds + " s).\n");
        } else {
            report.append("  " + uncaught + " planted mistake(s) not caught: add a test of the mistake's step that fails "
                    + "with it, and name it in caught-by (" + seconds + " s).\n");
        }
        return uncaught;
    }

    /**
     * Runs the mistake's tests with {@code loader} as the context class loader; false if they hung.
     * If they cannot run at all (no such class or method, a discovery error), {@code failing} holds
     * one line that starts with {@link #CANNOT_RUN}.
     */
    private static boolean runIn(ClassLoader loader, Launcher launcher, Mistake mistake, List<String> failing) {
        List<DiscoverySelector> selectors = new ArrayList<>();
        for (String test : mistake.tests()) {
            int hash = test.indexOf('#');
            try {
                Class<?> type = Class.forName(hash < 0 ? test : test.substring(0, hash), false, loader);
                if (hash < 0) {
                    selectors.add(selectClass(type));
                } else {
                    // The method may sit in a @Nested class, and take a seed: select it by its Method.
                    java.lang.reflect.Method method = findMethod(type, test.substring(hash + 1));
                    if (method == null) {
                        failing.add(CANNOT_RUN + type.getSimpleName() + " has no method " + test.substring(hash + 1));
                        return true;
                    }
                    selectors.add(selectMethod(method.getDeclaringClass(), method));
                }
            } catch (ClassNotFoundException e) {
                // ./kata mutants checked that the class exists; a missing one here fails the check loudly.
                failing.add(CANNOT_RUN + "no test class " + test);
                return true;
            }
        }
        List<String> found = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.Map<String, String> names = new java.util.concurrent.ConcurrentHashMap<>();
        Throwable[] error = new Throwable[1];
        Thread thread = new Thread(() -> {
            Thread.currentThread().setContextClassLoader(loader);
            try {
                launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectors).build(),
                        new TestExecutionListener() {
                            @Override
                            public void executionStarted(TestIdentifier test) {
                                names.put(test.getUniqueId(), test.getDisplayName());
                            }

                            @Override
                            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                                if (result.getStatus() == TestExecutionResult.Status.FAILED
                                        && (test.isTest() || test.getSource().isPresent())) {
                                    // A seed of a randomized test is named after its test.
                                    String parent = test.getParentId().map(names::get).orElse("");
                                    found.add(test.getDisplayName().startsWith("seed ")
                                            ? parent + " (" + test.getDisplayName() + ")" : test.getDisplayName());
                                }
                            }
                        });
            } catch (RuntimeException | Error e) {
                error[0] = e;
            }
        }, "kata-mistake-" + mistake.id());
        thread.setDaemon(true); // a hung mistake must not keep the JVM alive
        thread.start();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(TIME_LIMIT_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        if (thread.isAlive()) {
            return false;
        }
        if (error[0] != null) {
            failing.add(CANNOT_RUN + error[0]);
            return true;
        }
        failing.addAll(found);
        return true;
    }

    /** The method {@code name} of {@code type} or of a class nested in it, or null. */
    private static java.lang.reflect.Method findMethod(Class<?> type, String name) {
        for (java.lang.reflect.Method method : type.getDeclaredMethods()) {
            if (method.getName().equals(name)) {
                return method;
            }
        }
        for (Class<?> nested : type.getDeclaredClasses()) {
            java.lang.reflect.Method method = findMethod(nested, name);
            if (method != null) {
                return method;
            }
        }
        return null;
    }

    private static List<String> simpleNames(List<String> tests) {
        return tests.stream().map(t -> t.substring(t.lastIndexOf('.') + 1)).toList();
    }

    private static String truncate(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }

    /**
     * Loads the mistake's classes, the reference's and the tests' itself, ahead of the JVM's class
     * path (which holds the reference too): each mistake gets fresh copies of the module's classes,
     * static state included. Everything else (JUnit, the runtime, earlier modules) comes from the
     * parent, so the tests' annotations and extensions are the ones the launcher knows.
     */
    static final class ChildFirstLoader extends URLClassLoader {

        ChildFirstLoader(Path... roots) {
            super(urls(roots), PlantedMistakes.class.getClassLoader());
        }

        private static URL[] urls(Path... roots) {
            URL[] urls = new URL[roots.length];
            for (int i = 0; i < roots.length; i++) {
                try {
                    urls[i] = roots[i].toUri().toURL();
                } catch (MalformedURLException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return urls;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded == null && findResource(name.replace('.', '/') + ".class") != null) {
                    loaded = findClass(name);
                }
                if (loaded == null) {
                    return super.loadClass(name, resolve);
                }
                if (resolve) {
                    resolveClass(loaded);
                }
                return loaded;
            }
        }

        @Override
        public URL getResource(String name) {
            URL own = findResource(name);
            return own != null ? own : super.getResource(name);
        }
    }
}
