package dev.kata.runtime.sim;

import static dev.kata.runtime.sim.SimulationTest.N1;
import static dev.kata.runtime.sim.SimulationTest.N2;
import static dev.kata.runtime.sim.SimulationTest.ms;
import static dev.kata.runtime.sim.SimulationTest.node;
import static dev.kata.runtime.sim.SimulationTest.servers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kata.runtime.node.DriftBound;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.testing.RandomizedTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The two clocks of every node, on virtual time: a wall clock that may be stepped, a monotonic one that may not. */
@DisplayName("A node's two clocks")
class ClockTest {

    static Simulation simulation(long seed, ClockConfig clocks) {
        return new Simulation(SimulationConfig.of(seed, new TestCodec())
                .withNetwork(NetworkConfig.fixedLatency(ms(1))).withClocks(clocks));
    }

    static long seconds(long s) {
        return Duration.ofSeconds(s).toNanos();
    }

    @Nested
    @DisplayName("a step of the wall clock")
    class Steps {

        @Test
        @DisplayName("moves now() only: nanoTime() goes on as if nothing happened")
        void stepMovesOnlyTheWallClock() {
            Simulation sim = simulation(1, ClockConfig.perfect());
            servers(sim, 1);
            sim.runFor(Duration.ofSeconds(10));
            sim.shiftClock(N1, Duration.ofSeconds(-5));
            assertThat(node(sim, N1).ctx.now()).as("now() after a step of -5 s at 10 s").isEqualTo(Instant.EPOCH.plusSeconds(5));
            assertThat(node(sim, N1).ctx.nanoTime()).as("nanoTime() after a step of -5 s at 10 s").isEqualTo(seconds(10));
            sim.shiftClock(N1, Duration.ofSeconds(60));
            sim.runFor(Duration.ofSeconds(1));
            assertThat(sim.clock(N1)).as("now() after a step of +60 s more, 1 s later").isEqualTo(Instant.EPOCH.plusSeconds(66));
            assertThat(sim.nanoTime(N1)).as("nanoTime() after the steps, at 11 s").isEqualTo(seconds(11));
        }

        @Test
        @DisplayName("neither hastens nor delays a timer: timers run on the monotonic clock")
        void timersIgnoreSteps() {
            Simulation sim = simulation(2, ClockConfig.perfect());
            servers(sim, 2);
            node(sim, N1).timer(Duration.ofSeconds(10));
            node(sim, N2).timer(Duration.ofSeconds(10));
            sim.runFor(Duration.ofSeconds(1));
            sim.shiftClock(N1, Duration.ofSeconds(-30));
            sim.shiftClock(N2, Duration.ofSeconds(30));
            sim.runFor(Duration.ofMillis(8_999));
            assertThat(node(sim, N1).timersFired).as("n1's 10 s timer at 9.999 s, after a step back").isEmpty();
            assertThat(node(sim, N2).timersFired).as("n2's 10 s timer at 9.999 s, after a step forward").isEmpty();
            sim.runFor(Duration.ofMillis(1));
            assertThat(node(sim, N1).timersFired).as("n1's 10 s timer at 10 s").hasSize(1);
            assertThat(node(sim, N2).timersFired).as("n2's 10 s timer at 10 s").hasSize(1);
        }
    }

    @Nested
    @DisplayName("drift")
    class Drift {

        @Test
        @DisplayName("changes the rate of both clocks alike")
        void driftChangesBothRates() {
            Simulation sim = simulation(3, ClockConfig.drifting(Duration.ZERO, 0.1));
            servers(sim, 1);
            sim.setClockRate(N1, 1.1);
            sim.shiftClock(N1, Duration.ofSeconds(100));
            long mono = sim.nanoTime(N1);
            Instant wall = sim.clock(N1);
            sim.runFor(Duration.ofSeconds(10));
            assertThat(sim.nanoTime(N1) - mono).as("nanoTime() advance over 10 s at rate 1.1").isEqualTo(seconds(11));
            assertThat(Duration.between(wall, sim.clock(N1))).as("now() advance over 10 s at rate 1.1")
                    .isEqualTo(Duration.ofSeconds(11));
        }

