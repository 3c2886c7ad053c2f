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
        // kata:begin step-6 "Wait a random time whose range doubles with each failed round" default: return config.minBackoff();
        long min = config.minBackoff().toNanos();
        long ceiling = Math.min(config.maxBackoff().toNanos(), min << Math.min(Math.max(failedRounds, 1), 20));
        return Duration.ofNanos(random.nextLong(min, ceiling + 1));
        // kata:end
    }
}
