// Generated from solutions/06-lock-service/src/main/java/dev/kata/lock/LockServiceConfig.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint 834831d21abd
package dev.kata.lock;

import dev.kata.log.ReplicaConfig;
import dev.kata.runtime.node.DriftBound;
import java.time.Duration;
import java.util.Objects;

/**
 * How a cell and its clients run.
 *
 * @param replica         the replicated log under the cell (05's configuration; its codec and state
 *                        machine are the cell's, set by {@link LockServer})
 * @param lease           the session lease the master grants on each KeepAlive, on its clock (Chubby: 12 s)
 * @param keepAliveMargin the master holds a KeepAlive until this long before the session's lease runs
 *                        out, then answers it (Chubby holds it "until the lease is close to expiring")
 * @param gracePeriod     how long a client in jeopardy keeps trying to reach a master before it gives
 *                        its session up (Chubby: 45 s)
 * @param lockDelay       how long a lock whose holder's session expired stays unavailable (at most a minute)
 * @param driftBound      how far any clock may drift: a client trusts its lease for
 *                        {@link DriftBound#holderLease} of what the master grants
 * @param maxContentBytes the largest file the cell keeps
 * @param retryInterval   a client (or fenced resource) sends a call again after this long without an answer
 */
public record LockServiceConfig(ReplicaConfig replica, Duration lease, Duration keepAliveMargin, Duration gracePeriod,
                                Duration lockDelay, DriftBound driftBound, int maxContentBytes,
                                Duration retryInterval) {

    /** The longest lock-delay a cell allows (Chubby's bound). */
    public static final Duration MAX_LOCK_DELAY = Duration.ofMinutes(1);

    /**
     * Chubby's numbers: 12 s leases, a 45 s grace period, a 1 min lock-delay, 256 KiB files; a 1% drift bound.
     * The log batches naturally (05's step 8): the master's proposals go out together with whatever else
     * came while it forced the last batch, in the simulation as on the real cell.
     */
    public static final LockServiceConfig DEFAULT = new LockServiceConfig(
            ReplicaConfig.DEFAULT.withBatch(ReplicaConfig.NATURAL_BATCH), Duration.ofSeconds(12),
            Duration.ofSeconds(1), Duration.ofSeconds(45), MAX_LOCK_DELAY, new DriftBound(0.01), 256 * 1024,
            Duration.ofMillis(500));

    public LockServiceConfig {
        Objects.requireNonNull(replica, "replica");
        Objects.requireNonNull(driftBound, "driftBound");
        positive("lease", lease);
        positive("keepAliveMargin", keepAliveMargin);
        positive("gracePeriod", gracePeriod);
        positive("retryInterval", retryInterval);
        Objects.requireNonNull(lockDelay, "lockDelay");
        if (lockDelay.isNegative() || lockDelay.compareTo(MAX_LOCK_DELAY) > 0) {
            throw new IllegalArgumentException("lockDelay must be between 0 and " + MAX_LOCK_DELAY.toSeconds()
                    + " s (Chubby's cap: a longer one makes a lock unusable for too long after a crash), but is " + lockDelay);
        }
        if (keepAliveMargin.compareTo(lease) >= 0) {
            throw new IllegalArgumentException("keepAliveMargin (" + keepAliveMargin + ") must be shorter than the lease ("
                    + lease + "): the master answers a KeepAlive that long before the lease runs out");
        }
        if (maxContentBytes < 0) {
            throw new IllegalArgumentException("maxContentBytes must not be negative, but is " + maxContentBytes);
        }
    }

    private static void positive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, but is " + value);
        }
    }

    public LockServiceConfig withReplica(ReplicaConfig newReplica) {
        return new LockServiceConfig(newReplica, lease, keepAliveMargin, gracePeriod, lockDelay, driftBound,
                maxContentBytes, retryInterval);
    }

    public LockServiceConfig withLease(Duration newLease, Duration newMargin) {
        return new LockServiceConfig(replica, newLease, newMargin, gracePeriod, lockDelay, driftBound,
                maxContentBytes, retryInterval);
    }

    public LockServiceConfig withGracePeriod(Duration newGrace) {
        return new LockServiceConfig(replica, lease, keepAliveMargin, newGrace, lockDelay, driftBound,
                maxContentBytes, retryInterval);
    }

    public LockServiceConfig withLockDelay(Duration newDelay) {
        return new LockServiceConfig(replica, lease, keepAliveMargin, gracePeriod, newDelay, driftBound,
                maxContentBytes, retryInterval);
    }

    public LockServiceConfig withDriftBound(DriftBound newBound) {
        return new LockServiceConfig(replica, lease, keepAliveMargin, gracePeriod, lockDelay, newBound,
                maxContentBytes, retryInterval);
    }

    public LockServiceConfig withMaxContentBytes(int bytes) {
        return new LockServiceConfig(replica, lease, keepAliveMargin, gracePeriod, lockDelay, driftBound, bytes,
                retryInterval);
    }

    /**
     * How far a new master extends every session's lease when it takes over: the longest the old master
     * may have granted. The old master answered a KeepAlive at most a lease after it received it, which
     * was at most a lease after the KeepAlive before; and it may not know it is deposed until it steps
     * down (05's stepDownAfter). Scaled by the drift bound, since it is counted on the new master's clock.
     */
    public Duration failOverLease() {
        return driftBound.masterLease(lease.multipliedBy(2).plus(replica.timing().stepDownAfter()));
    }
}
