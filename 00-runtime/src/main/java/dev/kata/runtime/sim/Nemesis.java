package dev.kata.runtime.sim;

import dev.kata.runtime.node.NodeId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Makes random {@link FaultSchedule}s: the adversary of a randomized test. Every so often (on average
 * {@code meanInterval}) it starts a fault episode of a random kind and length: a crash and its
 * restart, a pause, a partition and its heal, a one-way cut, slow links, a lossy network, a drifting
 * clock. The same seed makes the same schedule.
 *
 * @param faults         which kinds of fault to inject
 * @param meanInterval   the average time between the starts of two episodes
 * @param maxFaultLength the longest an episode lasts
 * @param maxDown        how many servers may be crashed or paused at once; -1: a minority
 * @param lossy          the network conditions of a {@link FaultKind#LOSSY} episode
 * @param maxClockDrift  the largest rate error of a {@link FaultKind#CLOCK} episode, as a fraction; at most
 *                       the simulation's drift bound ({@link ClockConfig#maxDrift}), which it never exceeds
 */
public record Nemesis(Set<FaultKind> faults, Duration meanInterval, Duration maxFaultLength, int maxDown,
                      NetworkConfig lossy, double maxClockDrift) {

    /** The kinds of fault episode a nemesis can start. */
    public enum FaultKind {
        /** A server crashes and restarts later. */
        CRASH,
        /** A server pauses (a GC stall) and resumes. */
        PAUSE,
        /** The servers split into two sides that cannot talk, then heal. */
        PARTITION,
        /** Some servers cannot reach the others, which can still reach them, then heal. */
        ONE_WAY,
        /** Every link of a server gets slow, then fast again. */
        SLOW,
        /** The network loses, duplicates and reorders many messages, then calms down. */
        LOSSY,
        /** A server's clock runs fast or slow, then at its true rate again. */
        CLOCK
    }

    public Nemesis {
        faults = Set.copyOf(faults);
        Objects.requireNonNull(meanInterval, "meanInterval");
        Objects.requireNonNull(maxFaultLength, "maxFaultLength");
        Objects.requireNonNull(lossy, "lossy");
        if (faults.isEmpty()) {
            throw new IllegalArgumentException("a nemesis needs at least one kind of fault; for a run without "
                    + "faults use FaultSchedule.none(duration)");
        }
        if (meanInterval.isNegative() || meanInterval.isZero()) {
            throw new IllegalArgumentException("meanInterval must be positive, but is " + meanInterval);
        }
        if (maxFaultLength.isNegative() || maxFaultLength.isZero()) {
            throw new IllegalArgumentException("maxFaultLength must be positive, but is " + maxFaultLength);
        }
        if (maxDown < -1) {
            throw new IllegalArgumentException("maxDown must be -1 (a minority) or at least 0, but is " + maxDown);
        }
        if (!(maxClockDrift >= 0 && maxClockDrift < 0.5)) {
            throw new IllegalArgumentException("maxClockDrift must be at least 0 and below 0.5, but is " + maxClockDrift);
        }
    }

    /**
     * Crashes, pauses, partitions (both ways and one way), slow links and lossy periods, one every
     * second on average, each up to 3 s long, never more than a minority down. Clock faults are off:
     * turn them on with {@link #withFaults} for lease tests.
     */
    public static Nemesis standard() {
        return new Nemesis(EnumSet.complementOf(EnumSet.of(FaultKind.CLOCK)), Duration.ofSeconds(1),
                Duration.ofSeconds(3), -1, NetworkConfig.reliable().withDropProbability(0.2)
                .withDuplicateProbability(0.1).withReordering(0.2, Duration.ofMillis(50)), 0.05);
    }

    public Nemesis withFaults(FaultKind first, FaultKind... more) {
        return new Nemesis(EnumSet.of(first, more), meanInterval, maxFaultLength, maxDown, lossy, maxClockDrift);
    }

    public Nemesis withMeanInterval(Duration interval) {
        return new Nemesis(faults, interval, maxFaultLength, maxDown, lossy, maxClockDrift);
    }

    public Nemesis withMaxFaultLength(Duration length) {
        return new Nemesis(faults, meanInterval, length, maxDown, lossy, maxClockDrift);
    }

    public Nemesis withMaxDown(int servers) {
        return new Nemesis(faults, meanInterval, maxFaultLength, servers, lossy, maxClockDrift);
    }

    public Nemesis withLossy(NetworkConfig conditions) {
        return new Nemesis(faults, meanInterval, maxFaultLength, maxDown, conditions, maxClockDrift);
    }

    public Nemesis withMaxClockDrift(double drift) {
        return new Nemesis(faults, meanInterval, maxFaultLength, maxDown, lossy, drift);
    }

    /**
     * A schedule of {@code duration} against {@code servers}, made from {@code seed} alone. Episodes
     * that would outlast the run end at its last instant; at most one network episode runs at a time,
     * so that each ends with its own heal.
     */
    public FaultSchedule schedule(long seed, List<NodeId> servers, Duration duration) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("a nemesis needs at least one server to torment");
        }
        SplittableRandom random = Seeds.stream(seed, "nemesis");
        FaultKind[] kinds = faults.stream().sorted().toArray(FaultKind[]::new);
        int n = servers.size();
        int allowedDown = maxDown >= 0 ? maxDown : (n - 1) / 2;
        long end = duration.toNanos();
        long mean = meanInterval.toNanos();
        long maxLength = maxFaultLength.toNanos();
        long[] downUntil = new long[n];
        long networkBusyUntil = 0;
        List<FaultStep> steps = new ArrayList<>();
        long t = 0;
        while (true) {
            t += 1 + random.nextLong(2 * mean);
            if (t >= end) {
                break;
            }
            FaultKind kind = kinds[random.nextInt(kinds.length)];
            long length = 1_000_000 + random.nextLong(Math.max(1, maxLength - 1_000_000));
            long stop = Math.min(t + length, end);
            Duration start = Duration.ofNanos(t);
            Duration finish = Duration.ofNanos(stop);
            switch (kind) {
                case CRASH, PAUSE -> {
                    int down = 0;
                    List<Integer> candidates = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        if (downUntil[i] > t) {
                            down++;
                        } else {
                            candidates.add(i);
                        }
                    }
                    if (down >= allowedDown || candidates.isEmpty()) {
                        continue;
                    }
                    int victim = candidates.get(random.nextInt(candidates.size()));
                    NodeId node = servers.get(victim);
                    downUntil[victim] = stop;
                    if (kind == FaultKind.CRASH) {
                        steps.add(FaultStep.at(start, new Fault.Crash(node)));
                        steps.add(FaultStep.at(finish, new Fault.Restart(node)));
                    } else {
                        steps.add(FaultStep.at(start, new Fault.Pause(node, Duration.ofNanos(length))));
                    }
                }
                case PARTITION, ONE_WAY, SLOW, LOSSY -> {
                    if (networkBusyUntil > t || (n < 2 && kind != FaultKind.LOSSY)) {
                        continue;
                    }
                    networkBusyUntil = stop;
                    steps.add(FaultStep.at(start, networkFault(kind, servers, random)));
                    steps.add(FaultStep.at(finish, new Fault.Heal()));
                }
                case CLOCK -> {
                    NodeId node = servers.get(random.nextInt(n));
                    double rate = 1.0 + (random.nextDouble() * 2 - 1) * maxClockDrift;
                    steps.add(FaultStep.at(start, new Fault.ClockRate(node, rate)));
                    steps.add(FaultStep.at(finish, new Fault.ClockRate(node, 1.0)));
                }
                default -> throw new IllegalStateException("unknown fault kind " + kind);
            }
        }
        return new FaultSchedule(steps, duration);
    }

    private Fault networkFault(FaultKind kind, List<NodeId> servers, SplittableRandom random) {
        List<NodeId> shuffled = new ArrayList<>(servers);
        for (int i = shuffled.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            shuffled.set(j, shuffled.set(i, shuffled.get(j)));
        }
        int cut = 1 + random.nextInt(Math.max(1, shuffled.size() - 1));
        Set<NodeId> one = Set.copyOf(shuffled.subList(0, cut));
        Set<NodeId> other = Set.copyOf(shuffled.subList(cut, shuffled.size()));
        return switch (kind) {
            case PARTITION -> new Fault.Partition(List.of(one, other));
            case ONE_WAY -> new Fault.Block(one, other);
            case SLOW -> new Fault.SlowNode(shuffled.get(0), Duration.ofMillis(5 + random.nextInt(200)));
            case LOSSY -> new Fault.Conditions(lossy);
            default -> throw new IllegalArgumentException(kind + " is not a network fault");
        };
    }
}
