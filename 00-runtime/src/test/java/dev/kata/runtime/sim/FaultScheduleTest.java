package dev.kata.runtime.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.trace.TraceEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Fault schedules")
class FaultScheduleTest {

    static final NodeId N1 = NodeId.of("n1");
    static final NodeId N2 = NodeId.of("n2");
    static final NodeId N3 = NodeId.of("n3");
    static final List<NodeId> SERVERS = List.of(N1, N2, N3);

    static Duration s(long seconds) {
        return Duration.ofSeconds(seconds);
    }

    static Simulation cluster(long seed) {
        Simulation sim = new Simulation(SimulationConfig.of(seed, new TestCodec()));
        sim.addServers(3, ctx -> new ScriptedNode(ctx, sim, node -> { }));
        return sim;
    }

    @Nested
    @DisplayName("as data")
    class AsData {

        @Test
        @DisplayName("apply each step at its time, relative to when the schedule is applied")
        void applied() {
            Simulation sim = cluster(1);
            sim.runFor(s(1));
            FaultSchedule.of(s(5),
                    FaultStep.at(s(1), new Fault.Crash(N2)),
                    FaultStep.at(s(2), new Fault.Partition(List.of(Set.of(N1), Set.of(N3)))),
                    FaultStep.at(s(3), new Fault.Restart(N2)),
                    FaultStep.at(s(4), new Fault.Heal())).applyTo(sim);
            sim.runFor(s(2));
            assertThat(sim.isUp(N2)).isFalse();
            sim.runFor(s(4));
            assertThat(sim.isUp(N2)).isTrue();
            assertThat(sim.trace().events()).contains(
                    new TraceEvent.Crashed(s(2).toNanos(), "n2"),
                    new TraceEvent.PartitionChanged(s(3).toNanos(), "partition {n1} | {n3}"),
                    new TraceEvent.Restarted(s(4).toNanos(), "n2"),
                    new TraceEvent.PartitionChanged(s(5).toNanos(), "heal"));
        }

        @Test
        @DisplayName("skip steps that no longer make sense, so any part of a schedule is a schedule")
        void lenient() {
            Simulation sim = cluster(1);
            FaultSchedule.of(s(3),
                    FaultStep.at(s(1), new Fault.Restart(N2)),
                    FaultStep.at(s(2), new Fault.Crash(N3)),
                    FaultStep.at(s(2), new Fault.Crash(N3)),
                    FaultStep.at(s(3), new Fault.Pause(N3, s(1)))).applyTo(sim);
            sim.runFor(s(3));
            assertThat(sim.isUp(N2)).isTrue();
            assertThat(sim.isUp(N3)).isFalse();
        }

        @Test
        @DisplayName("tell their story one step a line")
        void story() {
            FaultSchedule schedule = FaultSchedule.of(s(10),
                    FaultStep.at(Duration.ofMillis(1500), new Fault.Crash(N2)),
                    FaultStep.at(s(3), new Fault.Partition(List.of(Set.of(N3, N1), Set.of(N2)))));
            assertThat(schedule.toString()).isEqualTo("""
                    2 fault steps over 10s
                      at 1.500000s: crash n2
                      at 3.000000s: partition {n1,n3} | {n2}""");
        }

        @Test
        @DisplayName("can lose steps and be cut short")
        void smaller() {
            FaultSchedule schedule = FaultSchedule.of(s(10),
                    FaultStep.at(s(1), new Fault.Crash(N1)),
                    FaultStep.at(s(2), new Fault.Restart(N1)),
                    FaultStep.at(s(8), new Fault.Heal()));
            assertThat(schedule.without(0, 2).steps()).extracting(FaultStep::fault).containsExactly(new Fault.Heal());
            assertThat(schedule.truncatedTo(s(5)).steps()).hasSize(2);
            assertThat(schedule.truncatedTo(s(5)).duration()).isEqualTo(s(5));
        }

