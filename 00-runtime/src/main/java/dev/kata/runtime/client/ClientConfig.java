package dev.kata.runtime.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How a client driver (the simulation's {@code SimClient}) waits for answers, in virtual time.
 *
 * @param operationTimeout how long a client waits for the answer to an operation before it gives up
 *                         and records it as unknown (never as failed: it may still take effect)
 * @param retryInterval    after this long without an answer the client sends the request again, to
 *                         the server its {@link ClientProtocol} names for the next attempt; a value
 *                         not less than {@code operationTimeout} means it never retries
 * @param maxThinkTime     between two operations of a workload the client waits a random time up
 *                         to this (zero: it submits the next at once)
 */
public record ClientConfig(Duration operationTimeout, Duration retryInterval, Duration maxThinkTime) {

    public ClientConfig {
        Objects.requireNonNull(operationTimeout, "operationTimeout");
        Objects.requireNonNull(retryInterval, "retryInterval");
        Objects.requireNonNull(maxThinkTime, "maxThinkTime");
        if (operationTimeout.isNegative() || operationTimeout.isZero()) {
            throw new IllegalArgumentException("operationTimeout must be positive, but is " + operationTimeout);
        }
        if (retryInterval.isNegative() || retryInterval.isZero()) {
            throw new IllegalArgumentException("retryInterval must be positive, but is " + retryInterval);
        }
        if (maxThinkTime.isNegative()) {
            throw new IllegalArgumentException("maxThinkTime must not be negative, but is " + maxThinkTime);
        }
    }

    /** Gives up after 5 s, retries every second, thinks up to 10 ms between operations. */
    public static ClientConfig defaults() {
        return new ClientConfig(Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofMillis(10));
    }

    public ClientConfig withOperationTimeout(Duration timeout) {
        return new ClientConfig(timeout, retryInterval, maxThinkTime);
    }

    public ClientConfig withRetryInterval(Duration interval) {
        return new ClientConfig(operationTimeout, interval, maxThinkTime);
    }

    public ClientConfig withMaxThinkTime(Duration thinkTime) {
        return new ClientConfig(operationTimeout, retryInterval, thinkTime);
    }
}
