package dev.kata.runtime.bench;

import java.util.Locale;
import java.util.Map;

/**
 * One configuration's figures from a {@link ClosedLoop}, as {@code ../shared/peers/}'s LockBench
 * gives them: the same {@code RESULT} line and CSV columns, so that the project's systems and etcd
 * and ZooKeeper fill one table.
 *
 * @param system       the CSV's first column: {@code etcd}, {@code zk}, {@code kata-log}, {@code kata-lock}
 * @param mode         LockBench's: {@code put} (a write), {@code uncontended} or {@code contended} (a lock cycle)
 * @param ops          operations counted: started after the warm-up, ended inside the window
 * @param cpuMicros    processor time over the window, per counted operation, of each server's process
 *                     and of the clients' ({@link CpuMeter}); empty when not measured
 * @param countsPerOperation the benchmark's own counters over the window ({@link CpuMeter#withCounter}),
 *                     per counted operation: {@code log entries=2.0}; empty when it has none
 * @param firstError   what the first failed operation said (null when none failed)
 */
public record BenchResult(String system, int clients, String mode, int round, long ops, double seconds,
                          double p50Ms, double p99Ms, double maxMs, long minPerClient, long maxPerClient,
                          long errors, Map<String, Long> cpuMicros,
                          Map<String, Double> countsPerOperation, String firstError) {

    /** The CSV's header line, LockBench's. */
    public static final String CSV_HEADER =
            "system,clients,mode,round,ops,secs,ops_s,p50_ms,p99_ms,max_ms,per_client_min,per_client_max,errors";

    public double opsPerSecond() {
        return ops / seconds;
    }

    /**
     * LockBench's {@code RESULT} line, then the processor time per operation on a line of its own, and
     * the counters per operation on another if there are any.
     */
    public String line() {
        return String.format(Locale.ROOT, "RESULT system=%s clients=%d mode=%s round=%d ops=%d secs=%.2f "
                        + "ops_s=%.1f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f per_client_min=%d per_client_max=%d errors=%d",
                system, clients, mode, round, ops, seconds, opsPerSecond(), p50Ms, p99Ms, maxMs, minPerClient,
                maxPerClient, errors)
                + "\n# cpu per " + noun() + " (us): " + cpuMicros
                + (countsPerOperation.isEmpty() ? "" : "\n# per " + noun() + ": " + countsPerOperation);
    }

    private String noun() {
        return mode.equals("put") ? "write" : "cycle";
    }

    /** LockBench's CSV row. */
    public String csv() {
        return String.format(Locale.ROOT, "%s,%d,%s,%d,%d,%.2f,%.1f,%.3f,%.3f,%.3f,%d,%d,%d", system, clients, mode,
                round, ops, seconds, opsPerSecond(), p50Ms, p99Ms, maxMs, minPerClient, maxPerClient, errors);
    }

    /** As LockBench: the smallest sample with at least {@code q} of the (sorted) samples at or below it. */
    public static double percentileMs(long[] sortedNanos, double q) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int index = Math.max(0, Math.min(sortedNanos.length - 1, (int) Math.ceil(q * sortedNanos.length) - 1));
        return sortedNanos[index] / 1e6;
    }
}
