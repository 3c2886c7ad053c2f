package dev.kata.tool;

import static dev.kata.tool.Kata.ROOT;
import static dev.kata.tool.Kata.files;
import static dev.kata.tool.Kata.read;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * ./kata cell, ./kata lock and ./kata demo: the reference lock service (solutions/06-lock-service,
 * package dev.kata.lock.tcp) run for real. It is built once (with the modules under it), and again only
 * when a main source file of a module changed, so a CLI call does not pay for Maven each time.
 */
final class LockService {
    static final Path MODULE = ROOT.resolve("solutions/06-lock-service");
    private static final Path CLASSPATH = MODULE.resolve("target/kata-run.classpath");

    private LockService() {
    }

    static int cell(List<String> args) {
        return run("dev.kata.lock.tcp.LocalCell", args);
    }

    static int lock(List<String> args) {
        return run("dev.kata.lock.tcp.LockCli", args);
    }

    static int demo(List<String> args) {
        return run("dev.kata.lock.tcp.LockDemo", args);
    }

    /** Runs {@code main} of the reference 06 in the module's directory (its cell goes to target/lock-cell). */
    private static int run(String main, List<String> args) {
        if (stale()) {
            System.out.println("Building solutions/06-lock-service (once; again only after a source changes)...");
            int code = Maven.run(List.of("-pl", "solutions/06-lock-service", "-am", "compile", "dependency:build-classpath",
                    "-Dmdep.outputFile=target/kata-run.classpath"), true);
            if (code != 0) {
                return Maven.explainBuildFailure();
            }
            try {
                // The plugin leaves an unchanged classpath file alone: stamp it, so the next call does not build again.
                Files.setLastModifiedTime(CLASSPATH, FileTime.fromMillis(System.currentTimeMillis()));
            } catch (IOException e) {
                throw new KataError("cannot stamp " + CLASSPATH + ": " + e.getMessage());
            }
        }
        String classpath = MODULE.resolve("target/classes") + java.io.File.pathSeparator + read(CLASSPATH).strip();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classpath, main));
        command.addAll(args);
        try {
            return new ProcessBuilder(command).directory(MODULE.toFile()).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new KataError("cannot run " + main + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    /** Whether a main source of the runtime or of a solution module is newer than the last build. */
    private static boolean stale() {
        if (!Files.isRegularFile(CLASSPATH)) {
            return true;
        }
        try {
            FileTime built = Files.getLastModifiedTime(CLASSPATH);
            List<Path> roots = new ArrayList<>(List.of(ROOT.resolve("00-runtime/src/main")));
            try (Stream<Path> modules = Files.list(ROOT.resolve("solutions"))) {
                modules.map(m -> m.resolve("src/main")).filter(Files::isDirectory).forEach(roots::add);
            }
            for (Path root : roots) {
                for (Path file : files(root)) {
                    if (Files.getLastModifiedTime(file).compareTo(built) > 0) {
                        return true;
                    }
                }
            }
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
