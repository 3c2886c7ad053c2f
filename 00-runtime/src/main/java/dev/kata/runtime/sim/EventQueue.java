package dev.kata.runtime.sim;

import java.util.Arrays;

/**
 * A binary min-heap of events ordered by (time, sequence number). Hand-written rather than a
 * {@code PriorityQueue} with a comparator: the comparison is inlined, and it is the hottest code of
 * the simulation. Cancelled timers stay in the heap and are skipped when they come up.
 */
final class EventQueue {

    private Event[] heap = new Event[256];
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    Event peek() {
        return size == 0 ? null : heap[0];
    }

    void add(Event event) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        int i = size++;
        // Sift up.
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Event p = heap[parent];
            if (!before(event, p)) {
                break;
            }
            heap[i] = p;
            i = parent;
        }
        heap[i] = event;
    }

    Event poll() {
        if (size == 0) {
            return null;
        }
        Event first = heap[0];
        Event last = heap[--size];
        heap[size] = null;
        if (size > 0) {
            // Sift down.
            int i = 0;
            int half = size >>> 1;
            while (i < half) {
                int child = 2 * i + 1;
                Event c = heap[child];
                int right = child + 1;
                if (right < size && before(heap[right], c)) {
                    child = right;
                    c = heap[child];
                }
                if (!before(c, last)) {
                    break;
                }
                heap[i] = c;
                i = child;
            }
            heap[i] = last;
        }
        return first;
    }

    /** Every queued event, in no particular order (for descriptions, not for running). */
    Event[] snapshot() {
        return Arrays.copyOf(heap, size);
    }

    private static boolean before(Event a, Event b) {
        return a.time < b.time || (a.time == b.time && a.seq < b.seq);
    }
}
