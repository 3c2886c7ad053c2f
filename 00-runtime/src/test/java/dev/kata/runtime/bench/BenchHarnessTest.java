package dev.kata.runtime.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The benchmarks' harness: options, the closed loop, the peers' CSV and tables")
class BenchHarnessTest {

    private static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("clients", "1,8");
        defaults.put("modes", "uncontended,put");
        defaults.put("rounds", "2");
        defaults.put("duration", "10");
        return defaults;
    }

    @Test
    @DisplayName("options override their defaults, and each is read as its kind")
    void options() {
        BenchOptions options = BenchOptions.parse("./kata bench 06", defaults(), "--clients", "2,4", "--duration", "0.5");
        assertThat(options.counts("clients")).containsExactly(2, 4);
        assertThat(options.seconds("duration")).isEqualTo(0.5);
        assertThat(options.whole("rounds", 1)).isEqualTo(2);
        assertThat(options.choices("modes", List.of("uncontended", "contended", "put"))).containsExactly("uncontended", "put");
        assertThat(options.usage()).isEqualTo("usage: ./kata bench 06 [--clients 1,8] [--modes uncontended,put]"
                + " [--rounds 2] [--duration 10]");
    }

    @Test
    @DisplayName("an unknown option, a missing value or a value of the wrong kind is an error that says which")
    void wrongOptions() {
        assertThatThrownBy(() -> BenchOptions.parse("b", defaults(), "--client", "1"))
                .isInstanceOf(BenchOptionException.class).hasMessageStartingWith("no option --client").hasMessageContaining("usage: b [--clients 1,8]");
        assertThatThrownBy(() -> BenchOptions.parse("b", defaults(), "--rounds"))
                .hasMessageStartingWith("--rounds needs a value");
        assertThatThrownBy(() -> BenchOptions.parse("b", defaults(), "--rounds", "two").whole("rounds", 1))
                .hasMessage("--rounds takes a whole number of at least 1, not 'two'");
        assertThatThrownBy(() -> BenchOptions.parse("b", defaults(), "--clients", "1,0").counts("clients"))
                .hasMessageStartingWith("--clients takes whole numbers of at least 1");
        assertThatThrownBy(() -> BenchOptions.parse("b", defaults(), "--modes", "put,lock").choices("modes", List.of("put")))
                .hasMessage("--modes takes some of put, separated by commas, not 'lock'");
    }

    @Test
    @DisplayName("a main's run says a wrong option on standard error and returns 2; --help returns 0 with the usage")
    void mainStatus() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(err, true, StandardCharsets.UTF_8);
        AtomicInteger runs = new AtomicInteger();
        assertThat(BenchOptions.run("b", defaults(), new String[] {"--nope", "1"}, stream, o -> runs.incrementAndGet())).isEqualTo(2);
        assertThat(BenchOptions.run("b", defaults(), new String[] {"--help"}, stream, o -> runs.incrementAndGet())).isZero();
        assertThat(BenchOptions.run("b", defaults(), new String[] {"--rounds", "x"}, stream, o -> o.whole("rounds", 1))).isEqualTo(2);
        assertThat(runs).hasValue(0);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("no option --nope", "usage: b", "--rounds takes a whole number");
    }

    @Test
    @DisplayName("the closed loop counts what succeeded inside the window, and the failures apart")
    void closedLoop() throws InterruptedException {
        AtomicInteger calls = new AtomicInteger();
        BenchOperation fine = () -> true;
        BenchOperation failing = () -> {
            if (calls.incrementAndGet() % 2 == 0) {
                throw new IllegalStateException("no master");
            }
            return true;
        };
        BenchResult result = ClosedLoop.run("test", "put", 1, List.of(fine, failing), 0.02, 0.1, null);
        assertThat(result.ops()).isPositive();
        assertThat(result.minPerClient()).isPositive();
        assertThat(result.errors()).isPositive();
        assertThat(result.firstError()).isEqualTo("java.lang.IllegalStateException: no master");
        assertThat(result.line()).startsWith("RESULT system=test clients=2 mode=put round=1 ops=" + result.ops() + " secs=0.10 ");
        assertThat(result.csv().split(",")).hasSize(BenchResult.CSV_HEADER.split(",").length);
    }

    @Test
    @DisplayName("the side-by-side table has a line per system and configuration, each round's figures in it")
    void sideBySide(@TempDir Path directory) throws IOException {
        Path csv = directory.resolve("locks.csv");
        Files.writeString(csv, BenchResult.CSV_HEADER + "\n"
                + "etcd,1,put,1,3000,10.00,300.0,2.000,8.000,9.000,3000,3000,0\n"
                + "zk,1,put,1,4000,10.00,400.0,1.500,6.000,9.000,4000,4000,0\n"
                + "etcd,1,put,2,3500,10.00,350.0,1.900,7.000,9.000,3500,3500,0\n"
                + "etcd,1,contended,1,3500,10.00,350.0,1.900,7.000,9.000,3500,3500,0\n");
        BenchReport.appendCsv(csv, List.of(new BenchResult("kata-log", 1, "put", 1, 2000, 10, 2.5, 9, 12, 2000, 2000, 0,
                Map.of(), Map.of(), null)));
        assertThat(BenchReport.sideBySide(csv, List.of("put"), false)).isEqualTo("""
                | system | clients | ops/s | p50 ms | p99 ms |
                |---|---:|---:|---:|---:|
                | etcd | 1 | 300 / 350 | 2.00 / 1.90 | 8.00 / 7.00 |
                | kata-log | 1 | 200 | 2.50 | 9.00 |
                | zk | 1 | 400 | 1.50 | 6.00 |""");
        assertThat(BenchReport.sideBySide(csv, List.of("contended", "put"), true).lines().toList().get(2))
                .isEqualTo("| etcd | contended | 1 | 350 | 1.90 | 7.00 |");
    }
}