        @Test
        @DisplayName("refuse a step after the end, saying which")
        void validation() {
            assertThatThrownBy(() -> FaultSchedule.of(s(1), FaultStep.at(s(2), new Fault.Crash(N1))))
                    .hasMessage("step 'at 2.000000s: crash n1' is after the end of the schedule (1s)");
        }
    }

    @Nested
    @DisplayName("made by a nemesis")
    class FromANemesis {

        @Test
        @DisplayName("are the same for the same seed and differ between seeds")
        void deterministic() {
            Nemesis nemesis = Nemesis.standard();
            assertThat(nemesis.schedule(5, SERVERS, s(60))).isEqualTo(nemesis.schedule(5, SERVERS, s(60)));
            assertThat(nemesis.schedule(5, SERVERS, s(60))).isNotEqualTo(nemesis.schedule(6, SERVERS, s(60)));
        }

        @Test
        @DisplayName("inject every kind of fault asked for, each episode ended")
        void everyKind() {
            Nemesis nemesis = Nemesis.standard().withFaults(Nemesis.FaultKind.CRASH, Nemesis.FaultKind.values());
            List<Class<?>> kinds = new ArrayList<>();
            for (long seed = 1; seed <= 5; seed++) {
                for (FaultStep step : nemesis.schedule(seed, SERVERS, s(120)).steps()) {
                    kinds.add(step.fault().getClass());
                }
            }
            assertThat(kinds).contains(Fault.Crash.class, Fault.Restart.class, Fault.Pause.class, Fault.Partition.class,
                    Fault.Block.class, Fault.SlowNode.class, Fault.Conditions.class, Fault.Heal.class,
                    Fault.ClockRate.class);
        }

        @Test
        @DisplayName("never take down more than a minority of servers at once")
        void minorityDown() {
            List<NodeId> five = List.of(N1, N2, N3, NodeId.of("n4"), NodeId.of("n5"));
            for (long seed = 1; seed <= 20; seed++) {
                FaultSchedule schedule = Nemesis.standard().withFaults(Nemesis.FaultKind.CRASH)
                        .withMeanInterval(Duration.ofMillis(200)).schedule(seed, five, s(60));
                Map<NodeId, Boolean> down = new HashMap<>();
                for (FaultStep step : schedule.steps()) {
                    if (step.fault() instanceof Fault.Crash crash) {
                        down.put(crash.node(), true);
                    } else if (step.fault() instanceof Fault.Restart restart) {
                        down.put(restart.node(), false);
                    }
                    assertThat(down.values().stream().filter(d -> d).count()).as("seed " + seed).isLessThanOrEqualTo(2);
                }
            }
        }

        @Test
        @DisplayName("run against a cluster without breaking the simulation")
        void runs() {
            for (long seed = 1; seed <= 5; seed++) {
                Simulation sim = new Simulation(SimulationConfig.of(seed, new TestCodec())
                        .withClocks(ClockConfig.drifting(Duration.ZERO, 0.05))); // the nemesis's clock drift
                sim.addServers(3, ctx -> new ScriptedNode(ctx, sim, node -> { }));
                FaultSchedule schedule = Nemesis.standard().withFaults(Nemesis.FaultKind.CRASH, Nemesis.FaultKind.values())
                        .schedule(seed, SERVERS, s(30));
                schedule.applyTo(sim);
                sim.runFor(schedule.duration());
                assertThat(sim.counts().events()).isGreaterThanOrEqualTo(schedule.size());
            }
        }

        @Test
        @DisplayName("refuse a configuration that makes no sense, saying what is wrong")
        void validation() {
            assertThatThrownBy(() -> Nemesis.standard().withMeanInterval(Duration.ZERO))
                    .hasMessage("meanInterval must be positive, but is PT0S");
            assertThatThrownBy(() -> Nemesis.standard().withMaxDown(-2))
                    .hasMessage("maxDown must be -1 (a minority) or at least 0, but is -2");
        }
    }
}
