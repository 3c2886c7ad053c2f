package dev.kata.runtime.checker;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Puts the checker's verdicts into words for a learner: the operations, their answers and time
 * intervals, and, when the failing piece has a well-known shape, its name and why it is wrong.
 *
 * <p>Recognising a shape only chooses the words. The verdict comes from the search alone, and
 * every named shape is a sufficient reason on its own: a stale read is named only when no write
 * of the stale value could have come after the newer one. The shapes are looked for in the piece
 * only, which is enough because the {@link Shrinker} keeps in it every write a remaining
 * operation may have read from.
 */
final class Explainer {

    private Explainer() {
    }

    static String linearizable(int operations, int keys) {
        return "Linearizable: " + operations + " operation" + (operations == 1 ? "" : "s") + " on " + keys
                + " key" + (keys == 1 ? "" : "s") + " can be ordered so that each takes effect at one instant"
                + " between its invocation and its answer.";
    }

    static String inconclusive(String key, int operations, long budget) {
        return "Inconclusive: the search for key " + key + " (" + operations + " operations) gave up after exploring "
                + budget + " states without a verdict. This says nothing about correctness. Many concurrent"
                + " operations, especially writes without an answer, multiply the orders to try: record fewer,"
                + " or give the checker a larger budget (new LinearizabilityChecker(budget)).";
    }

    /**
     * @param piece       the shrunk piece of the key's history
     * @param keyHistory  every operation on the key, failed ones included
     * @param otherKeys   other keys found not linearizable
     */
    static String notLinearizable(String key, Shrinker.Piece piece, List<Operation> keyHistory, List<String> otherKeys) {
        List<Operation> ops = piece.operations();
        StringBuilder words = new StringBuilder();
        words.append("Not linearizable: key ").append(key).append(". ");
        if (ops.size() == 1) {
            words.append("This operation cannot have given its result at any instant between its invocation and"
                    + " its answer:\n");
        } else {
            words.append("No order of these ").append(ops.size()).append(" operations, each taking effect at one"
                    + " instant between its invocation and its answer, explains every result:\n");
        }
        words.append(table(ops));
        words.append(anomaly(ops, keyHistory).orElse("No simple anomaly explains it on its own: try to order these"
                + " operations by hand, each at one instant within its interval, and see which result cannot be"
                + " given."));
        if (!piece.minimal()) {
            words.append("\n(Shrinking stopped at its budget: a smaller piece may exist.)");
        }
        if (otherKeys.size() == 1) {
            words.append("\nKey ").append(otherKeys.get(0)).append(" is not linearizable either.");
        } else if (otherKeys.size() > 1) {
            words.append("\nKeys ").append(String.join(", ", otherKeys)).append(" are not linearizable either.");
        }
        return words.toString();
    }

    /** One line per operation, in columns, the times right-aligned so that they line up. */
    private static String table(List<Operation> ops) {
        List<String[]> rows = new ArrayList<>();
        for (Operation op : ops) {
            String to = op.outcome() == Outcome.UNKNOWN ? "no answer" : ms(op.completedAt());
            rows.add(new String[] {"op " + op.id(), "client " + op.client(), describe(op), ms(op.invokedAt()), to});
        }
        int[] widths = new int[5];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder table = new StringBuilder();
        for (String[] row : rows) {
            table.append(String.format(Locale.ROOT, "  %-" + widths[0] + "s  %-" + widths[1] + "s  %-" + widths[2]
                    + "s  %" + widths[3] + "s .. %" + widths[4] + "s\n", (Object[]) row));
        }
        return table.toString();
    }

    private static Optional<String> anomaly(List<Operation> piece, List<Operation> keyHistory) {
        for (Operation read : piece) {
            if (isAnsweredRead(read)) {
                Optional<String> words = readOfNothing(read, keyHistory);
                if (words.isPresent()) {
                    return words;
                }
            }
        }
        Optional<String> lostUpdate = lostUpdate(piece);
        if (lostUpdate.isPresent()) {
            return lostUpdate;
        }
        Optional<String> wrongRefusal = wrongRefusal(piece);
        if (wrongRefusal.isPresent()) {
            return wrongRefusal;
        }
        return staleRead(piece);
    }

