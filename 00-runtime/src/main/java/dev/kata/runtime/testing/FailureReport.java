package dev.kata.runtime.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Lines to add to a test's failure message, registered by whatever the test drove (the simulation
 * registers one that writes its trace page and returns the page's path). Only called when the test
 * fails, so a passing test pays nothing. Scoped to the test's thread.
 */
public final class FailureReport {

    private static final ThreadLocal<List<Supplier<String>>> HOOKS = ThreadLocal.withInitial(ArrayList::new);
    private static final ThreadLocal<String> REPLAY = new ThreadLocal<>();
    private static final ThreadLocal<Boolean> DETAILED = ThreadLocal.withInitial(() -> Boolean.TRUE);

    private FailureReport() {
    }

    /** Registers a hook for the running test; it runs only if the test fails. */
    public static void onFailure(Supplier<String> line) {
        HOOKS.get().add(line);
    }

    /**
     * While the hooks run: the command that replays the failing test, so that what they write (a
     * trace page) can show it too.
     */
    public static java.util.Optional<String> replayCommand() {
        return java.util.Optional.ofNullable(REPLAY.get());
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

    /** Runs the hooks of a failed test whose replay command is {@code replay}. */
    static List<String> collect(String replay) {
        REPLAY.set(replay);
        try {
            return collect();
        } finally {
            REPLAY.remove();
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
