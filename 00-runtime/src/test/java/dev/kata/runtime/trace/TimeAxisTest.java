package dev.kata.runtime.trace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The time axis of the diagram")
class TimeAxisTest {

    private static final long MS = 1_000_000;

    @Test
    @DisplayName("moves down with the time that passed, keeping events apart and order intact")
    void proportional() {
        TimeAxis axis = new TimeAxis(new long[] {0, 1 * MS, 2 * MS, 4 * MS, 4 * MS + 1}, 10);

        assertThat(axis.y(0)).isEqualTo(10);
        assertThat(axis.y(1 * MS) - axis.y(0)).isEqualTo(TimeAxis.TYPICAL_STEP);
        assertThat(axis.y(4 * MS) - axis.y(2 * MS)).isEqualTo(2 * TimeAxis.TYPICAL_STEP);
        assertThat(axis.y(4 * MS + 1) - axis.y(4 * MS)).as("1 ns apart, still apart").isEqualTo(TimeAxis.MIN_STEP);
        assertThat(axis.y(3 * MS)).as("between events").isEqualTo(axis.y(2 * MS) + TimeAxis.TYPICAL_STEP);
        assertThat(axis.y(-5)).as("before the first event").isEqualTo(10);
        assertThat(axis.y(99 * MS)).as("after the last event").isEqualTo(axis.bottom());
        assertThat(axis.gaps()).isEmpty();
    }

    @Test
    @DisplayName("draws a long quiet stretch short and reports it as a gap")
    void gaps() {
        long lease = 45_000 * MS;
        TimeAxis axis = new TimeAxis(new long[] {0, 1 * MS, 2 * MS, 2 * MS + lease, 3 * MS + lease}, 0);

        assertThat(axis.y(2 * MS + lease) - axis.y(2 * MS)).isEqualTo(TimeAxis.MAX_STEP);
        assertThat(axis.gaps()).singleElement().satisfies(gap -> {
            assertThat(gap.nanos()).isEqualTo(lease);
            assertThat(gap.toY() - gap.fromY()).isEqualTo(TimeAxis.MAX_STEP);
        });
    }

    @Test
    @DisplayName("has a place for the top even without events")
    void empty() {
        TimeAxis axis = new TimeAxis(new long[0], 26);

        assertThat(axis.y(123)).isEqualTo(26);
        assertThat(axis.bottom()).isEqualTo(26);
    }
}
