package dev.kata.runtime.trace;

/**
 * One thing that happened in a simulated run, at a virtual time in nanoseconds. The simulation
 * records every event; a failing test renders them as a space-time diagram ({@code TraceHtml}).
 * Messages are kept as text (their {@code toString}), so a trace holds no live objects.
 */
public sealed interface TraceEvent {

    long time();

    /** A message left {@code from}; {@code messageId} ties it to its delivery or drop. */
    record Sent(long time, long messageId, String from, String to, String message, int bytes) implements TraceEvent {
    }

    /** A message arrived and was handled by {@code to}. */
    record Delivered(long time, long messageId, String from, String to, String message) implements TraceEvent {
    }

    /** A message was lost: dropped by the network, cut by a partition, or sent to a crashed node. */
    record Dropped(long time, long messageId, String from, String to, String reason) implements TraceEvent {
    }

    /** The test's script ({@code by}) caught a message as it was sent: it waits until {@link Released} or dropped. */
    record Held(long time, long messageId, String from, String to, String by) implements TraceEvent {
    }

    /** A held message goes on its way now (it still takes its link's latency). */
    record Released(long time, long messageId, String from, String to, String by) implements TraceEvent {
    }

    /** The network delivered a second copy of a message. */
    record Duplicated(long time, long messageId, long copyId, String from, String to) implements TraceEvent {
    }

    /** A timer fired on a node. */
    record TimerFired(long time, String node, String label) implements TraceEvent {
    }

    /** A node crashed: its memory and every unforced byte of its disk are gone. */
    record Crashed(long time, String node) implements TraceEvent {
    }

    /** A node started again from its disk. */
    record Restarted(long time, String node) implements TraceEvent {
    }

    /** A node stopped handling events (a long GC pause) and later {@link Resumed}. */
    record Paused(long time, String node) implements TraceEvent {
    }

    record Resumed(long time, String node) implements TraceEvent {
    }

    /** The network's partitions changed; {@code description} says how, for example "{n1,n2} | {n3,n4,n5}". */
    record PartitionChanged(long time, String description) implements TraceEvent {
    }

    /** A line a node wrote with {@code NodeContext.note}, or the test wrote about the run. */
    record Note(long time, String node, String text) implements TraceEvent {
    }

    /** A client invoked operation {@code operationId}. */
    record ClientInvoked(long time, String client, long operationId, String operation) implements TraceEvent {
    }

    /** A client's operation ended: {@code outcome} is ok, fail or unknown. */
    record ClientCompleted(long time, String client, long operationId, String outcome, String result)
            implements TraceEvent {
    }

    /** A registered invariant failed; the run stopped here. */
    record InvariantViolated(long time, String invariant, String explanation) implements TraceEvent {
    }
}
