package dev.kata.runtime.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The event queue")
class EventQueueTest {

    @Test
    @DisplayName("hands out events by time, and events at the same time in the order they were made")
    void order() {
        SplittableRandom random = new SplittableRandom(1);
        EventQueue queue = new EventQueue();
        List<Event> expected = new ArrayList<>();
        long seq = 0;
        for (int round = 0; round < 50; round++) {
            for (int i = 0; i < 200; i++) {
                Event e = new Event.Action("e", () -> { });
                e.time = random.nextLong(100);
                e.seq = seq++;
                queue.add(e);
                expected.add(e);
            }
            for (int i = 0; i < 150; i++) {
                expected.sort(Comparator.comparingLong((Event e) -> e.time).thenComparingLong(e -> e.seq));
                assertThat(queue.poll()).isSameAs(expected.remove(0));
            }
        }
        while (!expected.isEmpty()) {
            expected.sort(Comparator.comparingLong((Event e) -> e.time).thenComparingLong(e -> e.seq));
            assertThat(queue.poll()).isSameAs(expected.remove(0));
        }
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.poll()).isNull();
    }
}
