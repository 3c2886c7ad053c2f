package dev.kata.runtime.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Lines to add to a test's failure message, registered by whatever the test drove (the simulation
 * registers one that writes its trace page and returns the page's path). Only called when the test
 * fails, so a passing test pays nothing. Scoped to the test's thread, and kept from the moment the
 * test's instance is made (a simulation built in a field registers its hook then) until the test ends.
 */
public final class FailureReport {

    private static final ThreadLocal<List<Supplier<String>>> HOOKS = ThreadLocal.withInitial(ArrayList::new);
    private static final ThreadLocal<String> REPLAY = new ThreadLocal<>();
    private static final ThreadLocal<String> TEST = new ThreadLocal<>();
    private static final ThreadLocal<Boolean> RANDOMIZED = ThreadLocal.withInitial(() -> Boolean.FALSE);
    private static final ThreadLocal<Throwable> FAILURE = new ThreadLocal<>();
    private static final ThreadLocal<List<Path>> PAGES = ThreadLocal.withInitial(ArrayList::new);
    private static final ThreadLocal<Boolean> DETAILED = ThreadLocal.withInitial(() -> Boolean.TRUE);

    private FailureReport() {
    }

    /** Registers a hook for the running test; it runs only if the test fails. */
    public static void onFailure(Supplier<String> line) {
        HOOKS.get().add(line);
    }

    /**
     * The command that replays the running test (with its seed, for a randomized one), so that what
     * it writes (a trace page) can show it too. Empty outside a JUnit test.
     */
    public static Optional<String> replayCommand() {
        return Optional.ofNullable(REPLAY.get());
    }

    /** The running test as "Class-method" (a nested class goes by its outer class). Empty outside a JUnit test. */
    public static Optional<String> testName() {
        return Optional.ofNullable(TEST.get());
    }

    /**
     * While the hooks run: what made the test fail (an assertion, an exception), so that a trace page
     * can show the failure in the words of whatever found it.
     */
    public static Optional<Throwable> failure() {
        return Optional.ofNullable(FAILURE.get());
    }

    /**
     * Tells that the running test wrote a trace page: a test that passes by showing a counterexample
     * writes one, and {@code ./kata test} prints where it is.
     */
    public static void pageWritten(Path page) {
        if (TEST.get() != null) {
            PAGES.get().add(page);
        }
    }

    /** The pages the running test wrote so far, and forgets them. */
    static List<Path> takePagesWritten() {
        List<Path> pages = List.copyOf(PAGES.get());
        PAGES.get().clear();
        return pages;
    }

    /** Whether the running test is a {@link RandomizedTest}, whose failure names its seed itself. */
    public static boolean randomized() {
        return RANDOMIZED.get();
    }

    /** A test begins: what replays it and its name, for the pages it may write. */
    static void begin(String test, String replay, boolean randomized) {
        TEST.set(test);
        REPLAY.set(replay);
        RANDOMIZED.set(randomized);
        PAGES.get().clear();
    }

    /** A test ended: forget its hooks, its name and its replay line. */
    static void end() {
        HOOKS.get().clear();
        PAGES.get().clear();
        TEST.remove();
        REPLAY.remove();
        RANDOMIZED.remove();
    }

    /**
     * Whether a failure of the running test should be explained at length: its fault schedule shrunk,
     * its trace page written. True, except for a randomized test's seeds after its first three
     * failing ones: in a sweep of a broken implementation those cost minutes and megabytes and say
     * nothing new. The replay of one seed is always explained at length.
     */
    public static boolean detailed() {
        return DETAILED.get();
    }

    static void detailed(boolean detailed) {
        DETAILED.set(detailed);
    }

    /** Runs the hooks of a test that failed with {@code failure} and whose replay command is {@code replay}. */
    static List<String> collect(String replay, Throwable failure) {
        String before = REPLAY.get();
        REPLAY.set(replay);
        FAILURE.set(failure);
        try {
            return collect();
        } finally {
            FAILURE.remove();
            REPLAY.set(before);
        }
    }

    /** Runs and clears the hooks; each non-blank result is one line. A hook that throws is reported, not rethrown. */
    static List<String> collect() {
        List<Supplier<String>> hooks = HOOKS.get();
        List<String> lines = new ArrayList<>();
        for (Supplier<String> hook : hooks) {
            try {
                String line = hook.get();
                if (line != null && !line.isBlank()) {
                    lines.add(line);
                }
            } catch (RuntimeException e) {
                lines.add("(a failure hook failed: " + e + ")");
            }
        }
        hooks.clear();
        return lines;
    }

    /** Forgets the hooks of a test that passed. */
    static void clear() {
        HOOKS.get().clear();
    }
}
