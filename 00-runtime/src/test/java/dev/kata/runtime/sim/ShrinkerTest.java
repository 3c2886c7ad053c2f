package dev.kata.runtime.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.testing.RandomizedTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

@DisplayName("The shrinker")
class ShrinkerTest {

    static final NodeId N1 = NodeId.of("n1");
    static final NodeId N2 = NodeId.of("n2");
    static final NodeId N3 = NodeId.of("n3");
    static final List<NodeId> SERVERS = List.of(N1, N2, N3);

    /** A long nemesis schedule, with the one fatal fault hidden in it at 20 s. */
    static FaultSchedule longScheduleWith(Fault fatal) {
        FaultSchedule noise = Nemesis.standard().withFaults(Nemesis.FaultKind.PARTITION, Nemesis.FaultKind.SLOW,
                Nemesis.FaultKind.LOSSY, Nemesis.FaultKind.PAUSE).schedule(3, SERVERS, Duration.ofSeconds(40));
        List<FaultStep> steps = new ArrayList<>(noise.steps());
        steps.add(FaultStep.at(Duration.ofSeconds(20), fatal));
        return new FaultSchedule(steps, noise.duration());
    }

    /** A test whose invariant is broken by any crash of n2. */
    static void n2MustStayUp(FaultSchedule schedule) {
        Simulation sim = new Simulation(SimulationConfig.of(3, new TestCodec()));
        sim.addServers(3, ctx -> new ScriptedNode(ctx, sim, node -> { }));
        sim.invariant("n2 stays up", () -> {
            if (!sim.isUp(N2)) {
                throw new AssertionError("n2 is down");
            }
        });
        schedule.applyTo(sim);
        sim.runFor(schedule.duration());
    }

    @Test
    @DisplayName("finds the one fault step that matters in a long schedule, and a shorter run")
    void findsTheFatalStep() {
        FaultSchedule original = longScheduleWith(new Fault.Crash(N2));
        assertThat(original.size()).isGreaterThan(20);
        ShrunkFailure failure = catchThrowableOfType(ShrunkFailure.class,
                () -> Shrinker.check(original, ShrinkerTest::n2MustStayUp));
        assertThat(failure.smallest().steps()).extracting(FaultStep::fault).containsExactly(new Fault.Crash(N2));
        assertThat(failure.smallest().duration()).isGreaterThanOrEqualTo(Duration.ofSeconds(20))
                .isLessThan(Duration.ofSeconds(22));
        assertThat(failure).hasMessageContaining("invariant violated: n2 stays up")
                .hasMessageContaining("shrunk from " + original.size() + " fault steps over 40s")
                .hasMessageContaining("1 fault step over")
                .hasMessageContaining("at 20.000000s: crash n2")
                .hasCauseInstanceOf(InvariantViolation.class);
    }

    @Test
    @DisplayName("keeps every step the failure needs")
    void keepsWhatIsNeeded() {
        FaultSchedule schedule = FaultSchedule.of(Duration.ofSeconds(10),
                FaultStep.at(Duration.ofSeconds(1), new Fault.Crash(N1)),
                FaultStep.at(Duration.ofSeconds(2), new Fault.Crash(N2)),
                FaultStep.at(Duration.ofSeconds(3), new Fault.Crash(N3)),
                FaultStep.at(Duration.ofSeconds(4), new Fault.Restart(N1)));
        Shrinker.Scenario bothN1AndN3Crashed = s -> {
            if (s.steps().stream().filter(step -> step.fault() instanceof Fault.Crash c
                    && (c.node().equals(N1) || c.node().equals(N3))).count() == 2) {
                throw new AssertionError("n1 and n3 both crashed");
            }
        };
        Shrinker.Result result = Shrinker.shrink(schedule, failureOf(bothN1AndN3Crashed, schedule), bothN1AndN3Crashed, 100);
        assertThat(result.smallest().steps()).extracting(FaultStep::fault)
                .containsExactly(new Fault.Crash(N1), new Fault.Crash(N3));
        assertThat(result.smallest().duration()).isLessThanOrEqualTo(Duration.ofSeconds(4));
    }

    @Test
    @DisplayName("stays within its budget of runs")
    void budget() {
        AtomicInteger runs = new AtomicInteger();
        Shrinker.Scenario alwaysFails = s -> {
            runs.incrementAndGet();
            throw new AssertionError("always fails");
        };
        FaultSchedule schedule = longScheduleWith(new Fault.Crash(N2));
        Throwable failure = failureOf(alwaysFails, schedule);
        runs.set(0);
        Shrinker.Result result = Shrinker.shrink(schedule, failure, alwaysFails, 7);
        assertThat(runs).hasValue(7);
        assertThat(result.runs()).isEqualTo(7);
    }

