package dev.kata.runtime.sim;

import java.time.Duration;

/** Formats virtual times (nanoseconds since the run began) the same way in every message. */
final class VirtualTime {

    private VirtualTime() {
    }

    /** "1.234567s": seconds with microseconds, enough to tell events apart and still read. */
    static String format(long nanos) {
        if (nanos == Long.MAX_VALUE) {
            return "never";
        }
        long micros = nanos / 1_000;
        String sign = micros < 0 ? "-" : "";
        micros = Math.abs(micros);
        return sign + (micros / 1_000_000) + "." + String.format("%06d", micros % 1_000_000) + "s";
    }

    /** "150ms", "2.5s", "40us": a human-sized duration. */
    static String formatDuration(long nanos) {
        if (nanos % 1_000_000_000L == 0) {
            return (nanos / 1_000_000_000L) + "s";
        }
        if (nanos >= 1_000_000_000L) {
            return String.format("%.3fs", nanos / 1e9);
        }
        if (nanos % 1_000_000L == 0) {
            return (nanos / 1_000_000L) + "ms";
        }
        if (nanos >= 1_000_000L) {
            return String.format("%.3fms", nanos / 1e6);
        }
        if (nanos % 1_000L == 0) {
            return (nanos / 1_000L) + "us";
        }
        return nanos + "ns";
    }

    static String format(Duration duration) {
        return formatDuration(duration.toNanos());
    }
}
