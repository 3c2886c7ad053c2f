package dev.kata.runtime.checker;

import static dev.kata.runtime.checker.Ops.read;
import static dev.kata.runtime.checker.Ops.unknown;
import static dev.kata.runtime.checker.Ops.write;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The hard histories of {@link DecisiveCheckerTest} and {@link CheckerBenchmark}: simulated atomic
 * registers (10 clients, 5 keys, 100,000 operations, 2% unanswered, 3% failed), with one mistake
 * planted, and hand-made histories of unanswered writes.
 */
final class CheckerCases {

    /** A history and the operation planted in it. */
    record Planted(List<Operation<KvCommand, String>> history, Operation<KvCommand, String> culprit) {
    }

    private CheckerCases() {
    }

    /** 100,000 operations of 10 clients on 5 keys, linearizable by construction. */
    static List<Operation<KvCommand, String>> atomicStore(long seed) {
        return LargeHistoryTest.simulateAtomicStore(seed, 10, 10_000, List.of("a", "b", "c", "d", "e"));
    }

    /**
     * One answered read in the middle now returns a value that two answered writes certainly
     * replaced before the read began: the first completed before the second began, which completed
     * before the read began.
     */
    static Planted staleReadInTheMiddle(long seed) {
        List<Operation<KvCommand, String>> history = new ArrayList<>(atomicStore(seed));
        for (int i = history.size() / 2; i < history.size(); i++) {
            Operation<KvCommand, String> op = history.get(i);
            if (op.outcome() != Outcome.OK || !(op.command() instanceof KvCommand.Read)) {
                continue;
            }
            String stale = staleValueBefore(history, op);
            if (stale != null && !stale.equals(op.result())) {
                Operation<KvCommand, String> planted = op.withOutcome(Outcome.OK, stale, op.completedAt());
                history.set(i, planted);
                return new Planted(history, planted);
            }
        }
        throw new IllegalStateException("no read with a stale value to plant after the middle (seed " + seed + ")");
    }

    /** One answered read in the middle now returns a value nobody wrote. */
    static Planted readOfNothingInTheMiddle(long seed) {
        List<Operation<KvCommand, String>> history = new ArrayList<>(atomicStore(seed));
        for (int i = history.size() / 2; i < history.size(); i++) {
            Operation<KvCommand, String> op = history.get(i);
            if (op.outcome() == Outcome.OK && op.command() instanceof KvCommand.Read) {
                Operation<KvCommand, String> planted = op.withOutcome(Outcome.OK, "nobody wrote this", op.completedAt());
                history.set(i, planted);
                return new Planted(history, planted);
            }
        }
        throw new IllegalStateException("no answered read after the middle (seed " + seed + ")");
    }

    /** A non-null value an answered plain write wrote, certainly overwritten before {@code read} began. */
    private static String staleValueBefore(List<Operation<KvCommand, String>> history, Operation<KvCommand, String> read) {
        String key = read.command().key();
        Operation<KvCommand, String> newest = null; // the answered write completed last before the read
        for (Operation<KvCommand, String> op : history) {
            if (op.outcome() == Outcome.OK && op.command() instanceof KvCommand.Write w && w.key().equals(key)
                    && op.completedAt() < read.invokedAt() && (newest == null || op.completedAt() > newest.completedAt())) {
                newest = op;
            }
        }
        if (newest == null) {
            return null;
        }
        for (Operation<KvCommand, String> op : history) {
            if (op.outcome() == Outcome.OK && op.command() instanceof KvCommand.Write w && w.key().equals(key)
                    && w.value() != null && op.completedAt() < newest.invokedAt()
                    && !Objects.equals(w.value(), ((KvCommand.Write) newest.command()).value())) {
                return w.value();
            }
        }
        return null;
    }

    /** {@code writes} unanswered writes whose values nobody reads, then a read of a value nobody wrote. */
    static List<Operation<KvCommand, String>> unreadUnknownWritesThenReadOfNothing(int writes) {
        List<Operation<KvCommand, String>> ops = new ArrayList<>();
        for (int i = 0; i < writes; i++) {
            ops.add(unknown(i, "w" + i, new KvCommand.Write("x", "u" + i), i * 0.01));
        }
        ops.add(read(writes, "r", "x", "nobody wrote this", writes * 0.01 + 100, writes * 0.01 + 110));
        return ops;
    }

    /**
     * write(x, v0); then {@code writes} unanswered writes v1, v2, ..., all pending at once; then
     * reads: of v1 only, or of each value v1, v2, ... in turn. Linearizable either way.
     */
    static List<Operation<KvCommand, String>> pendingWrites(int writes, boolean readEach) {
        List<Operation<KvCommand, String>> ops = new ArrayList<>();
        ops.add(write(0, "w0", "x", "v0", 0, 1));
        for (int i = 1; i <= writes; i++) {
            ops.add(unknown(i, "w" + i, new KvCommand.Write("x", "v" + i), 1 + i * 0.1));
        }
        for (int i = 1; i <= writes; i++) {
            String value = readEach ? "v" + i : "v1";
            ops.add(read(writes + i, "r", "x", value, 10 + 2 * i, 11 + 2 * i));
        }
        return ops;
    }
}