    @Test
    @DisplayName("keeps only schedules that fail the same way: a run too short for the bug fails the test's own progress check instead")
    void sameFailureOnly() {
        // The bug shows only once n2 has crashed (at 20 s); a run shorter than 10 s fails a different
        // check, the kind a test makes to be sure something happened at all. The shrinker must not
        // trade the real failure for that one, although both are AssertionErrors.
        Shrinker.Scenario scenario = s -> {
            if (s.duration().compareTo(Duration.ofSeconds(10)) < 0) {
                throw new AssertionError("too short: nothing happened");
            }
            n2MustStayUp(s);
        };
        FaultSchedule original = longScheduleWith(new Fault.Crash(N2));
        ShrunkFailure failure = catchThrowableOfType(ShrunkFailure.class, () -> Shrinker.check(original, scenario));
        assertThat(failure).hasMessageContaining("invariant violated: n2 stays up")
                .hasMessageNotContaining("nothing happened");
        assertThat(failure.smallest().duration()).isGreaterThanOrEqualTo(Duration.ofSeconds(20));
    }

    @Test
    @DisplayName("tells failures apart by the check that threw, the invariant, and the causes")
    void signatures() {
        Throwable here = new AssertionError("a");
        Throwable sameLine = null;
        Throwable otherLine = new AssertionError("b");
        for (int i = 0; i < 2; i++) {
            Throwable t = new AssertionError("c" + i);
            if (sameLine == null) {
                sameLine = t;
            } else {
                assertThat(Shrinker.signature(t)).isEqualTo(Shrinker.signature(sameLine));
            }
        }
        assertThat(Shrinker.signature(here)).isNotEqualTo(Shrinker.signature(otherLine))
                .contains("java.lang.AssertionError at " + ShrinkerTest.class.getName() + ":");
        assertThat(Shrinker.signature(new IllegalStateException("x", here)))
                .startsWith("java.lang.IllegalStateException").contains(" <- java.lang.AssertionError");
    }

    static Throwable failureOf(Shrinker.Scenario scenario, FaultSchedule schedule) {
        try {
            scenario.run(schedule);
        } catch (Exception | AssertionError e) {
            return e;
        }
        throw new AssertionError("the scenario was expected to fail with " + schedule);
    }

    @Test
    @DisplayName("does nothing when the scenario passes")
    void passes() {
        Shrinker.check(longScheduleWith(new Fault.Crash(N1)), ShrinkerTest::n2MustStayUp);
    }

    @Test
    @DisplayName("says so when a scenario is not deterministic")
    void notDeterministic() {
        AtomicInteger runs = new AtomicInteger();
        assertThatThrownBy(() -> Shrinker.check(FaultSchedule.none(Duration.ofSeconds(1)), 0, s -> {
            if (runs.incrementAndGet() == 1) {
                throw new AssertionError("flaky");
            }
        })).hasMessageContaining("the scenario is not deterministic");
    }

    /** Run only by the test below, through its own launcher: a sweep in which every seed fails. */
    static class SweepOfABrokenNode {
        static final List<Integer> RUNS = new ArrayList<>();

        @RandomizedTest(seeds = 5)
        void fails(long seed) {
            AtomicInteger runs = new AtomicInteger();
            RUNS.add(0);
            try {
                Shrinker.check(longScheduleWith(new Fault.Crash(N2)), schedule -> {
                    runs.incrementAndGet();
                    n2MustStayUp(schedule);
                });
            } finally {
                RUNS.set(RUNS.size() - 1, runs.get());
            }
        }
    }

    @Test
    @DisplayName("in a sweep, shrinks the first three failing seeds only, and writes no trace page for the rest")
    void sweepShrinksTheFirstFailuresOnly() {
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false).build());
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        SweepOfABrokenNode.RUNS.clear();
        launcher.execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(SweepOfABrokenNode.class))
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true").build(), summary);

        assertThat(summary.getSummary().getTotalFailureCount()).isEqualTo(5);
        List<Integer> runs = SweepOfABrokenNode.RUNS;
        assertThat(runs.subList(0, 3)).as("runs per seed, seeds 1 to 3: shrunk").allMatch(n -> n > 2);
        assertThat(runs.subList(3, 5)).as("runs per seed, seeds 4 and 5: one run each").containsExactly(1, 1);
        List<String> messages = summary.getSummary().getFailures().stream().map(f -> f.getException().getMessage())
                .toList();
        assertThat(messages).filteredOn(m -> m.contains("shrunk from")).hasSize(3);
        assertThat(messages).filteredOn(m -> m.contains("trace:  not written: the first failing seeds")).hasSize(2);
    }
}
