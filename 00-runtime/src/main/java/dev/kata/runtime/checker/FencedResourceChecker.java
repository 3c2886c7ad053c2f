package dev.kata.runtime.checker;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Checks the classic failure that fencing prevents: a lock holder that stalled past its lease
 * (or lost its lock some other way) writes to a resource after a newer holder has. A resource that
 * checks sequencers must never accept a write carrying a generation older than one it has seen,
 * and two holders must never have their writes accepted in overlapping tenures.
 *
 * <pre>{@code
 * FencingResult result = FencedResourceChecker.check(lockHistory.operations(), resourceWrites);
 * result.assertSafe();
 * }</pre>
 *
 * <p>Per lock, in the order the resource decided (its {@link FencedWrite#at} times), an accepted
 * write is a violation when
 * <ul>
 *   <li>its generation is older than one the resource had seen before, in a write it accepted or
 *       rejected: a stale holder got through;</li>
 *   <li>another holder's accepted writes came between two of its own: the two tenures overlapped
 *       at the resource (which the first rule misses when the generations are equal or the
 *       resource compares nothing);</li>
 *   <li>the lock service never granted its generation to its client (only answered grants are
 *       known: when the client has a grant without an answer, it gets the benefit of the doubt).</li>
 * </ul>
 * The lock history itself is checked by {@link LinearizabilityChecker} with {@link LockModel}; this
 * checker assumes nothing about it beyond the grants it records.
 */
public final class FencedResourceChecker {

    private FencedResourceChecker() {
    }

    /**
     * @param locks  the lock service's history (grants give the generations); may be empty if the
     *               writes alone are to be checked, but then every generation counts as unknown
     * @param writes every write the resource decided on, accepted or not
     */
    public static FencingResult check(List<Operation<LockCommand, Long>> locks, List<FencedWrite> writes) {
        Objects.requireNonNull(locks, "locks");
        Objects.requireNonNull(writes, "writes");
        Map<String, List<FencedWrite>> byLock = new HashMap<>();
        List<FencedWrite> ordered = new ArrayList<>(writes);
        ordered.sort(Comparator.comparingLong(FencedWrite::at)); // stable: equal times keep the given order
        for (FencedWrite write : ordered) {
            byLock.computeIfAbsent(write.lock(), lock -> new ArrayList<>()).add(write);
        }
        List<FencedWrite> violations = new ArrayList<>();
        List<String> words = new ArrayList<>();
        for (List<FencedWrite> lockWrites : byLock.values()) {
            check(locks, lockWrites, violations, words);
        }
        if (violations.isEmpty()) {
            return new FencingResult(List.of(), "Safe: " + writes.size() + " write" + (writes.size() == 1 ? "" : "s")
                    + " to fenced resources; every accepted one carried the newest generation seen, from the holder"
                    + " it was granted to, and no two holders' tenures overlapped.");
        }
        return new FencingResult(violations, "Not safe: the resource accepted " + violations.size() + " write"
                + (violations.size() == 1 ? "" : "s") + " it should have rejected.\n" + String.join("\n", words));
    }

    private static void check(List<Operation<LockCommand, Long>> locks, List<FencedWrite> writes,
                              List<FencedWrite> violations, List<String> words) {
        FencedWrite newestSeen = null;
        String currentTenure = null;
        FencedWrite currentTenureWrite = null;
        Set<String> closedTenures = new HashSet<>();
        for (FencedWrite write : writes) {
            if (write.accepted()) {
                String tenure = write.client() + "@" + write.generation();
                if (newestSeen != null && write.generation() < newestSeen.generation()) {
                    violations.add(write);
                    words.add("A stale holder got through: " + write + ", but the resource had already seen "
                            + newestSeen + ". A write with an older generation than one seen must be rejected: its"
                            + " holder lost the lock to a newer one.");
                } else if (closedTenures.contains(tenure)) {
                    violations.add(write);
                    words.add("Two tenures overlapped: " + write + ", after the resource had accepted "
                            + currentTenureWrite + " from another tenure. Once another holder has written, the old"
                            + " holder's writes must be rejected.");
                } else {
                    String unknown = ungranted(locks, write);
                    if (unknown != null) {
                        violations.add(write);
                        words.add("A generation that was never granted: " + write + ", but " + unknown + ".");
                    }
                }
                if (!tenure.equals(currentTenure)) {
                    if (currentTenure != null) {
                        closedTenures.add(currentTenure);
                    }
                    currentTenure = tenure;
                }
                currentTenureWrite = write;
            }
            if (newestSeen == null || write.generation() > newestSeen.generation()) {
                newestSeen = write;
            }
        }
    }

    /** Why the write's generation was not its client's to use, or null when it was (or may have been). */
    private static String ungranted(List<Operation<LockCommand, Long>> locks, FencedWrite write) {
        boolean unknownGrant = false;
        String grantedTo = null;
        for (Operation<LockCommand, Long> op : locks) {
            if (op.command() instanceof LockCommand.Release || !op.command().lock().equals(write.lock())
                    || op.invokedAt() > write.at()) {
                continue;
            }
            if (op.outcome() == Outcome.UNKNOWN && op.client().equals(write.client())) {
                unknownGrant = true;
            } else if (op.outcome() == Outcome.OK && op.result() != null && op.result() == write.generation()) {
                if (op.client().equals(write.client())) {
                    return null;
                }
                grantedTo = op.client();
            }
        }
        if (unknownGrant) {
            return null;
        }
        return grantedTo != null ? "the lock service granted generation " + write.generation() + " of "
                + write.lock() + " to client " + grantedTo
                : "the lock service granted client " + write.client() + " no generation " + write.generation() + " of "
                + write.lock() + " before then";
    }
}
