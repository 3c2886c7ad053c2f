package dev.kata.runtime.sim;

import java.util.Arrays;

/**
 * A binary min-heap of events ordered by (time, sequence number). Hand-written rather than a
 * {@code PriorityQueue} with a comparator because it is the hottest code of the simulation: the keys
 * live in primitive arrays beside the events, so sifting compares contiguous longs instead of
 * following a pointer to each event. Cancelled timers stay in the heap and are skipped when they
 * come up.
 */
final class EventQueue {

    private long[] times = new long[256];
    private long[] seqs = new long[256];
    private Event[] events = new Event[256];
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    Event peek() {
        return size == 0 ? null : events[0];
    }

    /** The time of the first event; only when not empty. */
    long peekTime() {
        return times[0];
    }

    void add(Event event) {
        if (size == events.length) {
            times = Arrays.copyOf(times, size * 2);
            seqs = Arrays.copyOf(seqs, size * 2);
            events = Arrays.copyOf(events, size * 2);
        }
        long time = event.time;
        long seq = event.seq;
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            long pt = times[parent];
            if (pt < time || (pt == time && seqs[parent] < seq)) {
                break;
            }
            times[i] = pt;
            seqs[i] = seqs[parent];
            events[i] = events[parent];
            i = parent;
        }
        times[i] = time;
        seqs[i] = seq;
        events[i] = event;
    }

    Event poll() {
        if (size == 0) {
            return null;
        }
        Event first = events[0];
        int last = --size;
        long time = times[last];
        long seq = seqs[last];
        Event moved = events[last];
        events[last] = null;
        if (last > 0) {
            int i = 0;
            int half = last >>> 1;
            while (i < half) {
                int child = 2 * i + 1;
                int right = child + 1;
                long ct = times[child];
                long cs = seqs[child];
                if (right < last) {
                    long rt = times[right];
                    if (rt < ct || (rt == ct && seqs[right] < cs)) {
                        child = right;
                        ct = rt;
                        cs = seqs[right];
                    }
                }
                if (time < ct || (time == ct && seq < cs)) {
                    break;
                }
                times[i] = ct;
                seqs[i] = cs;
                events[i] = events[child];
                i = child;
            }
            times[i] = time;
            seqs[i] = seq;
            events[i] = moved;
        }
        return first;
    }
}
