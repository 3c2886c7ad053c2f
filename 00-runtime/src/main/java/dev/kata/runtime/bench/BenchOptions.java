package dev.kata.runtime.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A benchmark's options: {@code --name value} pairs, each with a default, and {@code --help}. A name
 * it does not know, a missing value or a value of the wrong kind is a {@link BenchOptionException}
 * whose message says which (and, for a name or a missing value, shows the usage).
 * A benchmark's main hands its body to {@link #run}, which reads the options and says what is wrong
 * with them:
 * <pre>{@code
 * public static void main(String[] args) throws Exception {
 *     System.exit(BenchOptions.run("./kata bench 05", defaults(), args, System.err, ReplicatedLogBenchmark::run));
 * }
 * private static void run(BenchOptions options) throws Exception {
 *     int[] clients = options.counts("clients");
 *     ...
 * }</pre>
 */
public final class BenchOptions {

    private final String command;
    private final Map<String, String> defaults;
    private final Map<String, String> values;
    private final boolean help;

    private BenchOptions(String command, Map<String, String> defaults, Map<String, String> values, boolean help) {
        this.command = command;
        this.defaults = defaults;
        this.values = values;
        this.help = help;
    }

    /**
     * The options of a benchmark of a cell of processes beside the peers: LockBench's method first (1 and
     * 8 clients, 3 s of warm-up, a 10 s window, 2 rounds, 5 s of priming), then the benchmark's
     * {@code own}, then the cell's: its {@code directory}, its servers' JVM options, {@code --csv} and
     * {@code --peers}.
     */
    public static Map<String, String> cellDefaults(Map<String, String> own, String directory) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("clients", "1,8");
        options.put("warmup", "3");
        options.put("duration", "10");
        options.put("rounds", "2");
        options.put("prime", "5");
        options.putAll(own);
        options.put("dir", directory);
        // Each server as ZooKeeper's in the peers' run: a 256 MiB heap, the JVM's own compilers and collector.
        options.put("jvm", "-Xms256m -Xmx256m");
        options.put("csv", "");
        options.put("peers", "");
        return options;
    }

    /** A benchmark's body, given its options. */
    @FunctionalInterface
    public interface Body {
        void run(BenchOptions options) throws Exception;
    }

    /**
     * Reads the options and runs {@code body} with them; returns the exit status for the main: 0, or 2
     * when an option is wrong (a {@link BenchOptionException} from reading them, in the body too), which
     * it says on {@code err}. {@code --help} writes the usage there and returns 0.
     */
    public static int run(String command, Map<String, String> defaults, String[] args, PrintStream err, Body body)
            throws Exception {
        BenchOptions options;
        try {
            options = parse(command, defaults, args);
        } catch (BenchOptionException e) {
            err.println(e.getMessage());
            return 2;
        }
        if (options.helpAsked()) {
            err.println(options.usage());
            return 0;
        }
        try {
            body.run(options);
        } catch (BenchOptionException e) {
            err.println(e.getMessage());
            return 2;
        }
        return 0;
    }

    /**
     * Reads {@code args} over {@code defaults} (in the order the usage lists them).
     *
     * @param command how the usage names the benchmark, {@code ./kata bench 05}
     */
    public static BenchOptions parse(String command, Map<String, String> defaults, String... args) {
        Map<String, String> given = Collections.unmodifiableMap(new LinkedHashMap<>(defaults));
        Map<String, String> values = new LinkedHashMap<>(defaults);
        BenchOptions usage = new BenchOptions(command, given, given, false);
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--help")) {
                return new BenchOptions(command, given, values, true);
            }
            String name = args[i].startsWith("--") ? args[i].substring(2) : "";
            if (!values.containsKey(name)) {
                throw new BenchOptionException((name.isEmpty() ? "not an option: '" + args[i] + "'"
                        : "no option --" + name) + "\n" + usage.usage());
            }
            if (i + 1 >= args.length) {
                throw new BenchOptionException("--" + name + " needs a value (its default: '" + values.get(name)
                        + "')\n" + usage.usage());
            }
            values.put(name, args[++i]);
        }
        return new BenchOptions(command, given, values, false);
    }

    /** Whether {@code --help} was asked for (the other options are then not read). */
    public boolean helpAsked() {
        return help;
    }

    /** The usage line: every option with its default. */
    public String usage() {
        return "usage: " + command + " " + String.join(" ", defaults.entrySet().stream()
                .map(e -> "[--" + e.getKey() + " " + e.getValue() + "]").toList());
    }

    /** The value as given. */
    public String get(String name) {
        String value = values.get(name);
        if (value == null) {
            throw new BenchOptionException("the benchmark has no option --" + name);
        }
        return value;
    }

    /** A whole number of at least {@code least}. */
    public int whole(String name, int least) {
        try {
            int value = Integer.parseInt(get(name).strip());
            if (value >= least) {
                return value;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new BenchOptionException("--" + name + " takes a whole number of at least " + least + ", not '"
                + get(name) + "'");
    }

    /** Seconds: a number, 0 or more. */
    public double seconds(String name) {
        try {
            double value = Double.parseDouble(get(name).strip());
            if (value >= 0 && Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new BenchOptionException("--" + name + " takes a number of seconds (0 or more), not '" + get(name) + "'");
    }

    /** A comma-separated list of client counts, each at least 1: {@code 1,8}. */
    public int[] counts(String name) {
        try {
            int[] counts = Arrays.stream(get(name).split(",")).map(String::strip).mapToInt(Integer::parseInt).toArray();
            if (counts.length > 0 && Arrays.stream(counts).allMatch(c -> c >= 1)) {
                return counts;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new BenchOptionException("--" + name + " takes whole numbers of at least 1, separated by commas"
                + " (1,8), not '" + get(name) + "'");
    }

    /** A comma-separated list, each of {@code allowed}: {@code uncontended,put}. */
    public List<String> choices(String name, List<String> allowed) {
        List<String> chosen = new ArrayList<>();
        for (String each : get(name).split(",")) {
            if (!allowed.contains(each.strip())) {
                throw new BenchOptionException("--" + name + " takes some of " + String.join(",", allowed)
                        + ", separated by commas, not '" + each.strip() + "'");
            }
            chosen.add(each.strip());
        }
        return chosen;
    }

    /** Every option and its value, as a map prints: {@code {clients=1,8, warmup=3, ...}}. */
    @Override
    public String toString() {
        return values.toString();
    }
}
