package dev.kata.runtime.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a benchmark of a cell runs, read from the options of {@link BenchOptions#cellDefaults}: the
 * client counts, the rounds, the priming, warm-up and window of LockBench's method, the cell's
 * directory and its servers' JVM options.
 */
public record BenchPlan(int[] clientCounts, int rounds, double primeSeconds, double warmupSeconds,
                        double durationSeconds, Path directory, List<String> jvm) {

    public BenchPlan {
        clientCounts = clientCounts.clone();
        jvm = List.copyOf(jvm);
    }

    /** Reads the plan; a {@link BenchOptionException} says which option is wrong. */
    public static BenchPlan of(BenchOptions options) {
        return new BenchPlan(options.counts("clients"), options.whole("rounds", 1), options.seconds("prime"),
                options.seconds("warmup"), options.seconds("duration"), Path.of(options.get("dir")).toAbsolutePath(),
                List.of(options.get("jvm").strip().split("\\s+")));
    }

    @Override
    public int[] clientCounts() {
        return clientCounts.clone();
    }

    /** The most clients a configuration has: as many as the benchmark makes. */
    public int mostClients() {
        int most = 1;
        for (int count : clientCounts) {
            most = Math.max(most, count);
        }
        return most;
    }

    /** The servers' JVM options, and {@code more} after them (system properties for the program). */
    public List<String> jvm(List<String> more) {
        List<String> options = new ArrayList<>(jvm);
        options.addAll(more);
        return options;
    }
}
