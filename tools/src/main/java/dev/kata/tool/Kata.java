/*
 * The kata command: the learner's loop and the maintainer's generator. ./kata and kata.cmd compile
 * this package (tools/src/main/java, the JDK alone) and run it.
 *
 * One source of truth: the reference solution in solutions/NN-name is the only hand-written copy
 * of each module's code and tests. Each part a learner writes is a marked region:
 *
 *     // kata:begin step-2 "Append an entry and return its index"
 *     ... reference code, the tail of a method body ...
 *     // kata:end
 *
 *     // kata:members step-3 "the fields group commit needs"
 *     ... fields or helper methods ...
 *     // kata:end
 *
 * `sync` writes the exercise module NN-name from it: a begin region becomes a stub that throws
 * UnsupportedOperationException("TODO step-2 (01-wal): ..."), a members region becomes a TODO
 * comment, and every other line is copied unchanged, as are the tests. `mutants` writes, for the
 * kata's own mutation test, a copy of the solution in which each begin region can be switched to
 * its stub at run time (dev.kata.runtime.testing.MutationCheck runs the tests once per region).
 */

package dev.kata.tool;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

public class Kata {

    static final Path ROOT = Paths.get(System.getProperty("kata.root", ".")).toAbsolutePath().normalize();

    public static void main(String[] args) {
        String staleExit = System.getProperty("kata.staleExit");
        if (staleExit != null && classesAreStale()) {
            // kata.cmd asked: it compiles the sources again and reruns the command.
            System.exit(Integer.parseInt(staleExit));
        }
        try {
            System.exit(run(new ArrayList<>(List.of(args))));
        } catch (KataError e) {
            System.err.println("kata: " + e.getMessage());
            System.exit(2);
        }
    }

    static int run(List<String> args) {
        boolean own = args.remove("--own");
        if (args.isEmpty() || args.get(0).equals("help") || args.get(0).equals("--help")) {
            System.out.print(USAGE);
            return args.isEmpty() ? 0 : 0;
        }
        String command = args.remove(0);
        return switch (command) {
            case "status" -> Learner.status(args, own);
            case "test" -> Learner.test(args, own);
            case "watch" -> Watch.run(args, own);
            case "hint" -> Learner.hint(args);
            case "sync" -> Generator.sync(args.contains("--force"), null);
            case "reset" -> Learner.reset(args);
            case "track" -> Track.command(args);
            case "catchup" -> Fill.catchup(args);
            case "quiz" -> Quiz.command(args);
            case "estimate" -> Estimate.command(args);
            case "check" -> Checks.check(args);
            case "check-sync" -> Checks.checkSync() ? 0 : 1;
            case "mutants" -> Generator.writeMutants();
            case "demo" -> LockService.demo(args);
            case "cell" -> LockService.cell(args);
            case "lock" -> LockService.lock(args);
            case "bench" -> Bench.run(args);
            default -> throw new KataError("unknown command '" + command + "'\n\n" + USAGE);
        };
    }

    static final String USAGE = """
            Usage: ./kata <command> [options]

            The learner's loop
              status                 run every exercise's tests and show the progress board
                     [--maven]       (through Maven, even when the fast path could run them)
              test NN                run one module's tests (NN = 01, 02, ...), failures explained
                   --step N          only step N's tests
                   --test 'Class#method'
                   --seed N          replay one seed of a randomized test
                   --seeds K         run K seeds per randomized test (a sweep)
                   --solution        run the tests against the reference solution instead
                   --maven           through Maven, even when the fast path could run it
              watch NN               run the current step's tests again on every save of a
                                     file of module NN (under a second each); Ctrl-C stops
              hint NN STEP [K]       show hint K (default 1) for a step
              reset NN               put module NN back to its TODO stubs (asks first)
              status --line          one line per module for the room's board: module, step,
                                     passed/total (of the steps you write), track
              track [workshop|full] [NN]
                                     workshop: only each module's core steps are yours, the
                                     others filled in and marked as given; full: every step
                                     yours again (what you wrote stays); no argument: show
              catchup NN STEP        fill in the reference for steps up to STEP of module NN;
                                     your files are saved in .kata/saved first
                      --list, --undo [ID]
                                     the saved copies; put one back (the newest if no ID)
              quiz NN [--question K] [--answers]
                                     the module's questions, answered and checked, each with
                                     the test that shows it (--answers: print them all)
              estimate [NN]          minutes per step, estimated from the size of its
                                     reference code and tests (the schedule's numbers)
              demo                   start a 5-node lock-service cell and watch a fail-over
              cell start N | status | kill nK | stop
                                     a lock-service cell of N processes on this machine
                                     (06's reference, in solutions/06-lock-service/target/lock-cell)
              lock help              the lock-service client: ls, cat, put, rm, lock, trylock,
                                     sequencer, check, watch
              bench NN [--exercise]  build module NN and run its benchmark on the reference
                                     solution (--exercise: on your code); more options after
                                     NN go to the benchmark (./kata bench 01 --help lists them)
              bench loop [NN] [--step N] [--runs K]
                                     time the loop: ./kata test NN --step N (default 1)
                                     through Maven and through the fast path, and the
                                     watch's re-run, on the same edit
              test runtime, bench runtime
                                     the same for 00-runtime, the library under every module
              test raft-log          the tests of a reference-only module of solutions/ (no
                                     exercise): Raft against 05's safety suite
              --own                  (with status/test/watch) build on your own earlier modules,
                                     not the reference solutions

            For maintainers
              sync [--force]         regenerate the exercises from solutions/ (asks before
                                     overwriting a file a learner has edited)
              check                  what CI checks: exercises in sync, every learner region
                                     guarded by a test (the kata's own mutation test), every
                                     planted mistake (solutions/NN/mistakes.txt) caught
            """;

    // ------------------------------------------------------------------------------------------
    // Small helpers
    // ------------------------------------------------------------------------------------------

    /**
     * Whether a source file of the tool is newer than its compiled classes. The Unix script asks
     * find(1) before it starts Java; on Windows the batch file cannot compare times, so it asks here.
     */
    static boolean classesAreStale() {
        Path sources = ROOT.resolve("tools/src/main/java");
        Path compiled = ROOT.resolve("tools/target/kata-classes/dev/kata/tool/Kata.class");
        try (Stream<Path> walk = Files.walk(sources)) {
            java.nio.file.attribute.FileTime built = Files.getLastModifiedTime(compiled);
            return walk.filter(f -> f.toString().endsWith(".java")).anyMatch(f -> {
                try {
                    return Files.getLastModifiedTime(f).compareTo(built) > 0;
                } catch (IOException e) {
                    return true;
                }
            });
        } catch (IOException e) {
            return false;
        }
    }

    static boolean ask(String question) {
        if (System.console() == null) {
            return false;
        }
        System.out.print(question + " [y/N] ");
        System.out.flush();
        try {
            String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            return answer != null && answer.strip().toLowerCase(Locale.ROOT).startsWith("y");
        } catch (IOException e) {
            return false;
        }
    }

    static String lowerFirst(String s) {
        return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
    }

    static String firstLine(String s) {
        return s.lines().findFirst().orElse("").strip();
    }

    static String indent(String text, String prefix) {
        return text.strip().lines().map(l -> prefix + l).collect(Collectors.joining("\n"));
    }

    static List<Path> files(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new KataError("cannot read " + file + ": " + e.getMessage());
        }
    }

    static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new KataError("cannot write " + file + ": " + e.getMessage());
        }
    }

    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new KataError("cannot delete " + file + ": " + e.getMessage());
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new KataError("cannot delete " + dir + ": " + e.getMessage());
        }
    }
}
