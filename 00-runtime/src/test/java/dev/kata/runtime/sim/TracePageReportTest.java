package dev.kata.runtime.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.kata.runtime.sim.TestMessages.Ping;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * What a simulated test's failure and its trace page say, run through a launcher of their own: the
 * seed, the trace page and a replay line for a simulation built anywhere in a test, the failure in
 * the words of the assertion that found it, and the page of a test that passes by showing one.
 */
@DisplayName("Trace pages: the failure, the seed and the replay line of every simulated test")
class TracePageReportTest {

    @TempDir
    Path traces;

    private String before;

    @BeforeEach
    void tracesHere() {
        before = System.getProperty("kata.traces.dir");
        System.setProperty("kata.traces.dir", traces.toString());
    }

    @AfterEach
    void tracesBack() {
        if (before == null) {
            System.clearProperty("kata.traces.dir");
        } else {
            System.setProperty("kata.traces.dir", before);
        }
    }

    /** Two probes and one message: the least a simulated test can be. */
    static void pingOnce(Simulation sim) {
        Probe a = Probe.add(sim, "a");
        Probe b = Probe.add(sim, "b");
        sim.start();
        a.send(b.id(), new Ping(1));
        sim.runUntilIdle();
    }

    /** Run only by the tests below: a simulation built in a field, as JUnit makes the instance. */
    static class FieldSimulation {
        private final Simulation sim = new Simulation(SimulationConfig.withoutCodec(7));

        @Test
        void fails() {
            pingOnce(sim);
            assertThat(41 + 1).as("the answer after one ping").isEqualTo(43);
        }
    }

    /** Run only by the tests below: passes by writing a page, as a counterexample test does. */
    static class WritesItsPage {
        @Test
        void showsACounterexample() {
            Simulation sim = new Simulation(SimulationConfig.withoutCodec(3));
            pingOnce(sim);
            sim.writeTrace(Path.of(System.getProperty("kata.traces.dir")));
        }
    }

    /** What a run of one class reported: failures by test, report entries. */
    record Run(List<Throwable> failures, List<Map<String, String>> entries) {
    }

    static Run run(Class<?> type) {
        // Without the listeners found on the classpath: the kata's results listener must not record these.
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false).build());
        Run run = new Run(new ArrayList<>(), new ArrayList<>());
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(type)).build(),
                new TestExecutionListener() {
                    @Override
                    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                        result.getThrowable().ifPresent(run.failures()::add);
                    }

                    @Override
                    public void reportingEntryPublished(TestIdentifier test, ReportEntry entry) {
                        run.entries().add(entry.getKeyValuePairs());
                    }
                });
        return run;
    }

    @Test
    @DisplayName("a simulation built in a field of the test class gives the seed, the page and the replay line")
    void fieldSimulation() throws IOException {
        Run run = run(FieldSimulation.class);

        assertThat(run.failures()).hasSize(1);
        String message = run.failures().get(0).getMessage();
        Path page = traces.resolve("TracePageReportTest-fails-seed-7.html");
        assertThat(message).as("the failure message")
                .contains("[the answer after one ping]")
                .contains("seed:   7")
                .contains("trace:  " + page.toAbsolutePath().normalize())
                .contains("replay: ./kata test runtime --test 'TracePageReportTest$FieldSimulation#fails'");
        String html = Files.readString(page, StandardCharsets.UTF_8);
        assertThat(html).as("the page")
                .contains("the test failed: [the answer after one ping]")
                .contains("<code>./kata test runtime --test &#39;TracePageReportTest$FieldSimulation#fails&#39;</code>")
                .doesNotContain("&lt;module&gt;");
    }

    @Test
    @DisplayName("the page's two counts of events agree, or its first line says why they differ")
    void eventCounts() throws IOException {
        run(FieldSimulation.class);

        String html = Files.readString(traces.resolve("TracePageReportTest-fails-seed-7.html"), StandardCharsets.UTF_8);
        // a send and a delivery: two events on the page, one of them a step of the simulation
        assertThat(html).contains("2 events (the simulation handled 1 of them as steps")
                .contains("All 2 events are drawn").contains("<span id=\"count\">2 events</span>");
    }

    @Test
    @DisplayName("a test that passes by writing its page publishes where the page is, for ./kata test to print")
    void passingPage() {
        Run run = run(WritesItsPage.class);

        assertThat(run.failures()).isEmpty();
        Path page = traces.resolve("TracePageReportTest-showsACounterexample-seed-3.html").toAbsolutePath().normalize();
        assertThat(run.entries()).containsExactly(Map.of("trace", page.toString()));
        assertThat(page).exists();
    }
}
