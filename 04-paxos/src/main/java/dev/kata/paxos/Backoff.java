// Generated from solutions/04-paxos/src/main/java/dev/kata/paxos/Backoff.java by ./kata sync: maintainers edit there.
// Yours to write: replace each TODO stub (04-paxos/README.md says how).
// kata:fingerprint 5ec6ff05a02e
package dev.kata.paxos;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long a proposer waits before it tries again after a failed round (step 6). Two proposers that
 * keep preempting each other (each one's Prepare arriving between the other's Prepare and Accept) can
 * go on forever: Paxos is safe, not live. A random wait, whose range grows with each failure, soon lets
 * one of them run both phases undisturbed.
 */
final class Backoff {

    private Backoff() {
    }

    /**
     * The wait after {@code failedRounds} failed rounds in a row (1 after the first): drawn from
     * {@code random}, at least {@link PaxosConfig#minBackoff()}, below a ceiling that starts at twice the
     * minimum and doubles with each failed round, up to {@link PaxosConfig#maxBackoff()}.
     */
    static Duration after(int failedRounds, PaxosConfig config, RandomGenerator random) {
        // TODO step-6: Wait a random time whose range doubles with each failed round (see 04-paxos/README.md#step-6)
        return config.minBackoff();
    }
}
