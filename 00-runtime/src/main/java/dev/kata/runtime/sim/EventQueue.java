package dev.kata.runtime.sim;

import java.util.Arrays;

/**
 * A min-heap of events ordered by (time, sequence number). Hand-written rather than a
 * {@code PriorityQueue} with a comparator because it is the hottest code of the simulation, and
 * with thousands of events pending, what it costs is memory traffic, not comparisons:
 * <ul>
 *   <li>each node has four children, which halves the depth of the heap;</li>
 *   <li>the heap holds only primitives, two longs per entry side by side in one array: the time,
 *       then the sequence number and the event's place in a pool packed together. The four
 *       children of a node are 64 consecutive bytes, so a level costs about one cache line, where
 *       separate arrays of times, sequence numbers and places cost three;</li>
 *   <li>an event is stored in the pool once and never moved: every store of an object reference
 *       into an old array costs a garbage-collector write barrier, and sifting would pay it at
 *       every level.</li>
 * </ul>
 * Cancelled timers stay in the heap and are skipped when they come up.
 */
final class EventQueue {

    /** Bits of the packed word that hold the event's place in the pool; the rest hold its sequence number. */
    private static final int SLOT_BITS = 24;
    private static final long SLOT_MASK = (1L << SLOT_BITS) - 1;
    private static final int MAX_PENDING = 1 << SLOT_BITS;

    /**
     * Entry i of the heap is {@code heap[2i]}, its time, and {@code heap[2i + 1]}, its sequence
     * number shifted left by {@link #SLOT_BITS} with its pool slot in the low bits. Sequence numbers
     * are unique, so comparing the packed words orders equal times by sequence number.
     */
    private long[] heap = new long[2 * 256];
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
        return size == 0 ? null : pool[(int) (heap[1] & SLOT_MASK)];
    }

    /** The time of the first event; only when not empty. */
    long peekTime() {
        return heap[0];
    }

    void add(Event event) {
        if (size == pool.length) {
            if (size == MAX_PENDING) {
                throw new IllegalStateException("more than " + MAX_PENDING + " events pending: a node is "
                        + "probably sending or setting timers in a loop");
            }
            int capacity = size * 2;
            heap = Arrays.copyOf(heap, 2 * capacity);
            pool = Arrays.copyOf(pool, capacity);
            free = Arrays.copyOf(free, capacity);
        }
        if (event.seq >>> (63 - SLOT_BITS) != 0) {
            // 2^39 events: six days of simulation at a million events a second.
            throw new IllegalStateException("sequence number " + event.seq + " is too large for the event queue");
        }
        int slot = freeCount > 0 ? free[--freeCount] : poolUsed++;
        pool[slot] = event;
        siftUp(size++, event.time, event.seq << SLOT_BITS | slot);
    }

    Event poll() {
        if (size == 0) {
            return null;
        }
        int firstSlot = (int) (heap[1] & SLOT_MASK);
        Event first = pool[firstSlot];
        pool[firstSlot] = null;
        free[freeCount++] = firstSlot;
        int last = --size;
        if (last > 0) {
            // Bottom-up: move the hole the first event left down to a leaf, always taking the
            // earliest child, then put the last entry in the hole and sift it up. The last entry is
            // among the latest, so it seldom climbs far, and the way down saves comparing it with
            // the children at every level.
            int i = 0;
            while (true) {
                int child = 4 * i + 1;
                if (child >= last) {
                    break;
                }
                int best = child;
                long bt = heap[2 * child];
                long bk = heap[2 * child + 1];
                int end = Math.min(child + 4, last);
                for (int c = child + 1; c < end; c++) {
                    long ct = heap[2 * c];
                    long ck = heap[2 * c + 1];
                    if (ct < bt || (ct == bt && ck < bk)) {
                        best = c;
                        bt = ct;
                        bk = ck;
                    }
                }
                heap[2 * i] = bt;
                heap[2 * i + 1] = bk;
                i = best;
            }
            siftUp(i, heap[2 * last], heap[2 * last + 1]);
        }
        return first;
    }

    /** Puts the entry (time, packed) at place i, or above it while it is earlier than its parent. */
    private void siftUp(int i, long time, long packed) {
        while (i > 0) {
            int parent = (i - 1) >>> 2;
            long pt = heap[2 * parent];
            long pk = heap[2 * parent + 1];
            if (pt < time || (pt == time && pk < packed)) {
                break;
            }
            heap[2 * i] = pt;
            heap[2 * i + 1] = pk;
            i = parent;
        }
        heap[2 * i] = time;
        heap[2 * i + 1] = packed;
    }
}
