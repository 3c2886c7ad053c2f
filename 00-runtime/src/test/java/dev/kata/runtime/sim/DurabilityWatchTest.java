package dev.kata.runtime.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kata.runtime.disk.DiskFile;
import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.Node;
import dev.kata.runtime.node.NodeContext;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.sim.TestMessages.Ping;
import dev.kata.runtime.sim.TestMessages.Pong;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("DurabilityWatch: at every send, what a crash would leave must hold what the message announces")
class DurabilityWatchTest {

    /** Stores each Ping's value in a file and answers it with a Pong: forced first, or (a mistake) after. */
    private static final class Logger implements Node {
        private final NodeContext ctx;
        private final boolean forceFirst;

        Logger(NodeContext ctx, boolean forceFirst) {
            this.ctx = ctx;
            this.forceFirst = forceFirst;
        }

        @Override
        public void onMessage(NodeId from, Message message) {
            if (message instanceof Ping ping) {
                try (DiskFile file = ctx.disk().open("log")) {
                    file.append(ByteBuffer.allocate(8).putLong(0, ping.value()));
                    if (forceFirst) {
                        file.force();
                        ctx.send(from, new Pong(ping.value()));
                    } else {
                        ctx.send(from, new Pong(ping.value()));
                        file.force();
                    }
                }
            }
        }
    }

    /** A Pong announces that its value is in the log. */
    private static DurabilityWatch watch() {
        return new DurabilityWatch((from, to, message, image) -> {
            if (!(message instanceof Pong pong)) {
                return Optional.empty();
            }
            long entries = image.read("the log", disk -> disk.exists("log") ? disk.readAll("log").length / 8L : 0L);
            return entries >= pong.value() ? Optional.empty()
                    : Optional.of("its log holds " + entries + " entries on disk. Force, then answer.");
        });
    }

    private static Simulation simulation() {
        return new Simulation(SimulationConfig.withoutCodec(1)
                .withNetwork(NetworkConfig.fixedLatency(Duration.ofMillis(1))));
    }

    @Test
    @DisplayName("lets a node answer once what it announces is forced, and reads the image only when the disk changed")
    void forcedFirst() {
        Simulation sim = simulation();
        DurabilityWatch watch = watch();
        NodeId n1 = sim.addServer("n1", watch.around(ctx -> new Logger(ctx, true)));
        Probe probe = Probe.add(sim, "probe");
        for (long i = 1; i <= 3; i++) {
            probe.send(n1, new Ping(i));
        }
        sim.runUntil(() -> probe.received(Pong.class).size() == 3, Duration.ofSeconds(1), "three pongs");
        assertThat(watch.sends()).as("sends the watch looked at").isEqualTo(3);
        assertThat(watch.reads()).as("crash images read (each pong after a new force)").isEqualTo(3);
    }

    @Test
    @DisplayName("fails the run, naming the node, the message and what the disk holds, when a node answers before it forces")
    void answeredFirst() {
        Simulation sim = simulation();
        NodeId n1 = sim.addServer("n1", watch().around(ctx -> new Logger(ctx, false)));
        Probe probe = Probe.add(sim, "probe");
        probe.send(n1, new Ping(1));
        assertThatThrownBy(() -> sim.runFor(Duration.ofMillis(10)))
                .isInstanceOf(DurabilityViolation.class)
                .hasMessage("n1 sent Pong[value=1] to probe, but its log holds 0 entries on disk. Force, then answer.");
    }

    @Test
    @DisplayName("a crash image holds the forced bytes only, and leaves the live disk as it was")
    void crashImage() {
        dev.kata.runtime.disk.SimulatedDisk disk = new dev.kata.runtime.disk.SimulatedDisk();
        long before = disk.durableChanges();
        try (DiskFile file = disk.open("f")) {
            file.append(ByteBuffer.wrap(new byte[] {1, 2}));
            file.force();
            file.append(ByteBuffer.wrap(new byte[] {3}));
        }
        assertThat(disk.durableChanges()).as("changes after a create and a force").isEqualTo(before + 2);
        assertThat(disk.crashImage().readAll("f")).as("the image").containsExactly(1, 2);
        assertThat(disk.readAll("f")).as("the live disk").containsExactly(1, 2, 3);
    }
}
