package dev.kata.runtime.sim;

import java.util.SplittableRandom;

/**
 * Derives independent random streams from the run's one seed, one per purpose ("network",
 * "node n1", "disk n1", ...). Each stream depends only on the seed and its name, so a node that draws
 * more numbers, or a node added to the test, does not change what the network decides.
 */
final class Seeds {

    private Seeds() {
    }

    static SplittableRandom stream(long seed, String purpose) {
        // String.hashCode is specified by the JLS, so this is the same on every JVM.
        return new SplittableRandom(mix(seed ^ mix(purpose.hashCode() * 0x9E3779B97F4A7C15L + purpose.length())));
    }

    /** SplitMix64's finalizer: spreads every input bit over the whole output. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