    /** A read of a value that no operation could have written before it: never written, failed, or written later. */
    private static Optional<String> readOfNothing(Operation read, List<Operation> keyHistory) {
        String value = read.result();
        if (value == null) {
            return Optional.empty(); // the key starts absent
        }
        List<Operation> writers = keyHistory.stream()
                .filter(op -> op.outcome() != Outcome.FAIL && Shrinker.mayWrite(op) && value.equals(Shrinker.written(op)))
                .toList();
        if (writers.isEmpty()) {
            Optional<Operation> failed = keyHistory.stream()
                    .filter(op -> op.outcome() == Outcome.FAIL && Shrinker.mayWrite(op) && value.equals(Shrinker.written(op)))
                    .findFirst();
            if (failed.isPresent()) {
                Operation write = failed.get();
                return Optional.of("A failed write took effect: " + describe(read) + ", but the only write of " + value
                        + ", " + write.command() + " by client " + write.client() + ", failed at " + ms(write.completedAt())
                        + ". A failed operation must never take effect.");
            }
            return Optional.of("A value from nowhere: " + describe(read) + ", but no operation wrote " + value + " to "
                    + read.command().key() + ".");
        }
        Operation first = writers.stream().min(Comparator.comparingLong(Operation::invokedAt)).orElseThrow();
        if (first.invokedAt() > read.completedAt()) {
            return Optional.of("A read from the future: " + describe(read) + " completed at " + ms(read.completedAt())
                    + ", before any write of " + value + " began (the first, " + first.command() + ", began at "
                    + ms(first.invokedAt()) + ").");
        }
        return Optional.empty();
    }

    /**
     * Two compare-and-sets that both found the same value, when nothing could have put that value
     * back between them: one of them overwrote an update it never saw.
     */
    private static Optional<String> lostUpdate(List<Operation> piece) {
        List<Operation> successes = piece.stream().filter(Explainer::isSuccessfulCas).toList();
        for (int i = 0; i < successes.size(); i++) {
            for (int j = i + 1; j < successes.size(); j++) {
                Operation a = successes.get(i);
                Operation b = successes.get(j);
                String expected = ((KvCommand.CompareAndSet) a.command()).expected();
                if (!Objects.equals(expected, ((KvCommand.CompareAndSet) b.command()).expected())
                        || Objects.equals(expected, Shrinker.written(a)) || Objects.equals(expected, Shrinker.written(b))) {
                    continue;
                }
                long bothBegun = Math.min(a.invokedAt(), b.invokedAt());
                long bothDone = Math.max(a.completedAt(), b.completedAt());
                List<Operation> restorers = writersOf(expected, piece).stream()
                        .filter(w -> w.invokedAt() <= bothDone).toList();
                if (allCompletedBefore(restorers, bothBegun)) {
                    return Optional.of("A lost update: " + describe(a) + " by client " + a.client() + " ("
                            + interval(a) + ") and " + describe(b) + " by client " + b.client() + " (" + interval(b)
                            + ") both succeeded, but only one of them can have found " + expected + ": whichever took"
                            + " effect first changed " + a.command().key() + ", and nothing wrote " + expected
                            + " again. The other one overwrote an update it never saw.");
                }
            }
        }
        return Optional.empty();
    }

    /**
     * A compare-and-set that answered "false" although the last write before it certainly wrote
     * the value it expected.
     */
    private static Optional<String> wrongRefusal(List<Operation> piece) {
        for (Operation refusal : piece) {
            if (refusal.outcome() != Outcome.OK || !(refusal.command() instanceof KvCommand.CompareAndSet cas)
                    || Boolean.parseBoolean(refusal.result())) {
                continue;
            }
            for (Operation write : piece) {
                boolean wroteExpected = write.outcome() == Outcome.OK && Shrinker.mayWrite(write)
                        && Objects.equals(Shrinker.written(write), cas.expected());
                if (!wroteExpected || write.completedAt() >= refusal.invokedAt()) {
                    continue;
                }
                List<Operation> others = piece.stream()
                        .filter(w -> w != write && Shrinker.mayWrite(w) && w.invokedAt() <= refusal.completedAt())
                        .filter(w -> !Objects.equals(Shrinker.written(w), cas.expected()))
                        .toList();
                if (allCompletedBefore(others, write.invokedAt())) {
                    return Optional.of("A wrong refusal: " + describe(refusal) + " began at " + ms(refusal.invokedAt())
                            + ", after " + describe(write) + " had completed at " + ms(write.completedAt())
                            + ", and nothing can have changed " + cas.key() + " to another value since, so it held "
                            + cas.expected() + " and the compare-and-set must have succeeded.");
                }
            }
        }
        return Optional.empty();
    }

