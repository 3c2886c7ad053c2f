// Generated from solutions/03-generation-clock/src/main/java/dev/kata/election/ElectionConfig.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint 15ebf683daf5
package dev.kata.election;

import java.time.Duration;
import java.util.Objects;

/**
 * The timing of an election cluster, on each node's own monotonic clock ({@code NodeContext.nanoTime()},
 * on which timers run too): a step of a node's wall clock changes none of it.
 *
 * @param heartbeatInterval  how often a leader tells its followers it is alive
 * @param electionTimeoutMin the shortest a follower waits without hearing from a leader before it stands
 *                           for election; each wait is drawn at random between the two bounds, so that
 *                           two followers rarely stand at the same moment and split the vote
 * @param electionTimeoutMax the longest such wait (exclusive)
 * @param stepDownAfter      a leader that has not heard from a majority (itself included) for this long
 *                           steps down: it can no longer tell whether another leader was elected
 * @param requestTimeout     how long a leader waits for a majority of replicas to answer one round of a
 *                           client's operation before it gives up on it (step 5)
 * @param versions           how the leader stamps the version of a write (step 5)
 */
public record ElectionConfig(Duration heartbeatInterval, Duration electionTimeoutMin, Duration electionTimeoutMax,
                             Duration stepDownAfter, Duration requestTimeout, VersionStamp versions) {

    /** How the leader makes the version of a write. */
    public enum VersionStamp {
        /** The leader's generation, then a counter: a later leader's writes are newer than any earlier one's. */
        GENERATION,
        /**
         * The leader's clock, as module 02's coordinators did (epoch 0): kept to show, side by side, what
         * clock skew does to it. Never the right choice.
         */
        WALL_CLOCK
    }

    /** Heartbeats every 50 ms, elections after 150 to 300 ms of silence, step down after 300 ms alone. */
    public static final ElectionConfig DEFAULT = new ElectionConfig(Duration.ofMillis(50), Duration.ofMillis(150),
            Duration.ofMillis(300), Duration.ofMillis(300), Duration.ofMillis(200), VersionStamp.GENERATION);

    public ElectionConfig {
        Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
        Objects.requireNonNull(electionTimeoutMin, "electionTimeoutMin");
        Objects.requireNonNull(electionTimeoutMax, "electionTimeoutMax");
        Objects.requireNonNull(stepDownAfter, "stepDownAfter");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(versions, "versions");
        requirePositive("heartbeatInterval", heartbeatInterval);
        requirePositive("electionTimeoutMin", electionTimeoutMin);
        requirePositive("requestTimeout", requestTimeout);
        if (electionTimeoutMax.compareTo(electionTimeoutMin) <= 0) {
            throw new IllegalArgumentException("electionTimeoutMax (" + electionTimeoutMax + ") must be above "
                    + "electionTimeoutMin (" + electionTimeoutMin + "): the timeout is drawn at random between them");
        }
        if (heartbeatInterval.multipliedBy(2).compareTo(electionTimeoutMin) > 0) {
            throw new IllegalArgumentException("heartbeatInterval (" + heartbeatInterval + ") must be at most half of "
                    + "electionTimeoutMin (" + electionTimeoutMin + "), or one late heartbeat makes followers start an "
                    + "election against a leader that is alive");
        }
        if (stepDownAfter.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("stepDownAfter (" + stepDownAfter + ") must be at least two heartbeat "
                    + "intervals (" + heartbeatInterval.multipliedBy(2) + "), or a leader steps down whenever one "
                    + "answer is late");
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, but is " + value);
        }
    }

    public ElectionConfig withHeartbeatInterval(Duration interval) {
        return new ElectionConfig(interval, electionTimeoutMin, electionTimeoutMax, stepDownAfter, requestTimeout,
                versions);
    }

    public ElectionConfig withElectionTimeout(Duration min, Duration max) {
        return new ElectionConfig(heartbeatInterval, min, max, stepDownAfter, requestTimeout, versions);
    }

    public ElectionConfig withStepDownAfter(Duration duration) {
        return new ElectionConfig(heartbeatInterval, electionTimeoutMin, electionTimeoutMax, duration, requestTimeout,
                versions);
    }

    public ElectionConfig withRequestTimeout(Duration timeout) {
        return new ElectionConfig(heartbeatInterval, electionTimeoutMin, electionTimeoutMax, stepDownAfter, timeout,
                versions);
    }

    public ElectionConfig withVersions(VersionStamp stamp) {
        return new ElectionConfig(heartbeatInterval, electionTimeoutMin, electionTimeoutMax, stepDownAfter,
                requestTimeout, stamp);
    }
}
