package dev.kata.runtime.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.Node;
import dev.kata.runtime.node.NodeContext;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.wire.RecordCodec;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The real driver's monotonic clock: a real clock, so this test waits in real time (bounded, with Awaitility). */
@DisplayName("On TCP, a node's monotonic clock")
class RealTcpClockTest {

    sealed interface Nothing extends Message {
    }

    record Unused() implements Nothing {
    }

    /** Reads its monotonic clock at start and when a 50 ms timer fires. */
    static final class ClockReader implements Node {
        static final AtomicLong started = new AtomicLong();
        static final AtomicLong fired = new AtomicLong();
        private final NodeContext ctx;

        ClockReader(NodeContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void onStart() {
            started.set(ctx.nanoTime());
            ctx.schedule(Duration.ofMillis(50), () -> fired.set(ctx.nanoTime()));
        }

        @Override
        public void onMessage(NodeId from, Message message) {
        }
    }

    @Test
    @DisplayName("is System.nanoTime, and a timer of 50 ms fires after at least 50 ms of it (real time)")
    void systemNanoTime() {
        long before = System.nanoTime();
        RecordCodec codec = RecordCodec.builder().registerSealed("nothing", Nothing.class).build();
        try (TcpCluster cluster = TcpCluster.startOnLoopback(List.of(NodeId.of("n1")), codec, id -> new InMemoryDisk(),
                ClockReader::new)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> ClockReader.fired.get() != 0);
            long after = System.nanoTime();
            assertThat(ClockReader.started.get() - before).as("the node's first reading, after the test's").isNotNegative();
            assertThat(after - ClockReader.fired.get()).as("the test's last reading, after the node's").isNotNegative();
            assertThat(ClockReader.fired.get() - ClockReader.started.get()).as("the node's clock across its 50 ms timer")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
        }
    }
}
