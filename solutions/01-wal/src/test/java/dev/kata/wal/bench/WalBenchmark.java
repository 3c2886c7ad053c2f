package dev.kata.wal.bench;

import dev.kata.runtime.disk.Disk;
import dev.kata.runtime.disk.DiskFile;
import dev.kata.runtime.disk.FileDisk;
import dev.kata.runtime.disk.ForwardingDisk;
import dev.kata.runtime.disk.ForwardingDiskFile;
import dev.kata.wal.EntryFormat;
import dev.kata.wal.GroupCommitLog;
import dev.kata.wal.WalConfig;
import dev.kata.wal.WriteAheadLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * How fast is the write-ahead log, next to the bare disk it runs on? A main program, not a test:
 * {@code ./kata bench 01} runs it.
 *
 * <p>Every scenario appends 1 KiB entries to a real file, and every append is durable (forced)
 * before its thread appends the next:
 *
 * <ul>
 *   <li>(a) {@link WriteAheadLog} on a {@link FileDisk}, {@code append} then {@code force}, one thread;
 *   <li>(b) {@link GroupCommitLog} over the same, 8 threads, each waiting for its future;
 *   <li>(c) the baseline for (a): a bare {@link FileChannel} loop, write then {@code force(false)};
 *   <li>(d) the baseline for (b): 8 threads queue their records, one thread writes the batch,
 *       forces once and releases them (the simplest group commit there is).
 * </ul>
 *
 * The baselines write the same bytes per entry as a WAL record (header and payload), so the ratios
 * a/c and b/d measure only what the log adds: encoding, CRCs, bookkeeping, segment rolls, queues.
 * The log has 64 MiB segments, as a production log would ({@code --segment-mib} changes it): with
 * the 1 MiB of {@link WalConfig#DEFAULT}, chosen so that the tests roll often, group commit rolls
 * many times a second, and each roll creates a file and forces the directory.
 *
 * <p>The harness is small on purpose: a warm-up of each scenario (for the JIT), then several timed
 * rounds. The rounds are interleaved, and in each round a scenario runs right next to its baseline
 * (a beside c, b beside d), so that noise from other processes hits both alike. Each run starts in
 * a fresh directory. It reports the median and the range.
 */
public final class WalBenchmark {

    static final int PAYLOAD_BYTES = 1024;
    /** What one entry takes on disk in the log; the baselines write as much per entry. */
    static final int RECORD_BYTES = EntryFormat.HEADER_BYTES + PAYLOAD_BYTES;

    static final String USAGE = """
            Usage: WalBenchmark [options]
              --dir PATH            where to write (default target/wal-bench); must be on a real
                                    disk: on tmpfs a force costs nothing and the figures mean nothing
              --rounds N            timed rounds per scenario (default 7)
              --round-seconds S     length of one round (default 1)
              --warmup-seconds S    warm-up per scenario (default 1)
              --threads T           writer threads for (b) and (d) (default 8)
              --only LETTERS        run only these scenarios, e.g. --only bd (default abcd)
              --segment-mib M       the log's segment size (default 64, as a production log;
                                    WalConfig.DEFAULT has 1 MiB, small for the tests' sake)
            """;

    private WalBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        if (options == null) {
            System.out.print(USAGE);
            return;
        }
        Files.createDirectories(options.dir);
        byte[] payload = new byte[PAYLOAD_BYTES];
        new Random(42).nextBytes(payload); // not zeros: no file system may compress them away

        List<Scenario> all = List.of(
                new Scenario("a", "WriteAheadLog, append + force, 1 thread", 1,
                        dir -> new WalAppender(dir, options.config(), payload)),
                new Scenario("b", "GroupCommitLog, " + options.threads + " threads", options.threads,
                        dir -> new GroupCommitAppender(dir, options.config(), payload)),
                new Scenario("c", "raw FileChannel write + force, 1 thread", 1,
                        dir -> new RawAppender(dir, payload)),
                new Scenario("d", "raw group commit, " + options.threads + " threads", options.threads,
                        dir -> new RawGroupCommitAppender(dir, payload)));
        List<Scenario> scenarios = all.stream().filter(sc -> options.only.contains(sc.key)).toList();

        printSetting(options);

        try {
            for (Scenario scenario : scenarios) {
                runTrial(scenario, options.dir, options.warmupNanos);
            }
            for (int round = 0; round < options.rounds; round++) {
                for (Scenario scenario : roundOrder(scenarios, round)) {
                    scenario.rounds.add(runTrial(scenario, options.dir, options.roundNanos));
                }
            }
        } catch (ScenarioFailed e) {
            // Most likely a log that is not finished yet (./kata bench 01 --exercise): say so plainly.
            System.out.println(e.getMessage() + "\n  Does ./kata test 01 pass?");
            System.exit(1);
        }

        printResults(scenarios);
    }

    // ------------------------------------------------------------------------------------------
    // The harness
    // ------------------------------------------------------------------------------------------

    /** One way to append durably; {@link #appendDurably()} is called by every thread at once. */
    interface Appender extends AutoCloseable {
        /** Appends one entry and returns once it is durable. */
        void appendDurably() throws Exception;

        /** Its forces so far. */
        ForceMeter forces();

        @Override
        void close() throws IOException;
    }

    interface AppenderFactory {
        Appender open(Path dir) throws Exception;
    }

    static final class ScenarioFailed extends RuntimeException {
        ScenarioFailed(String message) {
            super(message);
        }
    }

    /**
     * Counts forces and the time spent in them. In every scenario one thread at a time forces, so
     * the time in force over the time of a run says how much of that thread's time the disk took.
     */
    static final class ForceMeter {
        private final AtomicLong count = new AtomicLong();
        private final AtomicLong nanos = new AtomicLong();

        void record(long startNanos) {
            nanos.addAndGet(System.nanoTime() - startNanos);
            count.incrementAndGet();
        }
    }

    /** One timed run: appends per second, appends per force, and the share of the time spent forcing. */
    record Trial(double appendsPerSecond, double appendsPerForce, double forceShare) {
    }

    static final class Scenario {
        final String key;
        final String title;
        final int threads;
        final AppenderFactory factory;
        final List<Trial> rounds = new ArrayList<>();

        Scenario(String key, String title, int threads, AppenderFactory factory) {
            this.key = key;
            this.title = title;
            this.threads = threads;
            this.factory = factory;
        }

        double median() {
            return WalBenchmark.median(rounds.stream().mapToDouble(Trial::appendsPerSecond).toArray());
        }
    }

    /**
     * The order of one round: each scenario right next to its baseline, so that the two are measured
     * a second apart, under the same noise. Which pair goes first, and which of a pair, alternates
     * from round to round: no scenario always runs first, just after the last round's files were
     * deleted.
     */
    static List<Scenario> roundOrder(List<Scenario> scenarios, int round) {
        List<List<String>> pairs = new ArrayList<>(List.of(List.of("a", "c"), List.of("b", "d")));
        if (round % 2 == 1) {
            Collections.reverse(pairs);
        }
        List<Scenario> order = new ArrayList<>();
        for (List<String> pair : pairs) {
            List<String> keys = new ArrayList<>(pair);
            if (round / 2 % 2 == 1) {
                Collections.reverse(keys);
            }
            for (String key : keys) {
                scenarios.stream().filter(s -> s.key.equals(key)).forEach(order::add);
            }
        }
        return order;
    }

    /**
     * Runs {@code scenario} in a fresh directory for {@code nanos}: its threads start together and
     * append until the deadline; the time counted runs until the last of them has its answer.
     */
    static Trial runTrial(Scenario scenario, Path parent, long nanos) throws Exception {
        Path dir = Files.createTempDirectory(parent, "run-" + scenario.key + "-");
        try (Appender appender = scenario.factory.open(dir)) {
            CountDownLatch ready = new CountDownLatch(scenario.threads);
            CountDownLatch go = new CountDownLatch(1);
            long[] deadline = new long[1]; // written before go opens, read after: the latch orders it
            AtomicLong appends = new AtomicLong();
            Throwable[] failure = new Throwable[1];
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < scenario.threads; t++) {
                Thread thread = new Thread(() -> {
                    long mine = 0;
                    try {
                        ready.countDown();
                        go.await();
                        while (System.nanoTime() < deadline[0]) {
                            appender.appendDurably();
                            mine++;
                        }
                    } catch (Throwable e) {
                        synchronized (failure) {
                            failure[0] = e;
                        }
                    }
                    appends.addAndGet(mine);
                }, "bench-" + scenario.key + "-" + t);
                threads.add(thread);
                thread.start();
            }
            ready.await();
            long forcesBefore = appender.forces().count.get();
            long forceNanosBefore = appender.forces().nanos.get();
            long start = System.nanoTime();
            deadline[0] = start + nanos;
            go.countDown();
            for (Thread thread : threads) {
                thread.join();
            }
            long elapsed = System.nanoTime() - start;
            synchronized (failure) {
                if (failure[0] != null) {
                    Throwable cause = failure[0].getCause() != null ? failure[0].getCause() : failure[0];
                    throw new ScenarioFailed("(" + scenario.key + ") " + scenario.title + " failed: " + cause);
                }
            }
            long forces = appender.forces().count.get() - forcesBefore;
            long forceNanos = appender.forces().nanos.get() - forceNanosBefore;
            return new Trial(appends.get() * 1e9 / elapsed, forces == 0 ? 0 : (double) appends.get() / forces,
                    (double) forceNanos / elapsed);
        } finally {
            deleteTree(dir);
        }
    }

    // ------------------------------------------------------------------------------------------
    // The four scenarios
    // ------------------------------------------------------------------------------------------

    /** (a): the log as a single owner uses it, forcing after every append. */
    static final class WalAppender implements Appender {
        private final CountingDisk disk;
        private final WriteAheadLog log;
        private final byte[] payload;

        WalAppender(Path dir, WalConfig config, byte[] payload) {
            this.disk = new CountingDisk(new FileDisk(dir));
            this.log = WriteAheadLog.open(disk, config);
            this.payload = payload;
        }

        @Override
        public void appendDurably() {
            log.append(payload);
            log.force();
        }

        @Override
        public ForceMeter forces() {
            return disk.forces;
        }

        @Override
        public void close() {
            log.close();
        }
    }

    /** (b): many threads, each waiting for its own entry to be durable. */
    static final class GroupCommitAppender implements Appender {
        private final CountingDisk disk;
        private final GroupCommitLog log;
        private final byte[] payload;

        GroupCommitAppender(Path dir, WalConfig config, byte[] payload) {
            this.disk = new CountingDisk(new FileDisk(dir));
            this.log = new GroupCommitLog(WriteAheadLog.open(disk, config));
            this.payload = payload;
        }

        @Override
        public void appendDurably() {
            log.append(payload).join();
        }

        @Override
        public ForceMeter forces() {
            return disk.forces;
        }

        @Override
        public void close() {
            log.close();
        }
    }

    /** (c): the least a durable append can cost: one write and one force, nothing else. */
    static final class RawAppender implements Appender {
        private final FileChannel channel;
        private final ByteBuffer record;
        private final ForceMeter forces = new ForceMeter();
        private long position;

        RawAppender(Path dir, byte[] payload) throws IOException {
            this.channel = FileChannel.open(dir.resolve("raw.log"), StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            this.record = recordOf(payload);
        }

        @Override
        public void appendDurably() throws IOException {
            position += writeFully(channel, record.duplicate(), position);
            long start = System.nanoTime();
            channel.force(false); // fdatasync, as FileDisk's force
            forces.record(start);
        }

        @Override
        public ForceMeter forces() {
            return forces;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /**
     * (d): the simplest group commit. Callers add their record to the open batch and wait; one
     * writer thread takes the whole batch, writes it, forces once, and releases everyone in it.
     */
    static final class RawGroupCommitAppender implements Appender {
        private final FileChannel channel;
        private final ByteBuffer record;
        private final Thread writer;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition work = lock.newCondition();
        private final Condition durable = lock.newCondition();
        // Guarded by lock:
        private List<ByteBuffer> open = new ArrayList<>();
        private long openBatch = 1; // the number of the batch new records join
        private long durableBatch; // every batch up to this number is durable
        private boolean closed;
        private IOException failure;
        private final ForceMeter forces = new ForceMeter();
        private long position; // only the writer thread touches it

        RawGroupCommitAppender(Path dir, byte[] payload) throws IOException {
            this.channel = FileChannel.open(dir.resolve("raw.log"), StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            this.record = recordOf(payload);
            this.writer = new Thread(this::writeLoop, "raw-group-commit");
            this.writer.start();
        }

        @Override
        public void appendDurably() throws IOException, InterruptedException {
            lock.lock();
            try {
                open.add(record.duplicate());
                long mine = openBatch;
                work.signal();
                while (durableBatch < mine) {
                    if (failure != null) {
                        throw failure;
                    }
                    durable.await();
                }
            } finally {
                lock.unlock();
            }
        }

        private void writeLoop() {
            while (true) {
                List<ByteBuffer> batch;
                long number;
                lock.lock();
                try {
                    while (open.isEmpty() && !closed) {
                        work.awaitUninterruptibly();
                    }
                    if (open.isEmpty()) {
                        return; // closed, and nothing left to write
                    }
                    batch = open;
                    number = openBatch++;
                    open = new ArrayList<>();
                } finally {
                    lock.unlock();
                }
                IOException failed = null;
                try {
                    for (ByteBuffer r : batch) {
                        position += writeFully(channel, r, position);
                    }
                    long start = System.nanoTime();
                    channel.force(false);
                    forces.record(start);
                } catch (IOException e) {
                    failed = e;
                }
                lock.lock();
                try {
                    if (failed != null) {
                        failure = failed;
                    } else {
                        durableBatch = number;
                    }
                    durable.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }

        @Override
        public ForceMeter forces() {
            return forces;
        }

        @Override
        public void close() throws IOException {
            lock.lock();
            try {
                closed = true;
                work.signal();
            } finally {
                lock.unlock();
            }
            try {
                writer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            channel.close();
        }
    }

    /** A record's worth of bytes for the baselines: a header's room, then the payload. */
    static ByteBuffer recordOf(byte[] payload) {
        ByteBuffer record = ByteBuffer.allocate(RECORD_BYTES);
        record.position(EntryFormat.HEADER_BYTES).put(payload);
        return record.flip().asReadOnlyBuffer();
    }

    static int writeFully(FileChannel channel, ByteBuffer data, long position) throws IOException {
        int written = 0;
        while (data.hasRemaining()) {
            written += channel.write(data, position + written);
        }
        return written;
    }

    /** A {@link Disk} that meters the forces of its files. */
    static final class CountingDisk extends ForwardingDisk {
        final ForceMeter forces = new ForceMeter();

        CountingDisk(Disk disk) {
            super(disk);
        }

        @Override
        protected DiskFile wrap(DiskFile file) {
            return new ForwardingDiskFile(file) {
                @Override
                public void force() {
                    long start = System.nanoTime();
                    super.force();
                    forces.record(start);
                }
            };
        }
    }

    // ------------------------------------------------------------------------------------------
    // Options and report
    // ------------------------------------------------------------------------------------------

    record Options(Path dir, int rounds, long roundNanos, long warmupNanos, int threads, String only, int segmentMib) {

        /**
         * The log's layout. Segments are large by default because every roll creates a file and
         * forces the directory and the new file's header: with 1 MiB segments and group commit
         * that happens many times a second, and on a busy disk it can halve the throughput.
         */
        WalConfig config() {
            return WalConfig.DEFAULT.withMaxSegmentBytes(segmentMib << 20);
        }

        /** The options, or null if the user asked for help. */
        static Options parse(String[] args) {
            Path dir = Path.of("target", "wal-bench");
            int rounds = 7;
            double roundSeconds = 1;
            double warmupSeconds = 1;
            int threads = 8;
            String only = "abcd";
            int segmentMib = 64;
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--help", "-h" -> {
                        return null;
                    }
                    case "--dir" -> dir = Path.of(required(args[i], value));
                    case "--rounds" -> rounds = Integer.parseInt(required(args[i], value));
                    case "--round-seconds" -> roundSeconds = Double.parseDouble(required(args[i], value));
                    case "--warmup-seconds" -> warmupSeconds = Double.parseDouble(required(args[i], value));
                    case "--threads" -> threads = Integer.parseInt(required(args[i], value));
                    case "--only" -> only = required(args[i], value);
                    case "--segment-mib" -> segmentMib = Integer.parseInt(required(args[i], value));
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + USAGE);
                }
                i++;
            }
            if (rounds < 1 || threads < 1 || roundSeconds <= 0 || warmupSeconds < 0 || !only.matches("[abcd]+")
                    || segmentMib < 1 || segmentMib > 1024) {
                throw new IllegalArgumentException("rounds and threads must be at least 1, seconds positive,"
                        + " --only letters among abcd, and --segment-mib between 1 and 1024");
            }
            return new Options(dir.toAbsolutePath().normalize(), rounds, (long) (roundSeconds * 1e9),
                    (long) (warmupSeconds * 1e9), threads, only, segmentMib);
        }

        private static String required(String option, String value) {
            if (value == null) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return value;
        }
    }

    static void printSetting(Options options) throws IOException {
        FileStore store = Files.getFileStore(options.dir);
        System.out.println("WAL benchmark: 1 KiB entries (" + RECORD_BYTES + " bytes on disk each), "
                + "each durable before its thread appends the next");
        System.out.printf(Locale.ROOT, "  directory  %s%n             file system %s (%s)%n", options.dir,
                store.type(), store.name());
        if (store.type().equalsIgnoreCase("tmpfs") || store.type().equalsIgnoreCase("ramfs")) {
            System.out.println("  WARNING    this is memory, not a disk: a force costs nothing here, so the"
                    + " figures say nothing about a real log. Use --dir on a real disk.");
        }
        System.out.printf(Locale.ROOT, "  log        %d MiB segments%n", options.segmentMib);
        System.out.printf(Locale.ROOT, "  machine    %d processors, %s %s, Java %s; load average %.2f%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch"), System.getProperty("java.version"),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf(Locale.ROOT, "  rounds     warm-up %.1f s per scenario, then %d round(s) of %.1f s, interleaved"
                        + " (about %.0f s in all)%n", options.warmupNanos / 1e9, options.rounds,
                options.roundNanos / 1e9, options.only.length() * (options.warmupNanos + options.rounds * options.roundNanos) / 1e9);
        System.out.println();
    }

    static void printResults(List<Scenario> scenarios) {
        // "in force": the share of the run the forcing thread (the appender, or the writer of a
        // group commit) spent inside force. Close to 100% means the disk sets the pace.
        System.out.printf(Locale.ROOT, "      %-40s %10s %9s %9s %10s %9s%n", "", "appends/s", "min", "max",
                "per force", "in force");
        for (Scenario s : scenarios) {
            double[] rates = s.rounds.stream().mapToDouble(Trial::appendsPerSecond).toArray();
            double perForce = median(s.rounds.stream().mapToDouble(Trial::appendsPerForce).toArray());
            double inForce = median(s.rounds.stream().mapToDouble(Trial::forceShare).toArray());
            System.out.printf(Locale.ROOT, "  (%s) %-40s %10.0f %9.0f %9.0f %10.2f %8.0f%%%n", s.key, s.title,
                    s.median(), Arrays.stream(rates).min().orElse(0), Arrays.stream(rates).max().orElse(0), perForce,
                    100 * inForce);
        }
        System.out.println("      (medians of the rounds, except min and max)");
        System.out.println();
        printRatio(scenarios, "a", "c", "the log's cost over a bare write + force, one writer; goal >= 0.8");
        printRatio(scenarios, "b", "d", "the log's group commit over a bare group commit; goal >= 0.8");
        printRatio(scenarios, "b", "a", "what group commit buys");
        // The rounds of one scenario do the same work: if they differ much, something else was
        // using the disk or the processors. Say so rather than let a reader trust the figures.
        double spread = scenarios.stream().mapToDouble(s -> {
            double[] rates = s.rounds.stream().mapToDouble(Trial::appendsPerSecond).toArray();
            return Arrays.stream(rates).max().orElse(0) / Math.max(1, Arrays.stream(rates).min().orElse(0));
        }).max().orElse(1);
        if (spread > 1.5) {
            System.out.printf(Locale.ROOT, "%n  NOISY: the rounds of a scenario differ by up to %.1fx, so another process was"
                    + " using the disk or the processors.%n  The medians are the best estimate there is; for"
                    + " cleaner figures run again on a quiet machine, or with more rounds.%n", spread);
        }
    }

    /**
     * The ratio of the medians of scenarios {@code top} and {@code bottom}, and the range of their
     * ratios round by round (each round measures both, seconds apart). Nothing if either did not run.
     */
    static void printRatio(List<Scenario> scenarios, String top, String bottom, String meaning) {
        Scenario x = scenarios.stream().filter(s -> s.key.equals(top)).findFirst().orElse(null);
        Scenario y = scenarios.stream().filter(s -> s.key.equals(bottom)).findFirst().orElse(null);
        if (x == null || y == null) {
            return;
        }
        double[] paired = new double[x.rounds.size()];
        for (int i = 0; i < paired.length; i++) {
            paired[i] = x.rounds.get(i).appendsPerSecond() / y.rounds.get(i).appendsPerSecond();
        }
        System.out.printf(Locale.ROOT, "  %s/%s = %5.2f   (round by round %.2f to %.2f)   %s%n", top, bottom,
                x.median() / y.median(), Arrays.stream(paired).min().orElse(0), Arrays.stream(paired).max().orElse(0),
                meaning);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n == 0 ? 0 : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
