package dev.kata.runtime.checker;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The well-known shapes of a failing key-value piece, in words: a value from nowhere, a failed
 * write that took effect, a read from the future, a lost update, a wrong refusal, a stale read.
 *
 * <p>Recognising a shape only chooses the words. The verdict comes from the search alone, and
 * every named shape is a sufficient reason on its own: a stale read is named only when no write
 * of the stale value could have come after the newer one. The shapes are looked for in the piece
 * only, which is enough because the piece keeps every write a remaining operation may have read
 * from ({@link KeyValueModel#witnessClosure}).
 */
final class KvAnomalies {

    private KvAnomalies() {
    }

    static Optional<String> anomaly(List<Operation<KvCommand, String>> piece, List<Operation<KvCommand, String>> keyHistory) {
        for (Operation<KvCommand, String> read : piece) {
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
    private static Optional<String> readOfNothing(Operation<KvCommand, String> read, List<Operation<KvCommand, String>> keyHistory) {
        String value = read.result();
        if (value == null) {
            return Optional.empty(); // the key starts absent
        }
        List<Operation<KvCommand, String>> writers = keyHistory.stream()
                .filter(op -> op.outcome() != Outcome.FAIL && KeyValueModel.mayWrite(op) && value.equals(KeyValueModel.written(op)))
                .toList();
        if (writers.isEmpty()) {
            Optional<Operation<KvCommand, String>> failed = keyHistory.stream()
                    .filter(op -> op.outcome() == Outcome.FAIL && KeyValueModel.mayWrite(op) && value.equals(KeyValueModel.written(op)))
                    .findFirst();
            if (failed.isPresent()) {
                Operation<KvCommand, String> write = failed.get();
                return Optional.of("A failed write took effect: " + describe(read) + ", but the only write of " + value
                        + ", " + write.command() + " by client " + write.client() + ", failed at " + ms(write.completedAt())
                        + ". A failed operation must never take effect.");
            }
            return Optional.of("A value from nowhere: " + describe(read) + ", but no operation wrote " + value + " to "
                    + read.command().key() + ".");
        }
        Operation<KvCommand, String> first = writers.stream().min(Comparator.comparingLong(op -> op.invokedAt())).orElseThrow();
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
    private static Optional<String> lostUpdate(List<Operation<KvCommand, String>> piece) {
        List<Operation<KvCommand, String>> successes = piece.stream().filter(KvAnomalies::isSuccessfulCas).toList();
        for (int i = 0; i < successes.size(); i++) {
            for (int j = i + 1; j < successes.size(); j++) {
                Operation<KvCommand, String> a = successes.get(i);
                Operation<KvCommand, String> b = successes.get(j);
                String expected = ((KvCommand.CompareAndSet) a.command()).expected();
                if (!Objects.equals(expected, ((KvCommand.CompareAndSet) b.command()).expected())
                        || Objects.equals(expected, KeyValueModel.written(a)) || Objects.equals(expected, KeyValueModel.written(b))) {
                    continue;
                }
                long bothBegun = Math.min(a.invokedAt(), b.invokedAt());
                long bothDone = Math.max(a.completedAt(), b.completedAt());
                List<Operation<KvCommand, String>> restorers = writersOf(expected, piece).stream()
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
    private static Optional<String> wrongRefusal(List<Operation<KvCommand, String>> piece) {
        for (Operation<KvCommand, String> refusal : piece) {
            if (refusal.outcome() != Outcome.OK || !(refusal.command() instanceof KvCommand.CompareAndSet cas)
                    || Boolean.parseBoolean(refusal.result())) {
                continue;
            }
            for (Operation<KvCommand, String> write : piece) {
                boolean wroteExpected = write.outcome() == Outcome.OK && KeyValueModel.mayWrite(write)
                        && Objects.equals(KeyValueModel.written(write), cas.expected());
                if (!wroteExpected || write.completedAt() >= refusal.invokedAt()) {
                    continue;
                }
                List<Operation<KvCommand, String>> others = piece.stream()
                        .filter(w -> w != write && KeyValueModel.mayWrite(w) && w.invokedAt() <= refusal.completedAt())
                        .filter(w -> !Objects.equals(KeyValueModel.written(w), cas.expected()))
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
    private static Optional<String> staleRead(List<Operation<KvCommand, String>> piece) {
        for (Operation<KvCommand, String> read : piece) {
            if (!isAnsweredRead(read)) {
                continue;
            }
            String stale = read.result();
            List<Operation<KvCommand, String>> staleWriters = writersOf(stale, piece).stream()
                    .filter(w -> w.invokedAt() <= read.completedAt()).toList();
            Operation<KvCommand, String> newest = null;
            String newer = null;
            for (Operation<KvCommand, String> witness : piece) {
                if (witness.outcome() != Outcome.OK || witness.completedAt() >= read.invokedAt()) {
                    continue;
                }
                String value;
                long newerWrittenFrom;
                if (witness.command() instanceof KvCommand.Read) {
                    value = witness.result();
                    List<Operation<KvCommand, String>> sources = writersOf(value, piece).stream()
                            .filter(w -> w.invokedAt() <= witness.completedAt()).toList();
                    if (value == null || sources.isEmpty()) {
                        continue; // it may have seen the initial absence, which nothing is older than
                    }
                    newerWrittenFrom = sources.stream().mapToLong(Operation::invokedAt).min().orElseThrow();
                } else if (witness.command() instanceof KvCommand.Write || isSuccessfulCas(witness)) {
                    value = KeyValueModel.written(witness);
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
                    Operation<KvCommand, String> source = staleWriters.get(0);
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
    private static List<Operation<KvCommand, String>> writersOf(String value, List<Operation<KvCommand, String>> piece) {
        return piece.stream().filter(op -> KeyValueModel.mayWrite(op) && Objects.equals(value, KeyValueModel.written(op))).toList();
    }

    /** Whether all these writes completed before {@code time}; a write without an answer never completed. */
    private static boolean allCompletedBefore(List<Operation<KvCommand, String>> writes, long time) {
        return writes.stream().allMatch(w -> w.outcome() == Outcome.OK && w.completedAt() < time);
    }

    private static boolean isAnsweredRead(Operation<KvCommand, String> op) {
        return op.outcome() == Outcome.OK && op.command() instanceof KvCommand.Read;
    }

    private static boolean isSuccessfulCas(Operation<KvCommand, String> op) {
        return op.outcome() == Outcome.OK && op.command() instanceof KvCommand.CompareAndSet
                && Boolean.parseBoolean(op.result());
    }

    private static String describe(Operation<KvCommand, String> op) {
        return KeyValueModel.INSTANCE.describe(op);
    }

    private static String interval(Operation<?, ?> op) {
        return Explainer.interval(op);
    }

    private static String ms(long nanos) {
        return Explainer.ms(nanos);
    }
}
