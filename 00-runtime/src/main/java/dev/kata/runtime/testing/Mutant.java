package dev.kata.runtime.testing;

import java.util.Set;

/**
 * The switch of the kata's mutation test. {@code ./kata check} compiles a copy of each reference
 * solution in which every learner region starts with
 * {@code if (Mutant.isActive(k)) throw new UnsupportedOperationException(...)}; {@link MutationCheck}
 * turns the regions on one at a time and runs the tests, and {@link PlantedMistakes} turns on every
 * region of the steps after a mistake's, as a learner who just finished that step has them.
 * Reference code never calls this.
 */
public final class Mutant {

    private static volatile boolean[] active = new boolean[0];

    private Mutant() {
    }

    /** Whether region {@code id} is stubbed in this run. */
    public static boolean isActive(int id) {
        boolean[] now = active;
        return id >= 0 && id < now.length && now[id];
    }

    /** Stubs region {@code id} alone; -1 stubs none. */
    static void activate(int id) {
        activate(id < 0 ? Set.of() : Set.of(id));
    }

    /** Stubs the regions {@code ids} together, and no other. */
    static void activate(Set<Integer> ids) {
        boolean[] next = new boolean[ids.stream().mapToInt(Integer::intValue).max().orElse(-1) + 1];
        ids.forEach(id -> next[id] = true);
        active = next;
    }
}