        @Test
        @DisplayName("a timer never fires before its delay has passed on the node's clock, even if the clock slows down")
        void timerWaitsForTheSlowedClock() {
            Simulation sim = simulation(4, ClockConfig.drifting(Duration.ZERO, 0.2));
            servers(sim, 1);
            sim.setClockRate(N1, 1.2);
            long setAt = sim.nanoTime(N1);
            List<Long> firedAt = new ArrayList<>();
            node(sim, N1).ctx.schedule(Duration.ofSeconds(12), () -> firedAt.add(sim.nanoTime(N1)));
            sim.runFor(Duration.ofSeconds(5)); // 6 s on n1's clock
            sim.setClockRate(N1, 0.8);         // the other 6 s now take 7.5 s of virtual time
            sim.runFor(Duration.ofSeconds(7));
            assertThat(firedAt).as("the 12 s timer, after 12 s of virtual time but only 11.6 s of n1's clock").isEmpty();
            sim.runFor(Duration.ofMillis(500));
            assertThat(firedAt).as("the 12 s timer, at 12.5 s of virtual time").hasSize(1);
            assertThat(firedAt.get(0) - setAt).as("n1's clock when its 12 s timer fired, since it was set")
                    .isGreaterThanOrEqualTo(seconds(12)).isLessThan(seconds(12) + ms(1).toNanos());
        }

        @Test
        @DisplayName("keeps within the bound the simulation reports: it refuses a rate beyond it, saying how to allow it")
        void refusesRatesBeyondTheBound() {
            Simulation sim = simulation(5, ClockConfig.drifting(ms(10), 0.01));
            servers(sim, 1);
            assertThat(sim.driftBound()).isEqualTo(new DriftBound(0.01));
            sim.setClockRate(N1, 0.99);
            sim.setClockRate(N1, 1.01);
            assertThatThrownBy(() -> sim.setClockRate(N1, 1.02))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("drift of at most 0.01")
                    .hasMessageContaining("ClockConfig.drifting");
            FaultSchedule wild = Nemesis.standard().withFaults(Nemesis.FaultKind.CLOCK).withMaxClockDrift(0.2)
                    .schedule(5, List.of(N1), Duration.ofSeconds(30));
            assertThatThrownBy(() -> {
                wild.applyTo(sim);
                sim.runFor(Duration.ofSeconds(30));
            }).as("a nemesis that drifts clocks by up to 20%% against a bound of 1%%")
                    .hasMessageContaining("drift of at most 0.01");
        }

        /**
         * A nemesis of crashes, pauses and clock episodes against clocks that start apart and drift:
         * after every event, each node's monotonic clock has advanced since its last reading by the
         * virtual time that passed, times a rate within the bound (and a nanosecond of rounding).
         */
        @RandomizedTest(seeds = 10)
        @DisplayName("under a nemesis, every monotonic clock runs within the bound and never goes back, across restarts too")
        void withinTheBound(long seed) {
            double bound = 0.05;
            Simulation sim = simulation(seed, ClockConfig.drifting(ms(500), bound));
            List<NodeId> ids = servers(sim, 3, node -> node.timer(ms(50)));
            Map<NodeId, long[]> last = new HashMap<>(); // node -> {virtual, monotonic}
            long[] checks = {0};
            sim.invariant("monotonic clocks run within the drift bound", () -> {
                for (NodeId id : ids) {
                    long virtual = sim.nanos();
                    long mono = sim.nanoTime(id);
                    long[] before = last.put(id, new long[] {virtual, mono});
                    if (before != null) {
                        long elapsed = virtual - before[0];
                        long advanced = mono - before[1];
                        assertThat(advanced).as("%s's clock over %d ns of virtual time (seed %d)", id, elapsed, seed)
                                .isBetween((long) Math.floor(elapsed * (1 - bound)) - 1,
                                        (long) Math.ceil(elapsed * (1 + bound)) + 1);
                        checks[0]++;
                    }
                }
            });
            FaultSchedule faults = Nemesis.standard()
                    .withFaults(Nemesis.FaultKind.CRASH, Nemesis.FaultKind.PAUSE, Nemesis.FaultKind.CLOCK)
                    .withMeanInterval(ms(200)).withMaxFaultLength(ms(600)).withMaxClockDrift(bound)
                    .schedule(seed, ids, Duration.ofSeconds(20));
            faults.applyTo(sim);
            for (int i = 0; i < 40; i++) {
                Duration step = ms(i % 2 == 0 ? -700 : 300);
                sim.after(ms(500L * i), "step n1's wall clock", () -> sim.shiftClock(N1, step));
            }
            sim.runFor(Duration.ofSeconds(20));
            assertThat(checks[0]).as("clock readings compared (seed %d)", seed).isGreaterThan(100);
        }
    }

