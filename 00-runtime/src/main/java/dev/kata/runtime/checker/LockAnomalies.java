package dev.kata.runtime.checker;

import java.util.List;
import java.util.Optional;

/**
 * The well-known shapes of a failing lock piece, in words: two holders at once, a generation that
 * went backwards, a release by a client that held nothing. As for the key-value shapes, each one
 * named is a sufficient reason on its own; the verdict comes from the search.
 */
final class LockAnomalies {

    private LockAnomalies() {
    }

    static Optional<String> anomaly(LockModel model, List<Operation<LockCommand, Long>> piece) {
        List<Operation<LockCommand, Long>> grants = piece.stream()
                .filter(op -> op.outcome() == Outcome.OK && !(op.command() instanceof LockCommand.Release)
                        && op.result() != null)
                .toList();
        for (Operation<LockCommand, Long> first : grants) {
            for (Operation<LockCommand, Long> second : grants) {
                if (first.completedAt() >= second.invokedAt()) {
                    continue; // not certainly in this order
                }
                if (second.result() <= first.result() && startsTenure(second)) {
                    return Optional.of("A generation went backwards: " + model.describe(second) + " by client "
                            + second.client() + " (" + Explainer.interval(second) + ") began after "
                            + model.describe(first) + " by client " + first.client() + " had completed at "
                            + Explainer.ms(first.completedAt()) + ", so its generation must be greater than "
                            + first.result() + ". A resource fencing with generations would take the newer holder"
                            + " for the older.");
                }
                if (!second.client().equals(first.client()) && (exclusive(first) || exclusive(second))
                        && noReleaseBetween(piece, first, second)) {
                    return Optional.of("Two holders at once: " + model.describe(second) + " by client "
                            + second.client() + " (" + Explainer.interval(second) + ") was granted while client "
                            + first.client() + " still held " + second.command().lock() + ": "
                            + model.describe(first) + " had completed at " + Explainer.ms(first.completedAt())
                            + " and client " + first.client() + " released nothing before " + Explainer.ms(
                                    second.completedAt()) + ".");
                }
            }
        }
        for (Operation<LockCommand, Long> release : piece) {
            if (release.outcome() == Outcome.OK && release.command() instanceof LockCommand.Release
                    && piece.stream().noneMatch(grant -> grant != release
                            && grant.client().equals(release.client())
                            && !(grant.command() instanceof LockCommand.Release)
                            && grant.invokedAt() <= release.completedAt()
                            && !(grant.outcome() == Outcome.OK && grant.result() == null))) {
                return Optional.of("A release by a client that held nothing: " + model.describe(release)
                        + " by client " + release.client() + " (" + Explainer.interval(release)
                        + ") answered OK, but nothing granted " + release.command().lock() + " to client "
                        + release.client() + " before it.");
            }
        }
        return Optional.empty();
    }

    private static boolean exclusive(Operation<LockCommand, Long> grant) {
        return mode(grant) == LockCommand.Mode.EXCLUSIVE;
    }

    /** An exclusive grant always starts a tenure; a shared one may join others, which the piece alone cannot tell. */
    private static boolean startsTenure(Operation<LockCommand, Long> grant) {
        return exclusive(grant);
    }

    private static LockCommand.Mode mode(Operation<LockCommand, Long> grant) {
        return grant.command() instanceof LockCommand.Acquire acquire ? acquire.mode()
                : ((LockCommand.TryAcquire) grant.command()).mode();
    }

    /** Whether the first holder certainly did not release between its grant and the second's answer. */
    private static boolean noReleaseBetween(List<Operation<LockCommand, Long>> piece, Operation<LockCommand, Long> first,
                                            Operation<LockCommand, Long> second) {
        return piece.stream().noneMatch(op -> op.command() instanceof LockCommand.Release
                && op.outcome() != Outcome.FAIL
                && op.client().equals(first.client())
                && op.invokedAt() <= second.completedAt()
                && (op.outcome() == Outcome.UNKNOWN || op.completedAt() >= first.invokedAt()));
    }
}
