package dev.kata.runtime.sim;

import dev.kata.runtime.testing.FailureReport;
import java.time.Duration;
import java.util.Objects;

/**
 * Turns a long failing story into a short one. Given a scenario phrased as "given this fault
 * schedule, build a simulation, run it and check", and a schedule with which it fails, the shrinker
 * tries smaller schedules (a shorter run, fewer fault steps) and keeps each that still fails the same
 * way, until none of its tries fails or it has used its runs. A learner then debugs two faults in four
 * seconds instead of thirty faults in a minute.
 *
 * <pre>{@code
 * @RandomizedTest
 * void staysLinearizable(long seed) {
 *     FaultSchedule faults = Nemesis.standard().schedule(seed, servers, Duration.ofSeconds(30));
 *     Shrinker.check(faults, schedule -> {
 *         Simulation sim = cluster(seed);
 *         schedule.applyTo(sim);
 *         sim.runFor(schedule.duration());
 *         assertLinearizable(sim.history());
 *     });
 * }
 * }</pre>
 *
 * <p>The scenario must be deterministic given the schedule (the same seed inside): the shrinker
 * replays the smallest failing schedule once more at the end, and says so if it then passes.
 * Only that last replay writes a trace page.
 */
public final class Shrinker {

    /** A run of a test with a given fault schedule; it fails by throwing. */
    @FunctionalInterface
    public interface Scenario {
        void run(FaultSchedule schedule) throws Exception;
    }

    /** The outcome of shrinking: the smallest schedule found that still fails, and how it failed. */
    public record Result(FaultSchedule original, FaultSchedule smallest, Throwable failure, int runs) {
    }

    /** How many runs shrinking may take by default; each is a whole simulated run. */
    public static final int DEFAULT_MAX_RUNS = 100;

    private Shrinker() {
    }

    /**
     * Runs the scenario with {@code schedule}. If it fails, shrinks the schedule and throws a
     * {@link ShrunkFailure} telling the smallest failing story, with that run's failure as its cause
     * and its trace page in the report.
     */
    public static void check(FaultSchedule schedule, Scenario scenario) {
        check(schedule, DEFAULT_MAX_RUNS, scenario);
    }

    public static void check(FaultSchedule schedule, int maxRuns, Scenario scenario) {
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(scenario, "scenario");
        if (!FailureReport.detailed()) {
            // A sweep past its first failing seeds: one run, its failure as it is, no shrinking.
            Throwable failure = run(scenario, schedule);
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
            if (failure != null) {
                throw new AssertionError(failure.toString(), failure);
            }
            return;
        }
        Throwable failure = quietly(scenario, schedule);
        if (failure == null) {
            return;
        }
        Result result = shrink(schedule, failure, scenario, maxRuns);
        Throwable replayed = run(scenario, result.smallest());
        if (replayed == null) {
            throw new AssertionError("the scenario is not deterministic: it failed with this fault schedule, then "
                    + "passed with the same one on replay. Take every random choice from the seed.\n"
                    + result.smallest() + "\nfirst failure: " + InvariantViolation.explanation(result.failure()),
                    result.failure());
        }
        throw new ShrunkFailure(result.original(), result.smallest(), result.runs() + 2, replayed);
    }

    /**
     * Shrinks a schedule with which the scenario failed with {@code failure}; returns the smallest
     * failing schedule found within {@code maxRuns} runs (the original if nothing smaller fails). A
     * smaller schedule counts only if the scenario fails the same way: the same {@link #signature}.
     */
    public static Result shrink(FaultSchedule failing, Throwable failure, Scenario scenario, int maxRuns) {
        if (maxRuns < 0) {
            throw new IllegalArgumentException("maxRuns must not be negative, but is " + maxRuns);
        }
        Attempts attempts = new Attempts(scenario, failure, maxRuns);
        FaultSchedule current = failing;
        current = truncate(current, attempts);
        current = removeSteps(current, attempts);
        current = truncate(current, attempts);
        return new Result(failing, current, attempts.failure, attempts.runs);
    }