    @Nested
    @DisplayName("across a restart")
    class Restarts {

        @Test
        @DisplayName("the monotonic clock runs on: a restarted node reads on from where it was, never back")
        void monotonicAcrossRestart() {
            Simulation sim = simulation(6, ClockConfig.drifting(ms(100), 0.05));
            servers(sim, 1);
            sim.runFor(Duration.ofSeconds(2));
            long beforeCrash = node(sim, N1).ctx.nanoTime();
            sim.crash(N1);
            sim.runFor(Duration.ofSeconds(3));
            sim.restart(N1);
            long afterRestart = node(sim, N1).ctx.nanoTime();
            assertThat(afterRestart - beforeCrash).as("n1's monotonic clock across 3 s down, at a rate within 5%%")
                    .isBetween(Duration.ofMillis(2850).toNanos(), Duration.ofMillis(3150).toNanos());
        }
    }

    @Nested
    @DisplayName("the drift bound")
    class Bound {

        @Test
        @DisplayName("shortens a holder's lease so that it ends no later than the master's")
        void holderLease() {
            DriftBound bound = new DriftBound(0.01);
            assertThat(bound.holderLease(Duration.ofSeconds(10))).isEqualTo(Duration.ofNanos(9_801_980_198L));
            assertThat(bound.masterLease(bound.holderLease(Duration.ofSeconds(10))))
                    .isBetween(Duration.ofSeconds(10), Duration.ofSeconds(10).plusNanos(2));
            assertThat(DriftBound.NONE.holderLease(Duration.ofSeconds(10))).isEqualTo(Duration.ofSeconds(10));
            assertThatThrownBy(() -> new DriftBound(0.5)).hasMessageContaining("less than 0.5");
        }

        /**
         * The worst case of Chubby's rule on virtual time: the master's clock runs fast by the bound,
         * the holder's slow by it. The holder asks at t0, the master grants 1 ms later and counts its
         * lease; the holder counts {@code holderLease} from t0.
         */
        @Test
        @DisplayName("with the master's clock fast and the holder's slow, the holder's lease ends first in true time")
        void worstCase() {
            double drift = 0.05;
            Simulation sim = simulation(7, ClockConfig.drifting(Duration.ZERO, drift));
            servers(sim, 2);
            sim.setClockRate(N1, 1 + drift); // the master
            sim.setClockRate(N2, 1 - drift); // the holder
            Duration lease = Duration.ofSeconds(10);
            long[] ended = new long[2];
            node(sim, N2).ctx.schedule(sim.driftBound().holderLease(lease), () -> ended[1] = sim.nanos());
            sim.after(ms(1), "the master grants", () -> node(sim, N1).ctx.schedule(lease, () -> ended[0] = sim.nanos()));
            sim.runFor(Duration.ofSeconds(20));
            assertThat(ended[1]).as("when the holder's lease ended, in virtual time").isPositive()
                    .isLessThanOrEqualTo(ended[0]);
        }
    }
}
