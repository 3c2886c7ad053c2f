package dev.kata.runtime.checker;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The sequential specification of a key-value store: every key is an independent register
 * ({@link Register}) that a {@link KvCommand} reads, writes or compare-and-sets. Results are
 * strings: a read's value (null for none), null for a write, "true" or "false" for a
 * compare-and-set.
 *
 * <p>Besides the step, it knows where every result can come from, which makes the checker
 * decisive on long histories:
 * <ul>
 *   <li>an unanswered write matters only to the operations that could see its value (reads of
 *       it, compare-and-sets expecting it) or its not being another value (compare-and-sets that
 *       answered "false"): after the last of them it is dropped, and with none it is left out
 *       ({@link #relevantUntil});</li>
 *   <li>a read of a value no write could have written by then is a failure found without a
 *       search ({@link #quickWitness});</li>
 *   <li>shrinking keeps, for each operation that saw a value, every write that may be its source,
 *       and for every compare-and-set that may have written, the writes that let it match
 *       ({@link #witnessClosure}).</li>
 * </ul>
 */
public final class KeyValueModel implements Model<KvCommand, String, Register> {

    public static final KeyValueModel INSTANCE = new KeyValueModel();

    private KeyValueModel() {
    }

    @Override
    public Register initial() {
        return Register.ABSENT;
    }

    @Override
    public Optional<Register> step(Register register, Operation<KvCommand, String> op) {
        boolean answered = op.outcome() == Outcome.OK;
        KvCommand command = op.command();
        if (command instanceof KvCommand.Read) {
            return answered && !Objects.equals(op.result(), register.value()) ? Optional.empty() : Optional.of(register);
        }
        if (command instanceof KvCommand.Write write) {
            return Optional.of(new Register(write.value()));
        }
        if (command instanceof KvCommand.CompareAndSet cas) {
            boolean matches = Objects.equals(register.value(), cas.expected());
            if (answered && matches != Boolean.parseBoolean(op.result())) {
                return Optional.empty();
            }
            return Optional.of(matches ? new Register(cas.value()) : register);
        }
        throw new IllegalStateException("unexpected command " + command);
    }

    @Override
    public String partition(KvCommand command) {
        return command.key();
    }

    @Override
    public String pieceName() {
        return "key";
    }

    @Override
    public boolean readOnly(KvCommand command) {
        return command instanceof KvCommand.Read;
    }

    /** A write sets the key whatever it held, and answers nothing. */
    @Override
    public boolean blind(KvCommand command) {
        return command instanceof KvCommand.Write;
    }

    @Override
    public void validate(Operation<KvCommand, String> op) {
        String what = "operation " + op.id() + " (" + op.command() + " by client " + op.client() + ")";
        if (op.command().key() == null) {
            throw new IllegalArgumentException(what + " has no key; every operation reads, writes or"
                    + " compare-and-sets one key");
        }
        if (op.outcome() == Outcome.OK && op.command() instanceof KvCommand.CompareAndSet
                && !"true".equals(op.result()) && !"false".equals(op.result())) {
            throw new IllegalArgumentException(what + " is OK with result \"" + op.result()
                    + "\"; a compare-and-set answers \"true\" or \"false\"");
        }
    }

    /** An operation and its answer: {@code read(x) -> 1}, {@code write(x, 1)}, {@code cas(x, 0 -> 1) -> true}. */
    @Override
    public String describe(Operation<KvCommand, String> op) {
        String text = op.command().toString();
        if (op.outcome() == Outcome.UNKNOWN) {
            return text + " (no answer)";
        }
        if (op.command() instanceof KvCommand.Write) {
            return text;
        }
        return text + " -> " + op.result();
    }

    /**
     * An unanswered write or compare-and-set of {@code v} can matter only to answered reads of
     * {@code v}, answered compare-and-sets that found {@code v}, compare-and-sets that answered
     * "false" expecting anything but {@code v} while the key may have held what they expected (it
     * may be why they found something else), and unanswered compare-and-sets expecting {@code v}
     * (which may matter at any time). Placed after
     * all of them it changes no answer any more: whatever comes next either overwrites it or would
     * have to see it, and nothing left does.
     */
    @Override
    public long[] relevantUntil(List<Operation<KvCommand, String>> piece) {
        Map<String, Long> lastSeen = new HashMap<>();
        Set<String> expectedByUnknown = new HashSet<>();
        Map<String, Long> lastRefusal = new HashMap<>(); // by the value the refusal expected
        Overwrites overwrites = null;
        Map<String, List<Operation<KvCommand, String>>> writersByValue = null;
        for (Operation<KvCommand, String> op : piece) {
            if (op.command() instanceof KvCommand.Read && op.outcome() == Outcome.OK) {
                lastSeen.merge(op.result(), op.completedAt(), Math::max);
            } else if (op.command() instanceof KvCommand.CompareAndSet cas) {
                if (op.outcome() != Outcome.OK) {
                    expectedByUnknown.add(cas.expected());
                } else if (Boolean.parseBoolean(op.result())) {
                    lastSeen.merge(cas.expected(), op.completedAt(), Math::max);
                } else {
                    if (overwrites == null) {
                        overwrites = new Overwrites(piece);
                        writersByValue = writersByValue(piece);
                    }
                    if (mayHoldExpected(op, cas.expected(), overwrites, writersByValue)) {
                        lastRefusal.merge(cas.expected(), op.completedAt(), Math::max);
                    }
                }
            }
        }
        // The latest refusal, and the latest one expecting something else than it did.
        String latestRefusalExpected = null;
        long latestRefusal = Long.MIN_VALUE;
        for (Map.Entry<String, Long> refusal : lastRefusal.entrySet()) {
            if (refusal.getValue() > latestRefusal) {
                latestRefusal = refusal.getValue();
                latestRefusalExpected = refusal.getKey();
            }
        }
        long latestOtherRefusal = Long.MIN_VALUE;
        for (Map.Entry<String, Long> refusal : lastRefusal.entrySet()) {
            if (!Objects.equals(refusal.getKey(), latestRefusalExpected)) {
                latestOtherRefusal = Math.max(latestOtherRefusal, refusal.getValue());
            }
        }
        long[] until = new long[piece.size()];
        Arrays.fill(until, Long.MAX_VALUE);
        for (int i = 0; i < piece.size(); i++) {
            Operation<KvCommand, String> op = piece.get(i);
            if (op.outcome() == Outcome.OK || !mayWrite(op)) {
                continue;
            }
            String value = written(op);
            if (expectedByUnknown.contains(value)) {
                continue;
            }
            long refusals = Objects.equals(value, latestRefusalExpected) ? latestOtherRefusal : latestRefusal;
            long last = Math.max(lastSeen.getOrDefault(value, Long.MIN_VALUE), refusals);
            until[i] = last < op.invokedAt() ? Long.MIN_VALUE : last;
        }
        return until;
    }

    /**
     * Whether the key may have held {@code expected} when {@code refusal} took effect: only then
     * does a refusal need another value put there, and only then can an unanswered write matter to
     * it. It may when a write of that value may be the last write before it, or, for null, when no
     * answered write certainly came before it.
     */
    private static boolean mayHoldExpected(Operation<KvCommand, String> refusal, String expected, Overwrites overwrites,
                                           Map<String, List<Operation<KvCommand, String>>> writersByValue) {
        if (expected == null && overwrites.noWriteCompletedBefore(refusal.invokedAt())) {
            return true;
        }
        for (Operation<KvCommand, String> writer : writersByValue.getOrDefault(expected, List.of())) {
            if (overwrites.mayBeLastWriteBefore(writer, refusal)) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, List<Operation<KvCommand, String>>> writersByValue(List<Operation<KvCommand, String>> piece) {
        Map<String, List<Operation<KvCommand, String>>> writers = new HashMap<>();
        for (Operation<KvCommand, String> op : piece) {
            if (mayWrite(op)) {
                writers.computeIfAbsent(written(op), v -> new ArrayList<>()).add(op);
            }
        }
        return writers;
    }

    /**
     * A read (or a successful compare-and-set) of a value that no write could have written by the
     * time it answered: it fails on its own, whatever else happened.
     */
    @Override
    public Optional<List<Operation<KvCommand, String>>> quickWitness(List<Operation<KvCommand, String>> piece) {
        Map<String, Long> firstWrite = new HashMap<>();
        for (Operation<KvCommand, String> op : piece) {
            if (mayWrite(op)) {
                firstWrite.merge(written(op), op.invokedAt(), Math::min);
            }
        }
        for (Operation<KvCommand, String> op : piece) {
            String seen = seenValue(op);
            if (seen != null && firstWrite.getOrDefault(seen, Long.MAX_VALUE) > op.completedAt()) {
                return Optional.of(List.of(op));
            }
        }
        return Optional.empty();
    }

    /** The value an answered operation saw: a read's result, a successful compare-and-set's expected value; else null. */
    private static String seenValue(Operation<KvCommand, String> op) {
        if (op.outcome() != Outcome.OK) {
            return null;
        }
        if (op.command() instanceof KvCommand.Read) {
            return op.result();
        }
        if (op.command() instanceof KvCommand.CompareAndSet cas && Boolean.parseBoolean(op.result())) {
            return cas.expected();
        }
        return null;
    }

    /**
     * Never removes a possible source. While an operation in the piece saw a value, every write of
     * that value invoked before that operation completed stays in the piece. A compare-and-set
     * that may have written (it succeeded, or has no answer) saw its expected value, so the writes
     * that let it match stay too: without them it could not have written, and a read of its value
     * would fail for a reason the real history does not have. A compare-and-set that answered
     * "false" saw any value but its expected one; keeping every earlier write would keep almost
     * the whole history, so for it only the writes that may be the last one before it stay (not
     * those certainly overwritten before it began).
     *
     * <p>With that rule a piece is a real witness: take any valid order of the whole history and
     * drop the operations outside the piece; each remaining operation still comes after the same
     * last write, so it is a valid order of the piece.
     */
    @Override
    public Set<Long> witnessClosure(Set<Long> kept, List<Operation<KvCommand, String>> piece) {
        Overwrites overwrites = new Overwrites(piece);
        Set<Long> ids = new HashSet<>(kept);
        boolean added = true;
        while (added) {
            added = false;
            Map<String, List<Operation<KvCommand, String>>> sawValue = new HashMap<>();
            List<Operation<KvCommand, String>> refusals = new ArrayList<>();
            for (Operation<KvCommand, String> op : piece) {
                if (!ids.contains(op.id())) {
                    continue;
                }
                if (op.command() instanceof KvCommand.Read && op.outcome() == Outcome.OK) {
                    sawValue.computeIfAbsent(op.result(), v -> new ArrayList<>()).add(op);
                } else if (op.command() instanceof KvCommand.CompareAndSet cas) {
                    if (mayWrite(op)) {
                        // It matched (or may have): the value it expected came from somewhere.
                        sawValue.computeIfAbsent(cas.expected(), v -> new ArrayList<>()).add(op);
                    } else {
                        refusals.add(op); // it saw any value but its expected one
                    }
                }
            }
            for (Operation<KvCommand, String> write : piece) {
                if (ids.contains(write.id()) || !mayWrite(write)) {
                    continue;
                }
                String value = written(write);
                boolean source = sawValue.getOrDefault(value, List.of()).stream()
                        .anyMatch(observer -> write.invokedAt() <= observer.completedAt())
                        || refusals.stream().anyMatch(refusal -> !Objects.equals(value, expected(refusal))
                                && overwrites.mayBeLastWriteBefore(write, refusal));
                if (source) {
                    ids.add(write.id());
                    added = true;
                }
            }
        }
        return ids;
    }

    @Override
    public Optional<String> anomaly(List<Operation<KvCommand, String>> failing,
                                    List<Operation<KvCommand, String>> wholePiece) {
        return KvAnomalies.anomaly(failing, wholePiece);
    }

    /**
     * Which writes may be the last one before an operation takes effect. Any write invoked before
     * the operation completed may (at equal times operations count as concurrent, as in the
     * search), unless another answered write began after it completed and itself completed before
     * the operation began: then that one certainly came in between.
     */
    private static final class Overwrites {
        /** Completion times of the answered writes, ascending. */
        private final long[] completions;
        /** For each index, the latest invocation among the answered writes completed up to there. */
        private final long[] latestInvocation;

        Overwrites(List<Operation<KvCommand, String>> history) {
            List<Operation<KvCommand, String>> answered = history.stream()
                    .filter(op -> op.outcome() == Outcome.OK && mayWrite(op))
                    .sorted(Comparator.comparingLong(op -> op.completedAt()))
                    .toList();
            completions = new long[answered.size()];
            latestInvocation = new long[answered.size()];
            long latest = Long.MIN_VALUE;
            for (int i = 0; i < answered.size(); i++) {
                completions[i] = answered.get(i).completedAt();
                latest = Math.max(latest, answered.get(i).invokedAt());
                latestInvocation[i] = latest;
            }
        }

        boolean mayBeLastWriteBefore(Operation<KvCommand, String> write, Operation<KvCommand, String> observer) {
            return write.invokedAt() <= observer.completedAt()
                    && write.completedAt() >= latestInvocationOfWritesCompletedBefore(observer.invokedAt());
        }

        boolean noWriteCompletedBefore(long time) {
            return completions.length == 0 || completions[0] >= time;
        }

        private long latestInvocationOfWritesCompletedBefore(long time) {
            int completedBefore = 0; // binary search: how many completions are earlier than time
            int notBefore = completions.length;
            while (completedBefore < notBefore) {
                int middle = (completedBefore + notBefore) >>> 1;
                if (completions[middle] < time) {
                    completedBefore = middle + 1;
                } else {
                    notBefore = middle;
                }
            }
            return completedBefore == 0 ? Long.MIN_VALUE : latestInvocation[completedBefore - 1];
        }
    }

    private static String expected(Operation<KvCommand, String> cas) {
        return ((KvCommand.CompareAndSet) cas.command()).expected();
    }

    /** Whether the operation may have set the key's value: a write, or a compare-and-set not known to have failed. */
    static boolean mayWrite(Operation<KvCommand, String> op) {
        if (op.command() instanceof KvCommand.Write) {
            return true;
        }
        return op.command() instanceof KvCommand.CompareAndSet
                && !(op.outcome() == Outcome.OK && !Boolean.parseBoolean(op.result()));
    }

    /** The value a {@link #mayWrite} operation sets (null deletes). */
    static String written(Operation<KvCommand, String> op) {
        if (op.command() instanceof KvCommand.Write write) {
            return write.value();
        }
        return ((KvCommand.CompareAndSet) op.command()).value();
    }
}
