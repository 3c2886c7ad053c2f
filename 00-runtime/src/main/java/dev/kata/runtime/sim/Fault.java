package dev.kata.runtime.sim;

import dev.kata.runtime.node.NodeId;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One fault of a {@link FaultSchedule}, as data: what to do to the cluster at one moment. Applying a
 * fault that no longer makes sense (restarting a node that is up, because a shrunk schedule lost the
 * crash before it) does nothing, so that any subset of a schedule is a valid schedule.
 */
public sealed interface Fault {

    /** Does it to the simulation, now. */
    void applyTo(Simulation sim);

    /** The node crashes: memory and unforced disk bytes lost. */
    record Crash(NodeId node) implements Fault {
        public Crash {
            Objects.requireNonNull(node, "node");
        }

        @Override
        public void applyTo(Simulation sim) {
            if (sim.isUp(node)) {
                sim.crash(node);
            }
        }

        @Override
        public String toString() {
            return "crash " + node;
        }
    }

    /** The node starts again from its disk. */
    record Restart(NodeId node) implements Fault {
        public Restart {
            Objects.requireNonNull(node, "node");
        }

        @Override
        public void applyTo(Simulation sim) {
            if (!sim.isUp(node)) {
                sim.restart(node);
            }
        }

        @Override
        public String toString() {
            return "restart " + node;
        }
    }

    /** The node stalls for {@code duration} (a GC pause), then goes on with its old view of the world. */
    record Pause(NodeId node, Duration duration) implements Fault {
        public Pause {
            Objects.requireNonNull(node, "node");
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("a pause must last some time, but lasts " + duration);
            }
        }

        @Override
        public void applyTo(Simulation sim) {
            if (sim.isUp(node) && !sim.isPaused(node)) {
                sim.pause(node, duration);
            }
        }

        @Override
        public String toString() {
            return "pause " + node + " for " + VirtualTime.format(duration);
        }
    }

    /** Cuts every link between different sides, both ways (see {@link Network#partition}). */
    record Partition(List<Set<NodeId>> sides) implements Fault {
        public Partition {
            if (sides.size() < 2) {
                throw new IllegalArgumentException("a partition needs at least two sides, but has " + sides.size());
            }
            sides = sides.stream().map(side -> Set.copyOf(new TreeSet<>(side))).toList();
        }

        @Override
        public void applyTo(Simulation sim) {
            sim.network().partition(sides);
        }

        @Override
        public String toString() {
            return "partition " + Network.describe(sides);
        }
    }

    /** Cuts the links from {@code from} to {@code to}, one way only. */
    record Block(Set<NodeId> from, Set<NodeId> to) implements Fault {
        public Block {
            from = Set.copyOf(from);
            to = Set.copyOf(to);
        }

        @Override
        public void applyTo(Simulation sim) {
            sim.network().block(from, to);
        }

        @Override
        public String toString() {
            return "block " + new TreeSet<>(from) + " -> " + new TreeSet<>(to);
        }
    }

    /** Every link to and from {@code node} takes {@code extra} longer. */
    record SlowNode(NodeId node, Duration extra) implements Fault {
        public SlowNode {
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(extra, "extra");
        }

        @Override
        public void applyTo(Simulation sim) {
            sim.network().slowNode(node, extra);
        }

        @Override
        public String toString() {
            return "slow " + node + "'s links by " + VirtualTime.format(extra);
        }
    }

    /** Every message meets these conditions from now on (loss, duplication, reordering, latency). */
    record Conditions(NetworkConfig network) implements Fault {
        public Conditions {
            Objects.requireNonNull(network, "network");
        }

        @Override
        public void applyTo(Simulation sim) {
            sim.network().setConditions(network);
        }

        @Override
        public String toString() {
            return "network: drop " + network.dropProbability() + ", duplicate " + network.duplicateProbability()
                    + ", reorder " + network.reorderProbability() + ", latency "
                    + VirtualTime.format(network.minLatency()) + ".." + VirtualTime.format(network.maxLatency());
        }
    }

    /** The network is whole again: every link reconnected, fast, and the configured conditions back. */
    record Heal() implements Fault {
        @Override
        public void applyTo(Simulation sim) {
            sim.network().heal();
            if (!sim.network().conditions().equals(sim.config().network())) {
                sim.network().setConditions(sim.config().network());
            }
        }

        @Override
        public String toString() {
            return "heal the network";
        }
    }

    /**
     * The node's clocks run at {@code rate} from now on (1.0: true rate); the simulation refuses a
     * rate beyond its drift bound ({@link ClockConfig#maxDrift}).
     */
    record ClockRate(NodeId node, double rate) implements Fault {
        public ClockRate {
            Objects.requireNonNull(node, "node");
            if (!(rate > 0 && rate < 10)) {
                throw new IllegalArgumentException("a clock rate must be above 0 and below 10, but is " + rate);
            }
        }

        @Override
        public void applyTo(Simulation sim) {
            sim.setClockRate(node, rate);
        }

        @Override
        public String toString() {
            return "run " + node + "'s clock at rate " + rate;
        }
    }
}
