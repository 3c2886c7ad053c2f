package dev.kata.runtime.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kata.runtime.sim.Simulation;
import dev.kata.runtime.sim.SimulationConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A request waiting list")
class RequestWaitingListTest {

    /** A node that only owns a waiting list; the test plays the network and hands it responses. */
    static final class Waiter implements Node {
        final RequestWaitingList<Long, String> waiting;

        Waiter(NodeContext ctx) {
            waiting = new RequestWaitingList<>(ctx);
        }

        @Override
        public void onMessage(NodeId from, Message message) {
        }
    }

    static final NodeId A = NodeId.of("a");
    static final NodeId B = NodeId.of("b");
    static final NodeId C = NodeId.of("c");

    final Simulation sim = new Simulation(SimulationConfig.withoutCodec(1));
    final List<String> events = new ArrayList<>();
    RequestWaitingList<Long, String> waiting;

    @BeforeEach
    void start() {
        NodeId id = sim.addServer("n1", Waiter::new);
        sim.start();
        waiting = sim.node(id, Waiter.class).waiting;
    }

    RequestCallback<String> recorder() {
        return RequestCallback.firstResponse(r -> events.add("response " + r + " at " + sim.elapsed().toMillis()),
                () -> events.add("timeout at " + sim.elapsed().toMillis()));
    }

    @Test
    @DisplayName("calls back with the first response and forgets the request")
    void firstResponse() {
        waiting.add(1L, Duration.ofMillis(100), recorder());
        sim.runFor(Duration.ofMillis(30));
        assertThat(waiting.handleResponse(1L, A, "hello")).isTrue();
        assertThat(waiting.isWaiting(1L)).isFalse();
        assertThat(waiting.handleResponse(1L, A, "duplicate")).as("a late duplicate is not for anyone").isFalse();
        sim.runFor(Duration.ofMillis(200));
        assertThat(events).containsExactly("response hello at 30");
    }

    @Test
    @DisplayName("times a request out on the node's clock, in virtual time")
    void timeout() {
        waiting.add(1L, Duration.ofMillis(100), recorder());
        sim.runFor(Duration.ofSeconds(1));
        assertThat(events).containsExactly("timeout at 100");
        assertThat(waiting.size()).isZero();
        assertThat(waiting.handleResponse(1L, A, "too late")).isFalse();
    }

    @Test
    @DisplayName("waits for as many responses as its callback wants, as a quorum does")
    void quorum() {
        Set<NodeId> acks = new HashSet<>();
        waiting.add(7L, Duration.ofMillis(100), new RequestCallback<>() {
            @Override
            public boolean onResponse(NodeId from, String response) {
                acks.add(from);
                if (acks.size() == 2) {
                    events.add("quorum");
                    return true;
                }
                return false;
            }

            @Override
            public void onTimeout() {
                events.add("no quorum");
            }
        });
        waiting.handleResponse(7L, A, "ack");
        waiting.handleResponse(7L, A, "ack (duplicate)");
        assertThat(waiting.isWaiting(7L)).isTrue();
        waiting.handleResponse(7L, B, "ack");
        waiting.handleResponse(7L, C, "ack");
        sim.runFor(Duration.ofSeconds(1));
        assertThat(events).containsExactly("quorum");
    }

    @Test
    @DisplayName("forgets cancelled requests without calling back")
    void cancel() {
        waiting.add(1L, Duration.ofMillis(100), recorder());
        waiting.add(2L, Duration.ofMillis(100), recorder());
        waiting.add(3L, Duration.ofMillis(100), recorder());
        waiting.cancel(1L);
        assertThat(waiting.size()).isEqualTo(2);
        waiting.cancelAll();
        sim.runFor(Duration.ofSeconds(1));
        assertThat(events).isEmpty();
    }

    @Test
    @DisplayName("refuses a key that is already waiting")
    void duplicateKey() {
        waiting.add(1L, Duration.ofMillis(100), recorder());
        assertThatThrownBy(() -> waiting.add(1L, Duration.ofMillis(100), recorder()))
                .hasMessageContaining("a request with key 1 is already waiting");
    }
}
