package dev.kata.runtime.sim;

import static dev.kata.runtime.sim.SimulationTest.N1;
import static dev.kata.runtime.sim.SimulationTest.N2;
import static dev.kata.runtime.sim.SimulationTest.N3;
import static dev.kata.runtime.sim.SimulationTest.ms;
import static dev.kata.runtime.sim.SimulationTest.node;
import static dev.kata.runtime.sim.SimulationTest.servers;
import static dev.kata.runtime.sim.SimulationTest.simulation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kata.runtime.node.Message;
import dev.kata.runtime.sim.TestMessages.Ping;
import dev.kata.runtime.sim.TestMessages.Pong;
import dev.kata.runtime.sim.TestMessages.Text;
import dev.kata.runtime.trace.TraceEvent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Faults the test scripts on chosen messages: hold and release, drop or delay the n-th. Every message takes 1 ms. */
@DisplayName("Scripted faults on chosen messages")
class ScriptedFaultTest {

    private static Simulation threeNodes(long seed) {
        Simulation sim = simulation(seed);
        servers(sim, 3);
        sim.start();
        return sim;
    }

    private static List<Message> received(Simulation sim, String node) {
        return node(sim, dev.kata.runtime.node.NodeId.of(node)).messages();
    }

    @Test
    @DisplayName("a hold keeps back the messages it matches (type, sender, receiver) until released, then they arrive in order")
    void holdAndRelease() {
        Simulation sim = threeNodes(1);
        Hold hold = sim.network().hold(MessageMatch.of(Text.class).from(N1).to(N2));
        node(sim, N1).send("n2", new Text("a"));
        node(sim, N1).send("n2", new Ping(1)); // another type
        node(sim, N3).send("n2", new Text("c")); // another sender
        node(sim, N1).send("n3", new Text("d")); // another receiver
        node(sim, N1).send("n2", new Text("b"));
        sim.runFor(Duration.ofSeconds(1));
        assertThat(received(sim, "n2")).as("what n2 received while n1's Texts to it were held")
                .containsExactly(new Ping(1), new Text("c"));
        assertThat(received(sim, "n3")).containsExactly(new Text("d"));
        assertThat(hold.messages()).containsExactly(new Text("a"), new Text("b"));

        hold.release();
        node(sim, N1).send("n2", new Text("e")); // no longer caught: the hold ended with its release
        sim.runFor(ms(5));
        assertThat(received(sim, "n2")).as("what n2 received after the release")
                .containsExactly(new Ping(1), new Text("c"), new Text("a"), new Text("b"), new Text("e"));
        assertThat(hold.isEmpty()).isTrue();
    }

    @Test
    @DisplayName("the trace shows each held message held, released and delivered")
    void heldInTheTrace() {
        Simulation sim = threeNodes(2);
        Hold hold = sim.network().hold(MessageMatch.of(Text.class).to(N2));
        node(sim, N1).send("n2", new Text("late"));
        sim.runFor(ms(100));
        hold.release();
        sim.runFor(ms(100));
        List<TraceEvent> events = sim.trace().events();
        TraceEvent.Held held = only(events, TraceEvent.Held.class);
        TraceEvent.Released released = only(events, TraceEvent.Released.class);
        TraceEvent.Delivered delivered = only(events, TraceEvent.Delivered.class);
        assertThat(held.time()).isZero();
        assertThat(held.by()).isEqualTo("hold(Text * -> n2)");
        assertThat(released.time()).isEqualTo(ms(100).toNanos());
        assertThat(delivered.time()).as("delivered after the release and a link's latency").isEqualTo(ms(101).toNanos());
        assertThat(List.of(held.messageId(), released.messageId())).containsOnly(delivered.messageId());
    }

    @Test
    @DisplayName("dropping a hold loses what it held, counted and traced as dropped by the test")
    void holdAndDrop() {
        Simulation sim = threeNodes(3);
        Hold hold = sim.network().hold(MessageMatch.any().from(N1));
        node(sim, N1).send("n2", new Ping(1));
        node(sim, N1).send("n3", new Ping(2));
        sim.runFor(ms(10));
        assertThat(hold.size()).isEqualTo(2);
        hold.drop();
        sim.runFor(ms(10));
        assertThat(received(sim, "n2")).isEmpty();
        assertThat(received(sim, "n3")).isEmpty();
        assertThat(sim.counts().messagesDropped()).isEqualTo(2);
        assertThat(sim.trace().events()).filteredOn(TraceEvent.Dropped.class::isInstance)
                .extracting(e -> ((TraceEvent.Dropped) e).reason())
                .containsOnly("dropped by the test, after hold(any message n1 -> *) held it");
    }

