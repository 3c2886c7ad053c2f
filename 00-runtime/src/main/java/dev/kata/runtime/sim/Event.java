package dev.kata.runtime.sim;

import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.Timer;

/**
 * Something that happens at a virtual time. Events are ordered by (time, sequence number): the
 * sequence number, handed out in the order events are created, breaks ties the same way on every
 * run. Each kind is a small mutable class, so that the event is the only allocation per step.
 */
abstract class Event {

    long time;
    long seq;
    /** The client operation this event was caused by, or -1: see {@link Simulation#costOf}. */
    long tag = -1;
    /** The node this event happens on, or null for the simulation's own actions. A field, not a method: hot. */
    final NodeSlot target;

    Event(NodeSlot target) {
        this.target = target;
    }

    /** A short description for failure messages: "delivery of #12 n1 -> n2: Vote[...]". */
    abstract String describe(Simulation sim);

    /** A message arriving at a node. */
    static final class Delivery extends Event {
        final NodeSlot from;
        final NodeSlot to;
        final long messageId;
        /** The encoded message, or the message itself when the simulation passes messages through. */
        final Object payload;

        Delivery(NodeSlot from, NodeSlot to, long messageId, Object payload) {
            super(to);
            this.from = from;
            this.to = to;
            this.messageId = messageId;
            this.payload = payload;
        }

        @Override
        String describe(Simulation sim) {
            return "delivery of #" + messageId + " " + from.id + " -> " + to.id + ": " + sim.messageText(payload);
        }
    }

    /** A node's timer; it is also the {@link Timer} handle the node holds. */
    static final class NodeTimer extends Event implements Timer {
        final NodeSlot slot;
        final int incarnation;
        final Runnable action;
        final long setAt;
        final long delay;
        /** When it is due, on the node's monotonic clock: a timer never fires before that. */
        final long deadline;
        boolean cancelled;

        NodeTimer(NodeSlot slot, int incarnation, Runnable action, long setAt, long delay, long deadline) {
            super(slot);
            this.slot = slot;
            this.incarnation = incarnation;
            this.action = action;
            this.setAt = setAt;
            this.delay = delay;
            this.deadline = deadline;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        String describe(Simulation sim) {
            return "timer on " + slot.id + " (set at " + VirtualTime.format(setAt) + " for "
                    + VirtualTime.formatDuration(delay) + " of its clock)";
        }
    }

    /** An action of the test or of a fault schedule, such as crashing a node. */
    static final class Action extends Event {
        final String label;
        final Runnable action;

        Action(String label, Runnable action) {
            super(null);
            this.label = label;
            this.action = action;
        }

        @Override
        String describe(Simulation sim) {
            return label;
        }
    }

    /** Used only by {@link Delivery#describe} and the trace: what a message said. */
    static String text(Message message) {
        return String.valueOf(message);
    }
}
