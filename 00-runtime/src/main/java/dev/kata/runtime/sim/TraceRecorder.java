package dev.kata.runtime.sim;

import dev.kata.runtime.trace.TraceEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Records the run's events cheaply: the frequent ones (sent, delivered, dropped, duplicated, timer)
 * as a row of primitive columns plus one reference, turned into {@link TraceEvent} records and
 * message text only when someone asks for the trace (a failing test). Messages are kept as their
 * encoded bytes, so the text is what the receiver decoded, not a live object that may have changed.
 * Keeps the most recent {@code limit} events; older ones are counted and forgotten.
 */
final class TraceRecorder {

    static final byte SENT = 1;
    static final byte DELIVERED = 2;
    static final byte DROPPED = 3;
    static final byte DUPLICATED = 4;
    static final byte TIMER = 5;
    /** A rare event, recorded as its finished {@link TraceEvent} in the reference column. */
    static final byte BUILT = 6;

    // Why a message was dropped (the "extra" column of a DROPPED row).
    static final int LOST = 0;
    static final int CUT = 1;
    static final int CUT_IN_FLIGHT = 2;
    static final int RECEIVER_DOWN = 3;
    static final int RECEIVER_CRASHED = 4;
    static final int UNDECODABLE = 5;

    private final int limit;
    private long total;
    /** The row the next event goes in: total % limit, kept as it goes (a 64-bit division per event is slow). */
    private int next;
    private byte[] kind = new byte[0];
    private long[] time = new long[0];
    private int[] from = new int[0];
    private int[] to = new int[0];
    private long[] id = new long[0];
    private long[] extra = new long[0];
    private Object[] ref = new Object[0];

    TraceRecorder(int limit) {
        this.limit = limit;
    }

    boolean enabled() {
        return limit > 0;
    }

    /** How many events were recorded, those forgotten included. */
    long recorded() {
        return total;
    }

    /** How many events were forgotten to stay within the limit. */
    long omitted() {
        return Math.max(0, total - limit);
    }

    void add(byte k, long t, int a, int b, long i, long x, Object r) {
        if (limit == 0) {
            return;
        }
        int pos = next;
        if (pos == kind.length) {
            grow(); // only while the rows are fewer than the limit
        }
        next = pos + 1 == limit ? 0 : pos + 1;
        kind[pos] = k;
        time[pos] = t;
        from[pos] = a;
        to[pos] = b;
        id[pos] = i;
        extra[pos] = x;
        ref[pos] = r;
        total++;
    }

    void add(TraceEvent event) {
        add(BUILT, event.time(), 0, 0, 0, 0, event);
    }

    private void grow() {
        int capacity = (int) Math.min(limit, Math.max(1024L, kind.length * 2L));
        kind = Arrays.copyOf(kind, capacity);
        time = Arrays.copyOf(time, capacity);
        from = Arrays.copyOf(from, capacity);
        to = Arrays.copyOf(to, capacity);
        id = Arrays.copyOf(id, capacity);
        extra = Arrays.copyOf(extra, capacity);
        ref = Arrays.copyOf(ref, capacity);
    }

    /**
     * The recorded events as trace records.
     *
     * @param names       node names by slot index
     * @param messageText turns a recorded payload (bytes or message) into text
     */
    List<TraceEvent> events(List<String> names, Function<Object, String> messageText) {
        List<TraceEvent> events = new ArrayList<>((int) Math.min(total, limit));
        // A delivery row keeps no payload of its own (one reference store less per message, on the
        // hot path): its text is its send's, found by message id; a copy's, by its original's.
        Map<Long, String> texts = new HashMap<>();
        for (long i = Math.max(0, total - limit); i < total; i++) {
            int p = (int) (i % limit);
            long t = time[p];
            switch (kind[p]) {
                case SENT -> {
                    String text = messageText.apply(ref[p]);
                    texts.put(id[p], text);
                    events.add(new TraceEvent.Sent(t, id[p], names.get(from[p]), names.get(to[p]), text,
                            (int) extra[p]));
                }
                case DELIVERED -> events.add(new TraceEvent.Delivered(t, id[p], names.get(from[p]),
                        names.get(to[p]), texts.getOrDefault(id[p], "(sent before the recorded part of the run)")));
                case DROPPED -> events.add(new TraceEvent.Dropped(t, id[p], names.get(from[p]), names.get(to[p]),
                        reason((int) extra[p], names.get(to[p]))));
                case DUPLICATED -> {
                    String text = texts.get(id[p]);
                    if (text != null) {
                        texts.put(extra[p], text);
                    }
                    events.add(new TraceEvent.Duplicated(t, id[p], extra[p], names.get(from[p]), names.get(to[p])));
                }
                case TIMER -> events.add(new TraceEvent.TimerFired(t, names.get(from[p]),
                        "timer set at " + VirtualTime.format(extra[p]) + " for " + VirtualTime.formatDuration(id[p])));
                case BUILT -> events.add((TraceEvent) ref[p]);
                default -> throw new IllegalStateException("unknown trace row kind " + kind[p]);
            }
        }
        return events;
    }

    static String reason(int code, String receiver) {
        return switch (code) {
            case LOST -> "lost by the network";
            case CUT -> "the link is cut (partition)";
            case CUT_IN_FLIGHT -> "the link was cut while it was in flight (partition)";
            case RECEIVER_DOWN -> receiver + " is down";
            case RECEIVER_CRASHED -> receiver + " crashed before handling it";
            case UNDECODABLE -> receiver + " could not decode it";
            default -> "dropped";
        };
    }
}
