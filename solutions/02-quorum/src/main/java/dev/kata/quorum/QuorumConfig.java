package dev.kata.quorum;

import java.time.Duration;
import java.util.Objects;

/**
 * How a quorum-replicated store is set up: N replicas, a write waits for W of them, a read for R.
 * Immutable; made once and validated when made, so a configuration that cannot work never starts.
 *
 * @param n          how many replicas hold each key: every server of the cluster
 * @param w          how many replicas must acknowledge a write before the coordinator answers it
 * @param r          how many replicas must answer a read before the coordinator answers it
 * @param timeout    how long a coordinator waits for one round of replies before it answers with an
 *                   error (a write with {@link VersionSource#QUORUM} versions and a
 *                   {@link ReadRepair#SYNC} read take two rounds)
 * @param readRepair what a read does about replicas it finds behind
 * @param versions   how a coordinator picks the version of a write
 */
public record QuorumConfig(int n, int w, int r, Duration timeout, ReadRepair readRepair, VersionSource versions) {

    /** What a read does about the stale replicas it meets. */
    public enum ReadRepair {
        /** Nothing: answer the newest value seen. */
        NONE,
        /** Answer, then send the newest value to the replicas that answered with an older one (Dynamo's read repair). */
        ASYNC,
        /**
         * Write the newest value back to a write quorum before answering, as in ABD: reads are then
         * linearizable. Needs W + R > N.
         */
        SYNC
    }

    /** How a coordinator picks the version of a new write. */
    public enum VersionSource {
        /** The coordinator's own clock: only as good as the clocks agree (step 5 shows what skew does). */
        WALL_CLOCK,
        /** One more than the newest version a read quorum reports, ties broken by node: no clock involved. */
        QUORUM
    }

    /** How long a coordinator waits for one round of replies unless told otherwise. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);

    public QuorumConfig {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(readRepair, "readRepair");
        Objects.requireNonNull(versions, "versions");
        if (n < 1) {
            throw new IllegalArgumentException("N must be at least 1 (a store needs a replica to keep anything), but is "
                    + n);
        }
        if (w < 1 || w > n) {
            throw new IllegalArgumentException("W must be between 1 and N = " + n + ", but is " + w
                    + (w > n ? ": a write could never collect " + w + " acknowledgements from " + n + " replicas"
                    : ": a write acknowledged by no replica is not stored anywhere"));
        }
        if (r < 1 || r > n) {
            throw new IllegalArgumentException("R must be between 1 and N = " + n + ", but is " + r
                    + (r > n ? ": a read could never collect " + r + " answers from " + n + " replicas"
                    : ": a read that asks no replica knows nothing"));
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the timeout must be positive, but is " + timeout
                    + ": a coordinator that never waits answers every request with an error");
        }
        checkQuorumsOverlap(n, w, r, readRepair);
    }

    /**
     * Refuses linearizable reads from quorums that need not overlap: with W + R <= N a read quorum can
     * miss every replica the last write reached.
     */
    private static void checkQuorumsOverlap(int n, int w, int r, ReadRepair readRepair) {
        // kata:begin step-4 "Refuse linearizable (SYNC) reads when W + R <= N" default: return;
        if (readRepair == ReadRepair.SYNC && w + r <= n) {
            throw new IllegalArgumentException("linearizable reads (ReadRepair.SYNC) need W + R > N, but W + R = "
                    + w + " + " + r + " = " + (w + r) + " <= N = " + n + ": a read quorum of " + r
                    + " can miss all " + w + " replicas a write reached. Raise W or R, or choose ReadRepair.NONE or"
                    + " ASYNC for reads that may be stale");
        }
        // kata:end
    }

    /** N replicas, W and R given, the default timeout, no read repair, wall-clock versions: where the steps start. */
    public static QuorumConfig of(int n, int w, int r) {
        return new QuorumConfig(n, w, r, DEFAULT_TIMEOUT, ReadRepair.NONE, VersionSource.WALL_CLOCK);
    }

    /** W = R = a majority of N. */
    public static QuorumConfig majority(int n) {
        return of(n, n / 2 + 1, n / 2 + 1);
    }

    /** Majorities, synchronous read repair and versions from a quorum: linearizable reads and writes (ABD). */
    public static QuorumConfig linearizable(int n) {
        return majority(n).withReadRepair(ReadRepair.SYNC).withVersions(VersionSource.QUORUM);
    }

    public QuorumConfig withTimeout(Duration newTimeout) {
        return new QuorumConfig(n, w, r, newTimeout, readRepair, versions);
    }

    public QuorumConfig withReadRepair(ReadRepair newReadRepair) {
        return new QuorumConfig(n, w, r, timeout, newReadRepair, versions);
    }

    public QuorumConfig withVersions(VersionSource newVersions) {
        return new QuorumConfig(n, w, r, timeout, readRepair, newVersions);
    }

    /** Whether every read quorum shares a replica with every write quorum. */
    public boolean quorumsOverlap() {
        return w + r > n;
    }

    @Override
    public String toString() {
        return "N=" + n + ", W=" + w + ", R=" + r + ", timeout " + timeout.toMillis() + " ms, read repair " + readRepair
                + ", versions " + versions;
    }
}
