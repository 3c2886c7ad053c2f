package dev.kata.runtime.sim;

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
