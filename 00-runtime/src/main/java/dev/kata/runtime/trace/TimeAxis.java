package dev.kata.runtime.trace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Maps virtual time to a vertical position in the diagram.
 *
 * <p>A linear scale does not work for simulated runs: a burst of messages a few microseconds apart
 * sits next to a 45-second lease with nothing happening. So the axis walks from one distinct event
 * time to the next and moves down in proportion to the time that passed, but never less than
 * {@link #MIN_STEP} (two events stay apart) and never more than {@link #MAX_STEP} (a quiet stretch
 * does not push the rest off the page). Stretches that were cut short are kept as {@link Gap}s, so
 * the diagram can say how much time it skipped; the axis labels always show the true time.
 */
final class TimeAxis {

    static final double MIN_STEP = 8;
    /** The move for a typical (median) pause between events. */
    static final double TYPICAL_STEP = 18;
    static final double MAX_STEP = 90;

    /** A quiet stretch drawn much shorter than its length in time. */
    record Gap(double fromY, double toY, long nanos) {
    }

    private final double top;
    private final long[] times;
    private final double[] ys;
    private final List<Gap> gaps = new ArrayList<>();

    /** @param eventTimes the times of the drawn events, in any order, repeats allowed */
    TimeAxis(long[] eventTimes, double top) {
        this.top = top;
        times = Arrays.stream(eventTimes).sorted().distinct().toArray();
        ys = new double[times.length];
        double nanosPerTypicalStep = medianPause();
        double y = top;
        for (int i = 0; i < times.length; i++) {
            if (i > 0) {
                long pause = times[i] - times[i - 1];
                double wanted = pause / nanosPerTypicalStep * TYPICAL_STEP;
                double step = Math.max(MIN_STEP, Math.min(MAX_STEP, wanted));
                if (wanted > 2 * MAX_STEP) {
                    gaps.add(new Gap(y, y + step, pause));
                }
                y += step;
            }
            ys[i] = y;
        }
    }

    private double medianPause() {
        if (times.length < 2) {
            return 1;
        }
        long[] pauses = new long[times.length - 1];
        for (int i = 1; i < times.length; i++) {
            pauses[i - 1] = times[i] - times[i - 1];
        }
        Arrays.sort(pauses);
        return Math.max(1, pauses[pauses.length / 2]);
    }

    /** The position of a time; times before the first or after the last event are clamped to the ends. */
    double y(long time) {
        if (times.length == 0) {
            return top;
        }
        int i = Arrays.binarySearch(times, time);
        if (i >= 0) {
            return ys[i];
        }
        int after = -i - 1;
        if (after == 0) {
            return ys[0];
        }
        if (after == times.length) {
            return ys[times.length - 1];
        }
        double fraction = (double) (time - times[after - 1]) / (times[after] - times[after - 1]);
        return ys[after - 1] + fraction * (ys[after] - ys[after - 1]);
    }

    long first() {
        return times.length == 0 ? 0 : times[0];
    }

    long last() {
        return times.length == 0 ? 0 : times[times.length - 1];
    }

    /** The position of the last event. */
    double bottom() {
        return times.length == 0 ? top : ys[times.length - 1];
    }

    /** The distinct event times, in order: where the axis may put its labels. */
    long[] times() {
        return times.clone();
    }

    List<Gap> gaps() {
        return List.copyOf(gaps);
    }
}
