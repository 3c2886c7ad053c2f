package dev.kata.runtime.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * One configuration of a benchmark, timed as {@code ../shared/peers/}'s LockBench times etcd and
 * ZooKeeper: a thread per client, each doing its operation again as soon as the last one is answered
 * (a closed loop), for a warm-up and then a window; only operations that start after the warm-up and
 * end inside the window count, and ops/s = counted operations / window. A benchmark runs every
 * configuration once per round, round after round (interleaved, so that a noisy period of a shared
 * machine does not hit every sample of one configuration), after a priming run it throws away:
 * <pre>{@code
 * ClosedLoop.run("kata-log", "put", 0, clients.subList(0, 1), prime, 0.001, meter);   // the JIT, discarded
 * for (int round = 1; round <= rounds; round++) {
 *     for (int count : clientCounts) {
 *         results.add(ClosedLoop.run("kata-log", "put", round, clients.subList(0, count), 3, 10, meter));
 *     }
 * }
 * }</pre>
 */
public final class ClosedLoop {

    private ClosedLoop() {
    }

    /**
     * Runs {@code clients} for {@code warmupSeconds}, then {@code durationSeconds} measured, and returns
     * the figures, with the processor time {@code cpu} reads over the window (null: not measured).
     */
    public static BenchResult run(String system, String mode, int round, List<? extends BenchOperation> clients,
                                  double warmupSeconds, double durationSeconds, CpuMeter cpu) throws InterruptedException {
        int count = clients.size();
        long[][] samples = new long[count][];
        int[] sizes = new int[count];
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        CountDownLatch ready = new CountDownLatch(count);
        CountDownLatch go = new CountDownLatch(1);
        long[] window = new long[2];
        Thread[] threads = new Thread[count];
        for (int i = 0; i < count; i++) {
            int id = i;
            BenchOperation client = clients.get(i);
            threads[i] = new Thread(() -> {
                long[] mine = new long[1 << 14];
                int size = 0;
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                long measureFrom = window[0];
                long deadline = window[1];
                while (true) {
                    long t0 = System.nanoTime();
                    if (t0 >= deadline) {
                        break;
                    }
                    boolean ok;
                    try {
                        ok = client.perform();
                        if (!ok) {
                            firstError.compareAndSet(null, "an operation failed");
                        }
                    } catch (Exception e) {
                        ok = false;
                        firstError.compareAndSet(null, e.toString());
                    }
                    long t1 = System.nanoTime();
                    if (!ok) {
                        errors.incrementAndGet();
                        continue;
                    }
                    if (t0 >= measureFrom && t1 <= deadline) {
                        if (size == mine.length) {
                            mine = Arrays.copyOf(mine, size * 2);
                        }
                        mine[size++] = t1 - t0;
                    }
                }
                samples[id] = mine;
                sizes[id] = size;
            }, "bench-" + i);
            threads[i].start();
        }
        ready.await();
        long start = System.nanoTime();
        window[0] = start + (long) (warmupSeconds * 1e9);
        window[1] = window[0] + (long) (durationSeconds * 1e9);
        go.countDown(); // happens-before for the workers' reads of window[]
        LockSupport.parkNanos(window[0] - System.nanoTime());
        Map<String, Long> cpuBefore = cpu == null ? Map.of() : cpu.micros(); // over the measured window only
        Map<String, Long> countsBefore = cpu == null ? Map.of() : cpu.counts();
        for (Thread thread : threads) {
            thread.join();
        }
        int total = Arrays.stream(sizes).sum();
        long[] all = new long[total];
        int at = 0;
        for (int i = 0; i < count; i++) {
            System.arraycopy(samples[i], 0, all, at, sizes[i]);
            at += sizes[i];
        }
        Arrays.sort(all);
        Map<String, Long> perOperation = new LinkedHashMap<>();
        Map<String, Double> countsPerOperation = new LinkedHashMap<>();
        if (cpu != null) {
            cpu.micros().forEach((who, micros) -> perOperation.put(cpu.label(who),
                    total == 0 ? 0 : (micros - cpuBefore.getOrDefault(who, 0L)) / total));
            cpu.counts().forEach((name, after) -> {
                long before = countsBefore.getOrDefault(name, -1L);
                if (total > 0 && before >= 0 && after >= before) {
                    countsPerOperation.put(name, Math.round(100.0 * (after - before) / total) / 100.0);
                }
            });
        }
        return new BenchResult(system, count, mode, round, total, durationSeconds, BenchResult.percentileMs(all, 0.50),
                BenchResult.percentileMs(all, 0.99), total == 0 ? Double.NaN : all[total - 1] / 1e6,
                Arrays.stream(sizes).min().orElse(0), Arrays.stream(sizes).max().orElse(0), errors.get(), perOperation,
                countsPerOperation, firstError.get());
    }
}
