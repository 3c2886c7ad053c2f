package dev.kata.runtime.sim;

import dev.kata.runtime.node.Message;
import java.util.ArrayList;
import java.util.List;

/**
 * Messages the network keeps back on the test's say-so (see {@link Network#hold}): each matching
 * message is caught as it is sent and stays in the network, neither delivered nor lost, until the test
 * {@link #release releases} or {@link #drop drops} what the hold caught. The trace shows each message
 * held and released. Nothing about a hold is random: the same test replays it exactly.
 */
public final class Hold {

    private final Simulation sim;
    private final MessageMatch match;
    private final String description;
    final List<Event.Delivery> held = new ArrayList<>();
    private boolean catching = true;

    Hold(Simulation sim, MessageMatch match, String description) {
        this.sim = sim;
        this.match = match;
        this.description = description;
    }

    /** Which messages this hold catches. */
    public MessageMatch match() {
        return match;
    }

    /** How many messages it keeps back now. */
    public int size() {
        return held.size();
    }

    public boolean isEmpty() {
        return held.isEmpty();
    }

    /** The messages it keeps back, in the order they were sent (as their receivers will decode them). */
    public List<Message> messages() {
        List<Message> messages = new ArrayList<>();
        for (Event.Delivery d : held) {
            messages.add(sim.decode(d.payload));
        }
        return List.copyOf(messages);
    }

    /** Whether it still catches messages: until {@link #release} or {@link #drop}, or a held n-th message. */
    public boolean isCatching() {
        return catching;
    }

    /**
     * Stops catching, and lets every held message go on, in the order they were sent: each now takes
     * its link's latency, and is lost if its link is cut or its receiver is down when it arrives (the
     * network's random loss and duplication do not touch it again).
     */
    public void release() {
        catching = false;
        List<Event.Delivery> going = List.copyOf(held);
        held.clear();
        for (Event.Delivery d : going) {
            sim.releaseHeld(d, description);
        }
    }

    /** Stops catching, and loses every held message: a trace shows each as dropped by the test. */
    public void drop() {
        catching = false;
        List<Event.Delivery> lost = List.copyOf(held);
        held.clear();
        for (Event.Delivery d : lost) {
            sim.dropHeld(d, "dropped by the test, after " + description + " held it");
        }
    }

    /** Stops catching new messages; what it holds stays held. */
    void stopCatching() {
        catching = false;
    }

    String description() {
        return description;
    }

    @Override
    public String toString() {
        return description + ": " + held.size() + " held" + (catching ? "" : ", no longer catching");
    }
}
