package dev.kata.runtime.checker;

import java.util.List;
import java.util.Objects;

/**
 * What the {@link FencedResourceChecker} found.
 *
 * @param violations  the writes the resource should not have accepted, in the order it decided
 *                    on them; empty when the resource was safe
 * @param explanation the finding in words for a person, one violation per paragraph
 */
public record FencingResult(List<FencedWrite> violations, String explanation) {

    public FencingResult {
        violations = List.copyOf(violations);
        Objects.requireNonNull(explanation, "explanation");
    }

    public boolean isSafe() {
        return violations.isEmpty();
    }

    /** Throws an {@link AssertionError} carrying the explanation unless the resource was safe. */
    public void assertSafe() {
        if (!isSafe()) {
            throw new AssertionError(explanation);
        }
    }
}
