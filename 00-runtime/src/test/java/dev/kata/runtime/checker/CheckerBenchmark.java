package dev.kata.runtime.checker;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * How long the linearizability checker takes on the histories where it used to give up (see
 * {@link DecisiveCheckerTest}), shrinking and explanation included. Not a unit test: run it by hand,
 * {@code ./kata bench runtime} (after the simulation's benchmark).
 *
 * <p>Each case builds its history once, checks it once to warm the just-in-time compiler, then
 * measures {@code --runs} checks in this thread's CPU time (wall time on a shared machine counts
 * other people's work).
 */
public final class CheckerBenchmark {

    private static final String USAGE = """
            ./kata bench runtime [options]     (the checker's cases, after the simulation's)
              --runs R      measured checks per case, after one warm-up check (default 3)
            Prints, per case, the verdict, the median CPU time of the checks and their range.
            """;

    private record Case(String name, Supplier<List<Operation<KvCommand, String>>> history) {
    }

    private CheckerBenchmark() {
    }

    public static void main(String[] args) {
        List<String> options = new ArrayList<>(Arrays.asList(args));
        if (options.contains("--help")) {
            System.out.print(USAGE);
            return;
        }
        int runsIndex = options.indexOf("--runs");
        int runs = runsIndex >= 0 ? Integer.parseInt(options.get(runsIndex + 1)) : 3;
        long seed = DecisiveCheckerTest.SEED;
        List<Case> cases = List.of(
                new Case("100k ops, 10 clients, 5 keys, 2% unknown: correct", () -> CheckerCases.atomicStore(seed)),
                new Case("the same, one stale read in the middle",
                        () -> CheckerCases.staleReadInTheMiddle(seed).history()),
                new Case("the same, one read of a value nobody wrote",
                        () -> CheckerCases.readOfNothingInTheMiddle(seed).history()),
                new Case("10 unread unknown writes, then a read of nothing",
                        () -> CheckerCases.unreadUnknownWritesThenReadOfNothing(10)),
                new Case("1000 unread unknown writes, then a read of nothing",
                        () -> CheckerCases.unreadUnknownWritesThenReadOfNothing(1000)),
                new Case("16 pending unknown writes, reads of the first value",
                        () -> CheckerCases.pendingWrites(16, false)),
                new Case("16 pending unknown writes, each value read in turn",
                        () -> CheckerCases.pendingWrites(16, true)));
        System.out.printf(Locale.ROOT, "Linearizability checker, default budget (%d states), CPU time per check,"
                + " median of %d (range), shrinking included%n", LinearizabilityChecker.DEFAULT_BUDGET, runs);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (Case benchmarkCase : cases) {
            List<Operation<KvCommand, String>> history = benchmarkCase.history().get();
            LinearizabilityChecker<KvCommand, String> checker = LinearizabilityChecker.keyValue();
            LinearizabilityResult<KvCommand, String> result = checker.check(history); // warm-up
            double[] millis = new double[runs];
            for (int run = 0; run < runs; run++) {
                long start = threads.getCurrentThreadCpuTime();
                result = checker.check(history);
                millis[run] = (threads.getCurrentThreadCpuTime() - start) / 1e6;
            }
            Arrays.sort(millis);
            System.out.printf(Locale.ROOT, "  %-55s %-17s %8.0f ms  (%.0f to %.0f)  piece of %d%n", benchmarkCase.name(),
                    result.verdict(), millis[runs / 2], millis[0], millis[runs - 1], result.operations().size());
        }
    }
}
