// Generated from solutions/04-paxos/src/main/java/dev/kata/paxos/PaxosConfig.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint aad5da4bab9d
package dev.kata.paxos;

import java.time.Duration;
import java.util.Objects;

/**
 * The timing of a Paxos cluster, on each node's own clock.
 *
 * @param roundTimeout how long a proposer waits for a majority to answer one phase before it tries again
 * @param minBackoff   the shortest wait before a proposer tries again after a failed round (step 6)
 * @param maxBackoff   the longest such wait: the range doubles with each failed round up to here
 * @param giveUpAfter  how long a proposer keeps trying one proposal before it gives up without an answer
 */
public record PaxosConfig(Duration roundTimeout, Duration minBackoff, Duration maxBackoff, Duration giveUpAfter) {

    /** Rounds time out after 100 ms; backoff 5 to 160 ms; a proposal is abandoned after 5 s. */
    public static final PaxosConfig DEFAULT = new PaxosConfig(Duration.ofMillis(100), Duration.ofMillis(5),
            Duration.ofMillis(160), Duration.ofSeconds(5));

    public PaxosConfig {
        Objects.requireNonNull(roundTimeout, "roundTimeout");
        Objects.requireNonNull(minBackoff, "minBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(giveUpAfter, "giveUpAfter");
        if (roundTimeout.isZero() || roundTimeout.isNegative()) {
            throw new IllegalArgumentException("roundTimeout must be positive, but is " + roundTimeout);
        }
        if (minBackoff.isZero() || minBackoff.isNegative()) {
            throw new IllegalArgumentException("minBackoff must be positive, but is " + minBackoff);
        }
        if (maxBackoff.compareTo(minBackoff) <= 0) {
            throw new IllegalArgumentException("maxBackoff (" + maxBackoff + ") must be above minBackoff ("
                    + minBackoff + "): the wait is drawn at random between them");
        }
    }

    public PaxosConfig withGiveUpAfter(Duration duration) {
        return new PaxosConfig(roundTimeout, minBackoff, maxBackoff, duration);
    }

    public PaxosConfig withBackoff(Duration min, Duration max) {
        return new PaxosConfig(roundTimeout, min, max, giveUpAfter);
    }
}