    /**
     * A read that began after another operation had shown a newer value (written it, or read it),
     * when the value read cannot have been written again after that.
     */
    private static Optional<String> staleRead(List<Operation> piece) {
        for (Operation read : piece) {
            if (!isAnsweredRead(read)) {
                continue;
            }
            String stale = read.result();
            List<Operation> staleWriters = writersOf(stale, piece).stream()
                    .filter(w -> w.invokedAt() <= read.completedAt()).toList();
            Operation newest = null;
            String newer = null;
            for (Operation witness : piece) {
                if (witness.outcome() != Outcome.OK || witness.completedAt() >= read.invokedAt()) {
                    continue;
                }
                String value;
                long newerWrittenFrom;
                if (witness.command() instanceof KvCommand.Read) {
                    value = witness.result();
                    List<Operation> sources = writersOf(value, piece).stream()
                            .filter(w -> w.invokedAt() <= witness.completedAt()).toList();
                    if (value == null || sources.isEmpty()) {
                        continue; // it may have seen the initial absence, which nothing is older than
                    }
                    newerWrittenFrom = sources.stream().mapToLong(Operation::invokedAt).min().orElseThrow();
                } else if (witness.command() instanceof KvCommand.Write || isSuccessfulCas(witness)) {
                    value = Shrinker.written(witness);
                    newerWrittenFrom = witness.invokedAt();
                } else {
                    continue;
                }
                if (!Objects.equals(value, stale) && allCompletedBefore(staleWriters, newerWrittenFrom)
                        && (newest == null || witness.completedAt() > newest.completedAt())) {
                    newest = witness;
                    newer = value;
                }
            }
            if (newest != null) {
                String words = "A stale read: " + describe(read) + " began at " + ms(read.invokedAt()) + ", after "
                        + describe(newest) + " had completed at " + ms(newest.completedAt()) + ", so it must see "
                        + newer + " or a later value.";
                if (staleWriters.size() == 1) {
                    Operation source = staleWriters.get(0);
                    words += " " + stale + " came from " + source.command() + ", which had completed at "
                            + ms(source.completedAt()) + ".";
                } else if (stale == null && staleWriters.isEmpty()) {
                    words += " null means absent, which " + read.command().key() + " was only before any write.";
                }
                return Optional.of(words);
            }
        }
        return Optional.empty();
    }

    /** Every operation of the piece that may have written {@code value}. */
    private static List<Operation> writersOf(String value, List<Operation> piece) {
        return piece.stream().filter(op -> Shrinker.mayWrite(op) && Objects.equals(value, Shrinker.written(op))).toList();
    }

    /** Whether all these writes completed before {@code time}; a write without an answer never completed. */
    private static boolean allCompletedBefore(List<Operation> writes, long time) {
        return writes.stream().allMatch(w -> w.outcome() == Outcome.OK && w.completedAt() < time);
    }

    private static boolean isAnsweredRead(Operation op) {
        return op.outcome() == Outcome.OK && op.command() instanceof KvCommand.Read;
    }

    private static boolean isSuccessfulCas(Operation op) {
        return op.outcome() == Outcome.OK && op.command() instanceof KvCommand.CompareAndSet
                && Boolean.parseBoolean(op.result());
    }

    /** An operation and its answer: {@code read(x) -> 1}, {@code write(x, 1)}, {@code cas(x, 0 -> 1) -> true}. */
    static String describe(Operation op) {
        String text = op.command().toString();
        if (op.outcome() == Outcome.UNKNOWN) {
            return text + " (no answer)";
        }
        if (op.command() instanceof KvCommand.Write) {
            return text;
        }
        return text + " -> " + op.result();
    }

    /** When the operation was in flight, in milliseconds. */
    static String interval(Operation op) {
        if (op.outcome() == Outcome.UNKNOWN) {
            return ms(op.invokedAt()) + " .. no answer";
        }
        return ms(op.invokedAt()) + " .. " + ms(op.completedAt());
    }

    /** Nanoseconds as milliseconds with three decimals: 12500000 becomes "12.500 ms". */
    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f ms", nanos / 1_000_000.0);
    }
}
