package dev.kata.tool;

import static dev.kata.tool.Kata.firstLine;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code ./kata watch NN}: the current step's tests again each time a file of the module is saved,
 * through the fast path with one test JVM kept warm, and the board line of the step. The current
 * step is the first with a failing test (from the last whole run's results, or else the whole module
 * runs once at the start to find it); when
 * it passes, the next step runs at once and becomes the current one if it fails. Ctrl-C stops it.
 */
final class Watch {

    /** Saves that come within this long of each other (an editor writes a file in steps) make one run. */
    static final long SETTLE_MILLIS = 120;

    private final Module module;
    private final boolean own;
    private FastPath.TestJvm jvm;
    private List<Path> classpath;
    private Integer step;
    private Integer announced;

    private Watch(Module module, boolean own) {
        this.module = module;
        this.own = own;
    }

    static int run(List<String> args, boolean own) {
        if (args.isEmpty()) {
            throw new KataError("which module? for example: ./kata watch 01");
        }
        Module module = Module.find(args.remove(0));
        if (!args.isEmpty()) {
            throw new KataError("watch takes a module and nothing more (it follows the first failing step); not " + args.get(0));
        }
        return new Watch(module, own).loop();
    }

    private int loop() {
        Path dir = module.exercise();
        System.out.println("Watching " + module.name() + "/src: each save runs the current step's tests. Ctrl-C stops.");
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopJvm));
        try (WatchService watcher = FileSystems.getDefault().newWatchService()) {
            registerAll(watcher, dir.resolve("src"));
            step = lastFailingStep(dir);
            runOnce();
            while (true) {
                WatchKey key = watcher.take();
                boolean relevant = drain(watcher, key);
                // Let the editor finish writing: more events within the settle time join this run.
                WatchKey more;
                while ((more = watcher.poll(SETTLE_MILLIS, TimeUnit.MILLISECONDS)) != null) {
                    relevant |= drain(watcher, more);
                }
                if (relevant) {
                    runOnce();
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            Thread.currentThread().interrupt();
            return 130;
        } catch (IOException e) {
            throw new KataError("cannot watch " + dir + ": " + e.getMessage());
        } finally {
            stopJvm();
        }
    }

    /**
     * The first failing step of the last whole run (./kata status, ./kata test NN), so that the
     * watch starts on that step rather than running every step first; null if the last run did
     * not cover every step, or found nothing failing.
     */
    private Integer lastFailingStep(Path dir) {
        List<Results.Row> last = Results.read(dir);
        boolean whole = last.stream().map(Results.Row::step).collect(java.util.stream.Collectors.toSet())
                .containsAll(module.steps());
        int failing = whole ? Board.firstFailingStep(module, last) : Results.NO_STEP;
        return failing == Results.NO_STEP || last.stream().allMatch(Results.Row::passed) ? null : failing;
    }

    /** Takes a key's events; true if a file (not only a directory's time) changed. Registers new directories. */
    private static boolean drain(WatchService watcher, WatchKey key) {
        boolean relevant = false;
        Path parent = (Path) key.watchable();
        for (var event : key.pollEvents()) {
            if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
                relevant = true;
                continue;
            }
            Path changed = parent.resolve((Path) event.context());
            String name = changed.getFileName().toString();
            if (name.startsWith(".") || name.endsWith("~") || name.endsWith(".swp")) {
                continue; // an editor's backup or swap file
            }
            if (Files.isDirectory(changed)) {
                try {
                    registerAll(watcher, changed);
                } catch (IOException e) {
                    // gone again
                }
            }
            relevant = true;
        }
        key.reset();
        return relevant;
    }

    private static void registerAll(WatchService watcher, Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> dirs = Files.walk(root)) {
            for (Path d : dirs.filter(Files::isDirectory).toList()) {
                d.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
            }
        }
    }

    /** One run: the current step (the whole module when none is known yet), then its board line. */
    private void runOnce() {
        long started = System.nanoTime();
        FastPath.Selection selection = new FastPath.Selection(module, module.exercise(), own, step, null, null, null);
        List<Results.Row> rows;
        try {
            rows = fast(selection);
        } catch (FastPath.CannotBeSure e) {
            System.out.println("(Maven runs this one: " + e.getMessage() + ".)");
            stopJvm();
            Learner.viaMaven(selection, false);
            return;
        }
        if (rows == null) {
            return; // it did not compile; the errors are printed
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        String when = LocalTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss"));
        if (step == null) {
            System.out.printf(Locale.ROOT, "%n[%s] %s, every step (%.1f s)%n", when, module.name(), seconds);
            System.out.print(Board.lines(module, rows));
        } else {
            System.out.printf(Locale.ROOT, "%n[%s] %s (%.1f s)%n", when, module.name(), seconds);
            System.out.print(Board.lines(module, rows).replaceFirst("^  " + module.name(), "  " + " ".repeat(module.name().length())));
        }
        Results.Row failing = rows.stream().filter(r -> !r.passed()).findFirst().orElse(null);
        if (failing != null) {
            int failingStep = Board.firstFailingStep(module, rows);
            System.out.println("  ✘ " + failing.container() + " › " + failing.name());
            System.out.println("      " + firstLine(failing.message()));
            step = failingStep == Results.NO_STEP ? null : failingStep;
            if (step != null && !step.equals(announced)) {
                announced = step;
                System.out.println("  Watching step " + step + ". Stuck? ./kata hint " + module.number() + " " + step);
            }
            return;
        }
        if (rows.isEmpty()) {
            System.out.println("  No test ran.");
            return;
        }
        if (step != null) {
            // The next step is almost always the one to work on: run it at once rather than the
            // whole module (after the last step, the whole module, to be sure all of it passes).
            Integer following = module.steps().stream().filter(n -> n > step && !Track.given(module).contains(n)).findFirst().orElse(null);
            System.out.println("  Step " + step + " passes. " + (following == null ? "The whole module now..." : "Step " + following + " now..."));
            step = following;
            runOnce();
        } else {
            System.out.println("  Every step passes. Well done!");
        }
    }

    /** The rows of a fast run; null if the code does not compile (the errors printed). */
    private List<Results.Row> fast(FastPath.Selection selection) throws FastPath.CannotBeSure {
        List<Path> now = FastRun.prepare(selection);
        if (jvm == null || !now.equals(classpath)) {
            stopJvm();
            classpath = now;
            jvm = FastPath.TestJvm.start(selection.dir(), classpath);
        }
        FastPath.Compiled compiled = FastPath.compile(selection.dir(), classpath);
        if (!compiled.ok()) {
            FastRun.compileErrors(compiled);
            return null;
        }
        Results.clear(selection.dir());
        jvm.run(FastPath.request(selection, classpath));
        return Results.read(selection.dir());
    }

    private synchronized void stopJvm() {
        if (jvm != null) {
            jvm.close();
            jvm = null;
        }
    }
}
