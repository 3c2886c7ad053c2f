package dev.kata.tool;

import static dev.kata.tool.Kata.ROOT;
import static dev.kata.tool.Kata.read;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Maven, through the wrapper. */
final class Maven {
    static final Path LOG = ROOT.resolve("target/kata-maven.log");

    /** Runs ./mvnw; quietly (output to target/kata-maven.log) when {@code quiet}. */
    static int run(List<String> args, boolean quiet) {
        return waitFor(start(args, quiet));
    }

    /** Starts ./mvnw and returns at once; quietly (output to target/kata-maven.log) when {@code quiet}. */
    static Process start(List<String> args, boolean quiet) {
        boolean windows = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");
        List<String> command = new ArrayList<>();
        command.add(ROOT.resolve(windows ? "mvnw.cmd" : "mvnw").toString());
        command.add("-B");
        command.add("--no-transfer-progress");
        if (quiet) {
            command.add("-q");
        }
        command.addAll(args);
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile());
            if (quiet) {
                Files.createDirectories(LOG.getParent());
                builder.redirectErrorStream(true).redirectOutput(LOG.toFile());
            } else {
                builder.inheritIO();
            }
            return builder.start();
        } catch (IOException e) {
            throw new KataError("cannot run Maven: " + e.getMessage());
        }
    }

    static int waitFor(Process process) {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
            return 130;
        }
    }

    static int explainBuildFailure() {
        System.out.println("\nThe build failed before the tests could run (a compile error?):");
        errors(30).forEach(l -> System.out.println("  " + l));
        System.out.println("\nFull log: " + ROOT.relativize(LOG));
        return 2;
    }

    /** The log's [ERROR] lines that say what went wrong (not Maven's advice on how to get more output). */
    static List<String> errors(int limit) {
        if (!Files.isRegularFile(LOG)) {
            return List.of();
        }
        return read(LOG).lines().filter(l -> l.startsWith("[ERROR]"))
                .filter(l -> !l.contains("Re-run Maven") && !l.contains("[Help ") && !l.contains("-e switch")
                        && !l.contains("-X switch") && !l.contains("http") && !l.strip().equals("[ERROR]"))
                .map(l -> l.replace(ROOT + "/", ""))
                .limit(limit).toList();
    }
}