    @Test
    @DisplayName("holdNth holds only the n-th matching message, counted from when it was made")
    void holdNth() {
        Simulation sim = threeNodes(4);
        node(sim, N1).send("n2", new Ping(0)); // before the script: not counted
        Hold second = sim.network().holdNth(2, MessageMatch.of(Ping.class).to(N2));
        for (int i = 1; i <= 4; i++) {
            node(sim, N1).send("n2", new Ping(i));
        }
        sim.runFor(ms(10));
        assertThat(received(sim, "n2")).containsExactly(new Ping(0), new Ping(1), new Ping(3), new Ping(4));
        assertThat(second.messages()).containsExactly(new Ping(2));
        second.release();
        sim.runFor(ms(10));
        assertThat(received(sim, "n2")).endsWith(new Ping(2));
    }

    @Test
    @DisplayName("dropNth loses only the n-th matching message; delayNth makes only the n-th late")
    void dropAndDelayNth() {
        Simulation sim = threeNodes(5);
        sim.network().dropNth(3, MessageMatch.of(Ping.class));
        sim.network().delayNth(1, MessageMatch.of(Pong.class).from(N2), ms(500));
        for (int i = 1; i <= 4; i++) {
            node(sim, N1).send("n2", new Ping(i)); // n2 answers each with a Pong
        }
        sim.runFor(ms(100));
        assertThat(received(sim, "n2")).containsExactly(new Ping(1), new Ping(2), new Ping(4));
        assertThat(received(sim, "n1")).as("n1's Pongs 100 ms on: the first is 500 ms late")
                .containsExactly(new Pong(2), new Pong(4));
        sim.runFor(ms(500));
        assertThat(received(sim, "n1")).containsExactly(new Pong(2), new Pong(4), new Pong(1));
        assertThat(node(sim, N1).received.get(2).virtualNanos()).as("when the delayed Pong arrived")
                .isEqualTo(ms(502).toNanos());
    }

    @Test
    @DisplayName("a held message released to a node that crashed meanwhile is lost, as any message to a down node")
    void releasedToACrashedNode() {
        Simulation sim = threeNodes(6);
        Hold hold = sim.network().hold(MessageMatch.of(Text.class));
        node(sim, N1).send("n2", new Text("too late"));
        sim.crash(N2);
        hold.release();
        sim.runFor(ms(10));
        assertThat(only(sim.trace().events(), TraceEvent.Dropped.class).reason()).isEqualTo("n2 is down");
    }

    @Test
    @DisplayName("the same script replays the same run, event for event")
    void deterministic() {
        assertThat(scriptedRun(7)).isEqualTo(scriptedRun(7));
    }

    private static List<TraceEvent> scriptedRun(long seed) {
        Simulation sim = new Simulation(SimulationConfig.of(seed, new TestCodec()).withNetwork(NetworkConfig.flaky()));
        servers(sim, 3, node -> {
            for (int i = 0; i < 20; i++) {
                node.ctx.send(node.ctx.cluster().get(i % 3), new Ping(i));
            }
        });
        Hold hold = sim.network().hold(MessageMatch.of(Pong.class).to(N1));
        sim.network().dropNth(5, MessageMatch.of(Ping.class));
        sim.network().delayNth(2, MessageMatch.any().from(N3), ms(30));
        sim.runFor(ms(200));
        hold.release();
        sim.runFor(ms(200));
        return sim.trace().events();
    }

    @Test
    @DisplayName("n counts from 1, and a delay is not negative: it says so")
    void validation() {
        Simulation sim = threeNodes(8);
        assertThatThrownBy(() -> sim.network().dropNth(0, MessageMatch.any()))
                .hasMessage("n counts messages from 1 (the next one), but is 0");
        assertThatThrownBy(() -> sim.network().delayNth(1, MessageMatch.any(), ms(-1)))
                .hasMessageContaining("must not be negative");
    }

    private static <T extends TraceEvent> T only(List<TraceEvent> events, Class<T> type) {
        List<T> found = events.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(found).as("the trace's %s events", type.getSimpleName()).hasSize(1);
        return found.get(0);
    }
}
