package dev.kata.runtime.testing;

/**
 * The switch of the kata's mutation test. {@code ./kata check} compiles a copy of each reference
 * solution in which every learner region starts with
 * {@code if (Mutant.isActive(k)) throw new UnsupportedOperationException(...)}; {@link MutationCheck}
 * turns the regions on one at a time and runs the tests. Reference code never calls this.
 */
public final class Mutant {

    private static volatile int active = -1;

    private Mutant() {
    }

    /** Whether region {@code id} is the one stubbed in this run. */
    public static boolean isActive(int id) {
        return active == id;
    }

    static void activate(int id) {
        active = id;
    }
}
