package dev.kata.runtime.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What a benchmark of a cell writes and reads besides its {@code RESULT} lines: its rows appended to
 * the CSV (the peers' columns), the tables of its own figures and of every system in a CSV side by
 * side (Markdown, for docs/benchmarks.md), and what the machine was doing. The benchmark prints them.
 */
public final class BenchReport {

    private BenchReport() {
    }

    /**
     * How a benchmark ends: the load average, the table of its {@link #medians}, and, with a CSV, its rows
     * appended there and, when the peers ran right before ({@code besidePeers}), every system's
     * figures {@link #sideBySide}.
     */
    public static String summary(String system, List<BenchResult> results, List<String> modes, int[] clientCounts,
                                 boolean byMode, Path csv, boolean besidePeers) throws IOException {
        StringBuilder text = new StringBuilder("# loadavg at end: " + loadAverage() + "\n\n")
                .append(medians(system, results, modes, clientCounts, byMode));
        if (csv != null) {
            appendCsv(csv, results);
            text.append("\n# appended to ").append(csv);
            if (besidePeers) {
                text.append("\n\n").append(sideBySide(csv, modes, byMode));
            }
        }
        return text.toString();
    }

    /**
     * Per configuration, the round with the median ops/s, and each round's ops/s; with {@code byMode} a
     * column for the mode (a benchmark of one mode leaves it out).
     *
     * @param system how the table names the system: {@code 05 replicated log}
     */
    public static String medians(String system, List<BenchResult> results, List<String> modes, int[] clientCounts,
                                 boolean byMode) {
        List<String> lines = new ArrayList<>();
        lines.add("| system |" + (byMode ? " mode |" : "") + " clients | ops/s | p50 ms | p99 ms | rounds |");
        lines.add("|---|" + (byMode ? "---|" : "") + "---:|---:|---:|---:|---|");
        for (String mode : modes) {
            for (int count : clientCounts) {
                List<BenchResult> mine = results.stream().filter(r -> r.clients() == count && r.mode().equals(mode)).toList();
                if (mine.isEmpty()) {
                    continue;
                }
                BenchResult median = mine.stream().sorted(Comparator.comparingDouble(BenchResult::opsPerSecond)).toList()
                        .get(mine.size() / 2);
                String each = String.join(" / ", mine.stream()
                        .map(r -> String.format(Locale.ROOT, "%.0f", r.opsPerSecond())).toList());
                lines.add(String.format(Locale.ROOT, "| %s |%s %d | %.0f | %.2f | %.2f | %s |", system,
                        byMode ? " " + mode + " |" : "", count, median.opsPerSecond(), median.p50Ms(), median.p99Ms(), each));
            }
        }
        return String.join("\n", lines);
    }

    /**
     * Every row of {@code csv} in {@code modes}, one line per system and configuration with each round's
     * figures (round 1 / round 2), as RESULTS-2026-11-22.md gives them: by mode (in the order given),
     * then clients, then system. With {@code byMode} a column for the mode.
     */
    public static String sideBySide(Path csv, List<String> modes, boolean byMode) throws IOException {
        Map<String, List<String[]>> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(csv, StandardCharsets.UTF_8)) {
            String[] f = line.split(",");
            if (f.length >= 9 && modes.contains(f[2])) {
                rows.computeIfAbsent(f[2] + "," + f[1] + "," + f[0], k -> new ArrayList<>()).add(f);
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add("| system |" + (byMode ? " mode |" : "") + " clients | ops/s | p50 ms | p99 ms |");
        lines.add("|---|" + (byMode ? "---|" : "") + "---:|---:|---:|---:|");
        rows.values().stream()
                .sorted(Comparator.comparingInt((List<String[]> r) -> modes.indexOf(r.get(0)[2]))
                        .thenComparingInt(r -> Integer.parseInt(r.get(0)[1]))
                        .thenComparing(r -> r.get(0)[0]))
                .forEach(r -> lines.add("| " + r.get(0)[0] + " |" + (byMode ? " " + r.get(0)[2] + " |" : "") + " "
                        + r.get(0)[1] + " | " + column(r, 6) + " | " + column(r, 7) + " | " + column(r, 8) + " |"));
        return String.join("\n", lines);
    }

    private static String column(List<String[]> rounds, int field) {
        return String.join(" / ", rounds.stream().map(f -> field == 6 ? f[field].replaceAll("\\.\\d+$", "")
                : String.format(Locale.ROOT, "%.2f", Double.parseDouble(f[field]))).toList());
    }

    /** Appends the rows to {@code file}, with the header first if the file is new. */
    public static void appendCsv(Path file, List<BenchResult> results) throws IOException {
        boolean fresh = !Files.exists(file);
        try (PrintStream csv = new PrintStream(Files.newOutputStream(file, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND), true, StandardCharsets.UTF_8)) {
            if (fresh) {
                csv.println(BenchResult.CSV_HEADER);
            }
            results.forEach(r -> csv.println(r.csv()));
        }
    }

    /**
     * The first lines of a benchmark's output: what ran, when, with which options, on what, and the
     * machine's load average at the start.
     */
    public static String header(String benchmark, BenchOptions options, Path directory) {
        return "# " + benchmark + " " + java.time.Instant.now() + " options=" + options + " java="
                + System.getProperty("java.version") + " cpus=" + Runtime.getRuntime().availableProcessors()
                + "\n# data in " + directory + " (" + fileSystem(directory.getParent()) + "); loadavg at start: "
                + loadAverage();
    }

    /** The machine's load average now ({@code /proc/loadavg}), or "unknown". */
    public static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The file system {@code directory} is on (created if missing): its type and device. */
    public static String fileSystem(Path directory) {
        try {
            Files.createDirectories(directory);
            return Files.getFileStore(directory).type() + " " + Files.getFileStore(directory).name();
        } catch (IOException e) {
            return "unknown file system";
        }
    }

    /** Deletes {@code directory} and everything in it, if it exists: a cell's data, before and after a run. */
    public static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + directory, e);
        }
    }
}
