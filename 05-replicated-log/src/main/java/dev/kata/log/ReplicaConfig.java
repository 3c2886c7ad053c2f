// Generated from solutions/05-replicated-log/src/main/java/dev/kata/log/ReplicaConfig.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint 943cb2a15116
package dev.kata.log;

import dev.kata.election.ElectionConfig;
import dev.kata.runtime.node.DriftBound;
import dev.kata.runtime.wire.RecordCodec;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How a replica of the log runs.
 *
 * @param timing         heartbeats, election timeouts and stepping down, as 03's elections use them; its
 *                       {@code requestTimeout} bounds a new leader's phase 1 round (its version stamp is
 *                       not used: the log orders every write)
 * @param maxAppend      at most this many entries in one {@link LogMessage.Append}
 * @param codec          the wire and log encoding: {@link LogMessage#CODEC}, or an extension of it that
 *                       carries a later module's commands
 * @param stateMachine   makes each replica's (empty) state machine, at every start: the log replays into it
 * @param reads          how the leader answers a read-only command (step 6)
 * @param lease          with {@link Reads#LEASE}: for how long, on its own monotonic clock, a replica that
 *                       heard from its leader refuses to promise another candidate (the leader's lease
 *                       is this, shortened for drift); keep it below {@code timing.electionTimeoutMin()},
 *                       or candidates are refused for longer than they wait
 * @param driftBound     the most any replica's monotonic clock may run fast or slow: what the lease
 *                       assumes ({@code Simulation.driftBound()} in a simulation; the operator's choice on
 *                       real machines). A bound that is too small makes lease reads unsafe.
 * @param snapshotEvery  a replica snapshots its state machine once it applied this many entries since its
 *                       last snapshot, and lets its log go below it (step 7); 0: never
 * @param batch          how long the leader gathers client commands before it appends them all, forces
 *                       once and sends them in one append to each follower (step 8); zero: each at once
 */
public record ReplicaConfig(ElectionConfig timing, int maxAppend, RecordCodec codec,
                            Supplier<StateMachine> stateMachine, Reads reads, Duration lease, DriftBound driftBound,
                            int snapshotEvery, Duration batch) {

    /** How the leader answers a read (step 6); every other command goes through the log. */
    public enum Reads {
        /** As a command of the log: one round trip and one force, like a write (steps 1 to 5). */
        LOG,
        /**
         * At a read index: once everything committed when the read arrived is applied and a majority has
         * answered a round of appends sent after it arrived. No entry, no force; one round trip.
         */
        READ_INDEX,
        /**
         * From the leader's lease, with no message at all while it holds; at a read index otherwise. The
         * replicas refuse to promise another candidate for {@link #lease()} after they heard from their
         * leader, so no other leader can commit anything while the lease holds.
         */
        LEASE
    }

    /**
     * The shortest batch window (step 8), for nodes on real machines: the flush is a timer due at once, and
     * a node's event loop runs it after the messages already in its queue, so a batch is whatever came
     * while the leader was busy (forcing the previous batch, mostly), and a lone client waits for no window
     * at all. Natural batching: the batches grow with the load by themselves.
     */
    public static final Duration NATURAL_BATCH = Duration.ofNanos(1);

    /** Below 03's shortest election timeout (150 ms): a candidate is rarely refused for longer than it waited. */
    private static final Duration DEFAULT_LEASE = Duration.ofMillis(100);

    /** 03's default timing, 64 entries per append, this module's codec and key-value state machine, reads through the log. */
    public static final ReplicaConfig DEFAULT = new ReplicaConfig(ElectionConfig.DEFAULT, 64, LogMessage.CODEC,
            KeyValueStateMachine::new, Reads.LOG, DEFAULT_LEASE, DriftBound.NONE, 0, Duration.ZERO);

    public ReplicaConfig {
        Objects.requireNonNull(timing, "timing");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(stateMachine, "stateMachine");
        Objects.requireNonNull(reads, "reads");
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(driftBound, "driftBound");
        if (maxAppend < 1) {
            throw new IllegalArgumentException("maxAppend must be at least 1 entry, but is " + maxAppend);
        }
        if (snapshotEvery < 0) {
            throw new IllegalArgumentException("snapshotEvery must be 0 (never) or a number of entries, not " + snapshotEvery);
        }
        Objects.requireNonNull(batch, "batch");
        if (batch.isNegative()) {
            throw new IllegalArgumentException("the batch window must not be negative, but is " + batch);
        }
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("the lease must be positive, but is " + lease);
        }
        if (!codec.registeredTypes().containsValue(Entry.class)) {
            throw new IllegalArgumentException("the codec does not carry log entries: extend LogMessage.CODEC "
                    + "(LogMessage.CODEC.extend().register(...).build()) instead of building one from nothing");
        }
    }

    /** The configuration of steps 1 to 5: reads through the log (no lease, no drift bound needed), no snapshots, no batches. */
    public ReplicaConfig(ElectionConfig timing, int maxAppend, RecordCodec codec, Supplier<StateMachine> stateMachine) {
        this(timing, maxAppend, codec, stateMachine, Reads.LOG, DEFAULT_LEASE, DriftBound.NONE, 0, Duration.ZERO);
    }

    public ReplicaConfig withTiming(ElectionConfig newTiming) {
        return new ReplicaConfig(newTiming, maxAppend, codec, stateMachine, reads, lease, driftBound, snapshotEvery, batch);
    }

    public ReplicaConfig withMaxAppend(int entries) {
        return new ReplicaConfig(timing, entries, codec, stateMachine, reads, lease, driftBound, snapshotEvery, batch);
    }

    public ReplicaConfig withCodec(RecordCodec newCodec) {
        return new ReplicaConfig(timing, maxAppend, newCodec, stateMachine, reads, lease, driftBound, snapshotEvery, batch);
    }

    public ReplicaConfig withStateMachine(Supplier<StateMachine> newStateMachine) {
        return new ReplicaConfig(timing, maxAppend, codec, newStateMachine, reads, lease, driftBound, snapshotEvery, batch);
    }

    /** Reads by {@code how}; with {@link Reads#LEASE}, a lease of {@code lease} under {@code bound}. */
    public ReplicaConfig withReads(Reads how, Duration newLease, DriftBound bound) {
        return new ReplicaConfig(timing, maxAppend, codec, stateMachine, how, newLease, bound, snapshotEvery, batch);
    }

    /** A snapshot every {@code entries} applied entries (step 7); 0: never. */
    public ReplicaConfig withSnapshotEvery(int entries) {
        return new ReplicaConfig(timing, maxAppend, codec, stateMachine, reads, lease, driftBound, entries, batch);
    }

    /** The leader gathers client commands for {@code window} and appends, forces and sends them together (step 8). */
    public ReplicaConfig withBatch(Duration window) {
        return new ReplicaConfig(timing, maxAppend, codec, stateMachine, reads, lease, driftBound, snapshotEvery, window);
    }

    /** Reads by {@code how}, with this configuration's lease and drift bound. */
    public ReplicaConfig withReads(Reads how) {
        return withReads(how, lease, driftBound);
    }
}
