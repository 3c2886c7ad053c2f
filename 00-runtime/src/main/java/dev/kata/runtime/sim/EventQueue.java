package dev.kata.runtime.sim;

import java.util.Arrays;

/**
 * A min-heap of events ordered by (time, sequence number). Hand-written rather than a
 * {@code PriorityQueue} with a comparator because it is the hottest code of the simulation:
 * <ul>
 *   <li>each node has four children, which halves the depth of the heap and keeps siblings in one
 *       cache line;</li>
 *   <li>the heap moves only primitives (time, sequence number, and the event's index in a pool):
 *       an event is stored in the pool once and never moved, because every store of a new object
 *       into an old array costs a garbage-collector write barrier, and sifting would pay it at
 *       every level.</li>
 * </ul>
 * Cancelled timers stay in the heap and are skipped when they come up.
 */
final class EventQueue {

    private long[] times = new long[256];
    private long[] seqs = new long[256];
    private int[] slots = new int[256];
    private Event[] pool = new Event[256];
    private int[] free = new int[256];
    private int freeCount;
    private int poolUsed;
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    Event peek() {
        return size == 0 ? null : pool[slots[0]];
    }

    /** The time of the first event; only when not empty. */
    long peekTime() {
        return times[0];
    }

    void add(Event event) {
        if (size == times.length) {
            int capacity = size * 2;
            times = Arrays.copyOf(times, capacity);
            seqs = Arrays.copyOf(seqs, capacity);
            slots = Arrays.copyOf(slots, capacity);
            pool = Arrays.copyOf(pool, capacity);
            free = Arrays.copyOf(free, capacity);
        }
        int slot = freeCount > 0 ? free[--freeCount] : poolUsed++;
        pool[slot] = event;
        long time = event.time;
        long seq = event.seq;
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 2;
            long pt = times[parent];
            if (pt < time || (pt == time && seqs[parent] < seq)) {
                break;
            }
            times[i] = pt;
            seqs[i] = seqs[parent];
            slots[i] = slots[parent];
            i = parent;
        }
        times[i] = time;
        seqs[i] = seq;
        slots[i] = slot;
    }

    Event poll() {
        if (size == 0) {
            return null;
        }
        int firstSlot = slots[0];
        Event first = pool[firstSlot];
        pool[firstSlot] = null;
        free[freeCount++] = firstSlot;
        int last = --size;
        if (last > 0) {
            long time = times[last];
            long seq = seqs[last];
            int moved = slots[last];
            int i = 0;
            while (true) {
                int child = 4 * i + 1;
                if (child >= last) {
                    break;
                }
                // The smallest of up to four children.
                int best = child;
                long bt = times[child];
                long bs = seqs[child];
                int end = Math.min(child + 4, last);
                for (int c = child + 1; c < end; c++) {
                    long ct = times[c];
                    if (ct < bt || (ct == bt && seqs[c] < bs)) {
                        best = c;
                        bt = ct;
                        bs = seqs[c];
                    }
                }
                if (time < bt || (time == bt && seq < bs)) {
                    break;
                }
                times[i] = bt;
                seqs[i] = bs;
                slots[i] = slots[best];
                i = best;
            }
            times[i] = time;
            seqs[i] = seq;
            slots[i] = moved;
        }
        return first;
    }
}
