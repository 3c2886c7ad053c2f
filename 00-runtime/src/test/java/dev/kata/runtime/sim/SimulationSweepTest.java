package dev.kata.runtime.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.Node;
import dev.kata.runtime.node.NodeContext;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.sim.TestMessages.Ping;
import dev.kata.runtime.testing.RandomizedTest;
import dev.kata.runtime.trace.Trace;
import dev.kata.runtime.trace.TraceEvent;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;

/** Properties of the simulation itself, over many seeds and every kind of fault. */
@DisplayName("The simulation, over many seeds")
class SimulationSweepTest {

    /** Passes each ping on to a random server until it has made 300 hops; sends a few on start. */
    static final class Relay implements Node {
        private final NodeContext ctx;

        Relay(NodeContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void onStart() {
            for (int i = 0; i < 5; i++) {
                ctx.send(peer(), new Ping(0));
            }
        }

        @Override
        public void onMessage(NodeId from, Message message) {
            long hops = ((Ping) message).value();
            if (hops < 300) {
                ctx.send(peer(), new Ping(hops + 1));
            }
        }

        private NodeId peer() {
            return ctx.cluster().get(ctx.random().nextInt(ctx.cluster().size()));
        }
    }

    static Simulation run(long seed) {
        Simulation sim = new Simulation(SimulationConfig.of(seed, new TestCodec()).withNetwork(NetworkConfig.flaky())
                .withClocks(ClockConfig.drifting(Duration.ofMillis(20), 0.02)));
        List<NodeId> servers = sim.addServers(5, Relay::new);
        FaultSchedule faults = Nemesis.standard()
                .withFaults(Nemesis.FaultKind.CRASH, Nemesis.FaultKind.values())
                .withMeanInterval(Duration.ofMillis(100))
                .withMaxFaultLength(Duration.ofMillis(300))
                .withMaxClockDrift(0.02) // within the clocks' bound, which the simulation keeps to
                .schedule(seed, servers, Duration.ofSeconds(3));
        faults.applyTo(sim);
        sim.runUntilIdle(Duration.ofMinutes(1));
        return sim;
    }

    @RandomizedTest(seeds = 10)
    @DisplayName("every message sent, and every copy the network made, is delivered or dropped exactly once")
    void conservesMessages(long seed) {
        Simulation sim = run(seed);
        Counts counts = sim.counts();
        assertThat(counts.messagesSent()).isPositive();
        assertThat(counts.messagesDelivered() + counts.messagesDropped())
                .as("delivered + dropped")
                .isEqualTo(counts.messagesSent() + counts.messagesDuplicated());
        Set<Long> ended = new HashSet<>();
        for (TraceEvent event : sim.trace().events()) {
            if (event instanceof TraceEvent.Delivered d) {
                assertThat(ended.add(d.messageId())).as("message " + d.messageId() + " ended twice").isTrue();
            } else if (event instanceof TraceEvent.Dropped d) {
                assertThat(ended.add(d.messageId())).as("message " + d.messageId() + " ended twice").isTrue();
            }
        }
        assertThat((long) ended.size()).isEqualTo(counts.messagesSent() + counts.messagesDuplicated());
    }

    @RandomizedTest(seeds = 5)
    @DisplayName("a seed replays its run, event for event, under every kind of fault")
    void replays(long seed) {
        Trace first = run(seed).trace();
        Trace second = run(seed).trace();
        assertThat(second.events()).isEqualTo(first.events());
    }
}
