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

    /** Whether the running test registered a hook (drove a simulation, say). */
    static boolean hasHooks() {
        return !HOOKS.get().isEmpty();
    }

    /** Forgets the hooks of a test that passed. */
    static void clear() {
        HOOKS.get().clear();
    }
}
