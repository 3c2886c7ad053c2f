package dev.kata.runtime.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A run's faults as data: timed {@link FaultStep}s and how long the run lasts. A {@link Nemesis}
 * makes one from a seed, a test can write one by hand, and the {@link Shrinker} makes smaller ones
 * (fewer steps, a shorter run) to find the shortest story that still fails. A test phrased as "given
 * a schedule, run and check" can therefore be shrunk.
 *
 * @param steps    the faults, in order of time (steps at the same time keep their order)
 * @param duration how long the run lasts; every step happens within it
 */
public record FaultSchedule(List<FaultStep> steps, Duration duration) {

    public FaultSchedule {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("a schedule's duration must not be negative, but is " + duration);
        }
        List<FaultStep> sorted = new ArrayList<>(steps);
        Collections.sort(sorted); // stable: steps at the same time keep their order
        for (FaultStep step : sorted) {
            if (step.at().compareTo(duration) > 0) {
                throw new IllegalArgumentException("step '" + step + "' is after the end of the schedule ("
                        + VirtualTime.format(duration) + ")");
            }
        }
        steps = List.copyOf(sorted);
    }

    /** A run of {@code duration} without faults. */
    public static FaultSchedule none(Duration duration) {
        return new FaultSchedule(List.of(), duration);
    }

    public static FaultSchedule of(Duration duration, FaultStep... steps) {
        return new FaultSchedule(List.of(steps), duration);
    }

    /** How many steps. */
    public int size() {
        return steps.size();
    }

    /**
     * Schedules every step on {@code sim}, timed from its current virtual time. The test then runs
     * the simulation, for instance with {@code sim.runFor(schedule.duration())}.
     */
    public void applyTo(Simulation sim) {
        for (FaultStep step : steps) {
            Fault fault = step.fault();
            sim.after(step.at(), fault.toString(), () -> fault.applyTo(sim));
        }
    }

    /** This schedule without steps {@code from} (inclusive) to {@code to} (exclusive). */
    public FaultSchedule without(int from, int to) {
        if (from < 0 || to > steps.size() || from > to) {
            throw new IndexOutOfBoundsException("cannot remove steps " + from + " to " + to + " of " + steps.size());
        }
        List<FaultStep> kept = new ArrayList<>(steps.subList(0, from));
        kept.addAll(steps.subList(to, steps.size()));
        return new FaultSchedule(kept, duration);
    }

    /** The first {@code newDuration} of this schedule: later steps are dropped. */
    public FaultSchedule truncatedTo(Duration newDuration) {
        List<FaultStep> kept = new ArrayList<>();
        for (FaultStep step : steps) {
            if (step.at().compareTo(newDuration) <= 0) {
                kept.add(step);
            }
        }
        return new FaultSchedule(kept, newDuration);
    }

    /** The schedule as a story, one step a line. */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        text.append(steps.size()).append(steps.size() == 1 ? " fault step" : " fault steps").append(" over ")
                .append(VirtualTime.format(duration));
        for (FaultStep step : steps) {
            text.append("\n  ").append(step);
        }
        return text.toString();
    }
}
