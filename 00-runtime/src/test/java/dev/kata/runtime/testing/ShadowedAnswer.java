package dev.kata.runtime.testing;

/** The class path's copy of a class that {@link PlantedMistakesTest} compiles again with another answer. */
public final class ShadowedAnswer {

    private ShadowedAnswer() {
    }

    public static int value() {
        return 42;
    }
}
