package dev.kata.runtime.sim;

import java.time.Duration;
import java.util.Objects;

/**
 * How the simulated network treats every message: its latency, and how often it loses, duplicates
 * or holds back a message. A test sets these once in {@link SimulationConfig}, or changes them
 * mid-run with {@link Network#setConditions}; partitions and slow links are separate, per link.
 *
 * <p>Each message's latency is drawn uniformly from {@code [minLatency, maxLatency]}: with a range,
 * two messages on the same link can arrive out of order; with {@code minLatency == maxLatency} a link
 * is first-in first-out unless reordering is switched on. A reordered message is held back by an
 * extra delay of up to {@code reorderDelay}, so that messages sent after it overtake it.
 *
 * @param minLatency           the shortest time a message takes, at least zero
 * @param maxLatency           the longest time a message takes (before slow links and reordering)
 * @param dropProbability      the chance that the network loses a message, 0 to 1
 * @param duplicateProbability the chance that the network delivers a message twice, 0 to 1
 * @param reorderProbability   the chance that a message is held back, 0 to 1
 * @param reorderDelay         the longest a held-back message is held
 */
public record NetworkConfig(Duration minLatency, Duration maxLatency, double dropProbability,
                            double duplicateProbability, double reorderProbability, Duration reorderDelay) {

    public NetworkConfig {
        Objects.requireNonNull(minLatency, "minLatency");
        Objects.requireNonNull(maxLatency, "maxLatency");
        Objects.requireNonNull(reorderDelay, "reorderDelay");
        if (minLatency.isNegative()) {
            throw new IllegalArgumentException("minLatency must not be negative, but is " + minLatency);
        }
        if (maxLatency.compareTo(minLatency) < 0) {
            throw new IllegalArgumentException("maxLatency (" + maxLatency + ") must not be less than minLatency ("
                    + minLatency + ")");
        }
        if (reorderDelay.isNegative()) {
            throw new IllegalArgumentException("reorderDelay must not be negative, but is " + reorderDelay);
        }
        checkProbability("dropProbability", dropProbability);
        checkProbability("duplicateProbability", duplicateProbability);
        checkProbability("reorderProbability", reorderProbability);
        if (reorderProbability > 0 && reorderDelay.isZero()) {
            throw new IllegalArgumentException("reorderProbability is " + reorderProbability
                    + " but reorderDelay is zero: a held-back message must be held for some time");
        }
    }

    private static void checkProbability(String name, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, but is " + value);
        }
    }

    /** A network that loses nothing: 1 to 3 ms per message, no drops, duplicates or held-back messages. */
    public static NetworkConfig reliable() {
        return new NetworkConfig(Duration.ofMillis(1), Duration.ofMillis(3), 0, 0, 0, Duration.ZERO);
    }

    /** A first-in first-out network in which every message takes exactly {@code latency}. */
    public static NetworkConfig fixedLatency(Duration latency) {
        return new NetworkConfig(latency, latency, 0, 0, 0, Duration.ZERO);
    }

    /** A network that loses, duplicates and reorders a few percent of messages: a protocol's everyday weather. */
    public static NetworkConfig flaky() {
        return new NetworkConfig(Duration.ofMillis(1), Duration.ofMillis(10), 0.05, 0.02, 0.05,
                Duration.ofMillis(50));
    }

    public NetworkConfig withLatency(Duration min, Duration max) {
        return new NetworkConfig(min, max, dropProbability, duplicateProbability, reorderProbability, reorderDelay);
    }

    public NetworkConfig withDropProbability(double probability) {
        return new NetworkConfig(minLatency, maxLatency, probability, duplicateProbability, reorderProbability,
                reorderDelay);
    }

    public NetworkConfig withDuplicateProbability(double probability) {
        return new NetworkConfig(minLatency, maxLatency, dropProbability, probability, reorderProbability,
                reorderDelay);
    }

    public NetworkConfig withReordering(double probability, Duration maxDelay) {
        return new NetworkConfig(minLatency, maxLatency, dropProbability, duplicateProbability, probability, maxDelay);
    }
}
