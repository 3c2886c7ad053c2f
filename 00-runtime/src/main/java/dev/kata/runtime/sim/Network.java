package dev.kata.runtime.sim;

import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.NodeId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * The simulated network's faults, under the test's control: partitions (any split, one way or both
 * ways), slow links, and the conditions every message meets (latency, loss, duplication,
 * reordering, see {@link NetworkConfig}).
 *
 * <p>Links are directed: {@code n1 -> n2} can be cut while {@code n2 -> n1} still works. Cuts add up:
 * every {@link #partition}, {@link #isolate} and {@link #block} cuts more links, and {@link #heal}
 * reconnects them all (and makes every link fast again). A cut link loses the messages sent over it
 * and those still in flight on it. A node always reaches itself: its messages to itself are delayed
 * like any other, but never cut, lost or duplicated.
 *
 * <p>Clients are nodes of the network too: a partition cuts only the nodes it names, so
 * {@code partition(Set.of(n1), Set.of(n2, n3))} leaves every client connected to all three.
 */
public final class Network {

    private final Simulation sim;
    private final SplittableRandom random;

    private NetworkConfig conditions;
    private long minLatency;
    private long latencySpan;
    private double drop;
    private double duplicate;
    private double reorder;
    private long reorderDelay;

    /** Row-major n x n matrices over slot indexes: cut[from * n + to], extra latency likewise. */
    private int n;
    private boolean[] cut = new boolean[0];
    private long[] slow = new long[0];
    private boolean anyCut;
    private boolean anySlow;

    /** The test's scripted faults on chosen messages, in the order they were made; few, and often none. */
    private final List<Script> scripts = new ArrayList<>();

    Network(Simulation sim, NetworkConfig conditions, SplittableRandom random) {
        this.sim = sim;
        this.random = random;
        apply(conditions);
    }

    /** The conditions every message meets now. */
    public NetworkConfig conditions() {
        return conditions;
    }

    /** Changes latency, loss, duplication and reordering for every message sent from now on. */
    public void setConditions(NetworkConfig newConditions) {
        apply(Objects.requireNonNull(newConditions, "newConditions"));
        sim.networkChanged("conditions: latency " + VirtualTime.format(newConditions.minLatency()) + ".."
                + VirtualTime.format(newConditions.maxLatency()) + ", drop " + percent(newConditions.dropProbability())
                + ", duplicate " + percent(newConditions.duplicateProbability()) + ", reorder "
                + percent(newConditions.reorderProbability()));
    }

    /**
     * Cuts every link between nodes of different sides, both ways. Nodes named in no side keep
     * their links. For example {@code partition(Set.of(n1, n2), Set.of(n3, n4, n5))}.
     */
    @SafeVarargs
    public final void partition(Collection<NodeId>... sides) {
        List<Collection<NodeId>> list = new ArrayList<>();
        for (Collection<NodeId> side : sides) {
            list.add(side);
        }
        partition(list);
    }

    /** Like {@link #partition(Collection[])}, with the sides as a list. */
    public void partition(List<? extends Collection<NodeId>> sides) {
        List<List<NodeSlot>> groups = new ArrayList<>();
        TreeSet<NodeId> seen = new TreeSet<>();
        for (Collection<NodeId> side : sides) {
            List<NodeSlot> group = new ArrayList<>();
            for (NodeId id : side) {
                if (!seen.add(id)) {
                    throw new IllegalArgumentException(id + " is named in two sides of the partition " + describe(sides));
                }
                group.add(sim.slot(id));
            }
            groups.add(group);
        }
        for (int i = 0; i < groups.size(); i++) {
            for (int j = 0; j < groups.size(); j++) {
                if (i != j) {
                    for (NodeSlot a : groups.get(i)) {
                        for (NodeSlot b : groups.get(j)) {
                            setCut(a.index, b.index);
                        }
                    }
                }
            }
        }
        sim.networkChanged("partition " + describe(sides));
    }

    /** Cuts every link to and from {@code node}, clients' links included. */
    public void isolate(NodeId node) {
        NodeSlot alone = sim.slot(node);
        for (NodeSlot other : sim.slots()) {
            if (other != alone) {
                setCut(alone.index, other.index);
                setCut(other.index, alone.index);
            }
        }
        sim.networkChanged("isolate " + node);
    }

    /** Cuts the link from {@code from} to {@code to} only: {@code to} still reaches {@code from}. */
    public void block(NodeId from, NodeId to) {
        if (!from.equals(to)) {
            setCut(sim.slot(from).index, sim.slot(to).index);
        }
        sim.networkChanged("block " + from + " -> " + to);
    }

    /** Cuts every link from a node of {@code from} to a node of {@code to}, one way. */
    public void block(Collection<NodeId> from, Collection<NodeId> to) {
        for (NodeId a : from) {
            for (NodeId b : to) {
                if (!a.equals(b)) {
                    setCut(sim.slot(a).index, sim.slot(b).index);
                }
            }
        }
        sim.networkChanged("block " + new TreeSet<>(from) + " -> " + new TreeSet<>(to));
    }

    /** Adds {@code extra} latency to every message from {@code from} to {@code to}; zero makes it fast again. */
    public void slowLink(NodeId from, NodeId to, Duration extra) {
        setSlow(sim.slot(from).index, sim.slot(to).index, checkExtra(extra));
        sim.networkChanged("slow " + from + " -> " + to + " by " + VirtualTime.format(extra));
    }

    /** Adds {@code extra} latency to every link to and from {@code node}; zero makes them fast again. */
    public void slowNode(NodeId node, Duration extra) {
        NodeSlot slot = sim.slot(node);
        long nanos = checkExtra(extra);
        for (NodeSlot other : sim.slots()) {
            if (other != slot) {
                setSlow(slot.index, other.index, nanos);
                setSlow(other.index, slot.index, nanos);
            }
        }
        sim.networkChanged("slow every link of " + node + " by " + VirtualTime.format(extra));
    }

    /** Reconnects every cut link and makes every slow link fast. The conditions stay as they are. */
    public void heal() {
        Arrays.fill(cut, false);
        Arrays.fill(slow, 0L);
        anyCut = false;
        anySlow = false;
        sim.networkChanged("heal");
    }

    // ---- scripted faults on chosen messages ----

    /**
     * Holds every message that {@code match} matches, from now until the test {@linkplain Hold#release
     * releases} or {@linkplain Hold#drop drops} them: for "the old master's expiry arrives after the new
     * master took over".
     * <pre>{@code
     * Hold expiry = sim.network().hold(MessageMatch.of(Expire.class).from(oldMaster));
     * sim.runUntil(() -> newMaster.isMaster(), Duration.ofSeconds(5), "a new master takes over");
     * expiry.release(); // now the old master's expiry arrives
     * }</pre>
     * A held message is caught as it is sent, before the network's loss, duplication and cuts; the
     * trace shows it held, then released (or dropped).
     */
    public Hold hold(MessageMatch match) {
        Hold hold = new Hold(sim, Objects.requireNonNull(match, "match"), "hold(" + match + ")");
        add(new Script(match, 0, Script.HOLD, hold, 0));
        return hold;
    }

    /**
     * Holds only the {@code n}-th message that {@code match} matches, counting those sent from now on
     * ({@code n} = 1: the next one); the messages before and after it go as usual.
     */
    public Hold holdNth(int n, MessageMatch match) {
        Hold hold = new Hold(sim, Objects.requireNonNull(match, "match"), "holdNth(" + n + ", " + match + ")");
        add(new Script(match, checkN(n), Script.HOLD, hold, 0));
        return hold;
    }

    /** Loses the {@code n}-th message that {@code match} matches, counting those sent from now on. */
    public void dropNth(int n, MessageMatch match) {
        add(new Script(Objects.requireNonNull(match, "match"), checkN(n), Script.DROP, null, 0));
    }

    /**
     * Delays the {@code n}-th message that {@code match} matches, counting from now on, by {@code extra}
     * beyond its usual latency: it is held when sent and released {@code extra} later (as the trace shows).
     */
    public void delayNth(int n, MessageMatch match, Duration extra) {
        add(new Script(Objects.requireNonNull(match, "match"), checkN(n), Script.DELAY, null, checkExtra(extra)));
    }

    private void add(Script script) {
        scripts.add(script);
        sim.networkChanged("scripted: " + script);
    }

    private static int checkN(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n counts messages from 1 (the next one), but is " + n);
        }
        return n;
    }

    /** Whether any scripted fault may still act: one field read on the hot path when none does. */
    boolean scripted() {
        return !scripts.isEmpty();
    }

    /**
     * Offers a message being sent to the scripted faults, in the order they were made: each counts it
     * if it matches, and the first whose turn it is acts on it. Returns whether one took the message
     * (held or dropped it): then the network must not deliver it.
     */
    boolean intercept(Event.Delivery d, Message message) {
        boolean taken = false;
        for (int i = 0; i < scripts.size(); i++) {
            Script script = scripts.get(i);
            if (script.hold != null && !script.hold.isCatching()) {
                scripts.remove(i--); // the test released or dropped this hold: it catches no more
                continue;
            }
            if (!script.match.matches(d.from.id, d.to.id, message)) {
                continue;
            }
            script.count++;
            if (script.n != 0) {
                if (script.count < script.n) {
                    continue; // not its turn yet
                }
                scripts.remove(i--); // the n-th has come: this script is done
            }
            if (taken) {
                continue; // a script made earlier acts on this message
            }
            taken = true;
            switch (script.kind) {
                case Script.HOLD -> {
                    script.hold.held.add(d);
                    sim.heldMessage(d, script.hold.description());
                    if (script.n != 0) {
                        script.hold.stopCatching();
                    }
                }
                case Script.DROP -> sim.dropHeld(d, "dropped by the test: message " + script.count + " of "
                        + script.match + " (dropNth)");
                default -> {
                    Hold hold = new Hold(sim, script.match, "delayNth(" + script.n + ", " + script.match + ", "
                            + VirtualTime.formatDuration(script.extra) + ")");
                    hold.held.add(d);
                    sim.heldMessage(d, hold.description());
                    hold.stopCatching();
                    sim.after(Duration.ofNanos(script.extra), "release " + hold.description(), hold::release);
                }
            }
        }
        return taken;
    }

    /** One scripted fault: act on every matching message ({@code n} 0), or on the n-th only. */
    private static final class Script {
        static final int HOLD = 0;
        static final int DROP = 1;
        static final int DELAY = 2;

        final MessageMatch match;
        final int n;
        final int kind;
        final Hold hold;
        final long extra;
        long count;

        Script(MessageMatch match, int n, int kind, Hold hold, long extra) {
            this.match = match;
            this.n = n;
            this.kind = kind;
            this.hold = hold;
            this.extra = extra;
        }

        @Override
        public String toString() {
            return switch (kind) {
                case HOLD -> hold.description();
                case DROP -> "dropNth(" + n + ", " + match + ")";
                default -> "delayNth(" + n + ", " + match + ", " + VirtualTime.formatDuration(extra) + ")";
            };
        }
    }

    /** Whether a message sent now from {@code from} to {@code to} would be cut. */
    public boolean isCut(NodeId from, NodeId to) {
        return isCut(sim.slot(from).index, sim.slot(to).index);
    }

    // ---- used by the simulation, on the hot path ----

    void resize(int nodes) {
        boolean[] newCut = new boolean[nodes * nodes];
        long[] newSlow = new long[nodes * nodes];
        for (int a = 0; a < n; a++) {
            System.arraycopy(cut, a * n, newCut, a * nodes, n);
            System.arraycopy(slow, a * n, newSlow, a * nodes, n);
        }
        cut = newCut;
        slow = newSlow;
        n = nodes;
    }

    boolean isCut(int from, int to) {
        return anyCut && cut[from * n + to];
    }

    /** Whether the network loses the next message; draws from the network's random stream only if it can. */
    boolean drops() {
        return drop > 0 && random.nextDouble() < drop;
    }

    boolean duplicates() {
        return duplicate > 0 && random.nextDouble() < duplicate;
    }

    /** How long the next message from {@code from} to {@code to} takes. */
    long latency(int from, int to) {
        long d = minLatency;
        if (latencySpan > 0) {
            d += random.nextLong(latencySpan + 1);
        }
        if (anySlow) {
            d += slow[from * n + to];
        }
        if (reorder > 0 && random.nextDouble() < reorder) {
            d += 1 + random.nextLong(reorderDelay);
        }
        return d;
    }

    private void apply(NetworkConfig c) {
        conditions = c;
        minLatency = c.minLatency().toNanos();
        latencySpan = c.maxLatency().toNanos() - minLatency;
        drop = c.dropProbability();
        duplicate = c.duplicateProbability();
        reorder = c.reorderProbability();
        reorderDelay = c.reorderDelay().toNanos();
    }

    private void setCut(int from, int to) {
        cut[from * n + to] = true;
        anyCut = true;
    }

    private void setSlow(int from, int to, long nanos) {
        slow[from * n + to] = nanos;
        if (nanos > 0) {
            anySlow = true;
        }
    }

    private static long checkExtra(Duration extra) {
        if (extra.isNegative()) {
            throw new IllegalArgumentException("extra latency must not be negative, but is " + extra);
        }
        return extra.toNanos();
    }

    static String describe(List<? extends Collection<NodeId>> sides) {
        StringBuilder text = new StringBuilder();
        for (Collection<NodeId> side : sides) {
            if (text.length() > 0) {
                text.append(" | ");
            }
            text.append(new TreeSet<>(side).toString().replace('[', '{').replace(']', '}').replace(" ", ""));
        }
        return text.toString();
    }

    private static String percent(double p) {
        return Math.round(p * 1000) / 10.0 + "%";
    }
}
