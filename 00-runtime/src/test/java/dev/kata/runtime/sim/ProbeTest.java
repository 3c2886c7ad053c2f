package dev.kata.runtime.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.runtime.sim.TestMessages.Ping;
import dev.kata.runtime.sim.TestMessages.Pong;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A probe")
class ProbeTest {

    @Test
    @DisplayName("sends what the test hands it, through the network, and keeps what it receives, with sender and time")
    void sendsAndKeeps() {
        Simulation sim = SimulationTest.simulation(1);
        Probe a = Probe.add(sim, "a");
        Probe b = Probe.add(sim, "b");
        a.send(b.id(), new Ping(7));
        a.send(b.id(), new Pong(8));
        sim.runFor(Duration.ofMillis(5));

        assertThat(b.received()).extracting(Probe.Received::from).containsExactly(a.id(), a.id());
        assertThat(b.received(Ping.class)).containsExactly(new Ping(7));
        assertThat(b.received(Pong.class)).containsExactly(new Pong(8));
        assertThat(b.received()).extracting(Probe.Received::at).as("when they arrived, on b's monotonic clock (perfect clocks: virtual time), 1 ms after sending")
                .containsExactly(Duration.ofMillis(1).toNanos(), Duration.ofMillis(1).toNanos());
        assertThat(a.received()).isEmpty();
    }
}