    /** Binary search for a shorter run that still fails. */
    private static FaultSchedule truncate(FaultSchedule current, Attempts attempts) {
        long low = 0;
        long high = current.duration().toNanos();
        long precision = Math.max(1_000_000, high / 64);
        while (high - low > precision && attempts.left()) {
            long middle = low + (high - low) / 2;
            FaultSchedule candidate = current.truncatedTo(Duration.ofNanos(middle));
            if (attempts.fails(candidate)) {
                current = candidate;
                high = middle;
            } else {
                low = middle;
            }
        }
        return current;
    }

    /** Removes chunks of steps, halving the chunk size each round, down to single steps. */
    private static FaultSchedule removeSteps(FaultSchedule current, Attempts attempts) {
        int chunk = Math.max(1, (current.size() + 1) / 2);
        while (chunk >= 1 && current.size() > 0 && attempts.left()) {
            int i = 0;
            while (i < current.size() && attempts.left()) {
                FaultSchedule candidate = current.without(i, Math.min(current.size(), i + chunk));
                if (attempts.fails(candidate)) {
                    current = candidate;
                } else {
                    i += chunk;
                }
            }
            chunk /= 2;
        }
        return current;
    }

    /**
     * What makes two failures "the same": the type of each error in the cause chain, the invariant
     * that broke, and the line that threw. A schedule too short for anything to happen often fails
     * too, but on the test's own progress check ("elections must have happened"), which the correct
     * code would fail as well: counting that as the same failure would shrink a real bug away and
     * show the learner a message about the test instead of the mistake.
     */
    static String signature(Throwable failure) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (out.length() > 0) {
                out.append(" <- ");
            }
            out.append(t.getClass().getName());
            if (t instanceof InvariantViolation violation) {
                out.append('[').append(violation.invariant()).append(']');
            }
            StackTraceElement site = throwSite(t);
            if (site != null) {
                out.append(" at ").append(site.getClassName()).append(':').append(site.getLineNumber());
            }
        }
        return out.toString();
    }

    /**
     * The frame of the check that failed: the first one outside the JDK, the test libraries and
     * the runtime's own code (whose frames are the same for every failure of a run).
     */
    private static StackTraceElement throwSite(Throwable failure) {
        for (StackTraceElement frame : failure.getStackTrace()) {
            String type = frame.getClassName();
            boolean library = type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.")
                    || type.startsWith("org.assertj.") || type.startsWith("org.junit.")
                    || type.startsWith("org.opentest4j.") || type.startsWith("org.apache.maven.");
            if (!library && !isRuntimeCode(type)) {
                return frame;
            }
        }
        return null;
    }

    /** Whether {@code type} comes from the runtime's main code (its jar or classes folder), not a test. */
    private static boolean isRuntimeCode(String type) {
        if (!type.startsWith("dev.kata.runtime.")) {
            return false;
        }
        try {
            Class<?> loaded = Class.forName(type, false, Shrinker.class.getClassLoader());
            return Objects.equals(codeSource(loaded), codeSource(Shrinker.class));
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static Object codeSource(Class<?> type) {
        var source = type.getProtectionDomain().getCodeSource();
        return source == null ? null : source.getLocation();
    }

    private static final class Attempts {
        private final Scenario scenario;
        private final String signature;
        private final int maxRuns;
        Throwable failure;
        int runs;

        Attempts(Scenario scenario, Throwable failure, int maxRuns) {
            this.scenario = scenario;
            this.failure = failure;
            this.signature = signature(failure);
            this.maxRuns = maxRuns;
        }

        boolean left() {
            return runs < maxRuns;
        }

        boolean fails(FaultSchedule candidate) {
            runs++;
            Throwable result = quietly(scenario, candidate);
            if (result != null && signature(result).equals(signature)) {
                failure = result;
                return true;
            }
            return false;
        }
    }

    /** Runs the scenario without trace pages; returns how it failed, or null. */
    private static Throwable quietly(Scenario scenario, FaultSchedule schedule) {
        boolean saved = Simulation.QUIET.get();
        Simulation.QUIET.set(Boolean.TRUE);
        try {
            return run(scenario, schedule);
        } finally {
            Simulation.QUIET.set(saved);
        }
    }

    private static Throwable run(Scenario scenario, FaultSchedule schedule) {
        try {
            scenario.run(schedule);
            return null;
        } catch (Exception | AssertionError failure) {
            return failure;
        }
    }
}
