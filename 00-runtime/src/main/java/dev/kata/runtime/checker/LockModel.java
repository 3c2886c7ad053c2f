package dev.kata.runtime.checker;

import dev.kata.runtime.checker.LockCommand.Mode;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The sequential specification of a lock service with fencing: per lock name, at most one
 * exclusive holder, or any number of shared holders and no exclusive one; each grant carries the
 * lock's generation (its sequencer), and generations only grow.
 *
 * <p>The holder is the operation's client (its session). Results are generations ({@code Long}):
 * an answered {@link LockCommand.Acquire} gives the grant's generation; an answered
 * {@link LockCommand.TryAcquire} gives the generation, or null when the lock was not free for it;
 * a release gives null. The rules for a grant of generation {@code g}:
 * <ul>
 *   <li>the lock is free for the mode (exclusive: nobody holds it; shared: nobody holds it
 *       exclusively) and the client does not hold it already (locks are not re-entrant);</li>
 *   <li>a grant that starts a new tenure (exclusive, or shared to a lock nobody held) carries a
 *       generation greater than every earlier grant's; a shared grant that joins other shared
 *       holders carries one at least as great.</li>
 * </ul>
 * A refused {@code tryAcquire} is legal only while the lock is not free for it; a release only by
 * a holder. A grant without an answer has an unknown generation: the model then keeps a lower
 * bound, the most permissive reading, so it never rejects a correct history.
 *
 * <p>A session that dies holds its locks until the service expires it: record that as a
 * {@link LockCommand.Release} without an answer, invoked when the session stopped (see
 * {@link LockCommand.Release}).
 */
public final class LockModel implements Model<LockCommand, Long, LockState> {

    public static final LockModel INSTANCE = new LockModel();

    private LockModel() {
    }

    @Override
    public LockState initial() {
        return LockState.FREE;
    }

    @Override
    public Optional<LockState> step(LockState state, Operation<LockCommand, Long> op) {
        String client = op.client();
        boolean answered = op.outcome() == Outcome.OK;
        if (op.command() instanceof LockCommand.Release) {
            if (!state.holds(client)) {
                return Optional.empty();
            }
            Set<String> shared = new HashSet<>(state.sharedHolders());
            shared.remove(client);
            String exclusive = client.equals(state.exclusiveHolder()) ? null : state.exclusiveHolder();
            return Optional.of(new LockState(exclusive, shared, state.lastGeneration()));
        }
        Mode mode = op.command() instanceof LockCommand.Acquire acquire ? acquire.mode()
                : ((LockCommand.TryAcquire) op.command()).mode();
        boolean free = !state.holds(client) && (mode == Mode.EXCLUSIVE ? state.isFree() : state.exclusiveHolder() == null);
        if (answered && op.result() == null) {
            return free ? Optional.empty() : Optional.of(state); // a refused tryAcquire
        }
        if (!free) {
            return Optional.empty(); // no grant can happen now
        }
        boolean joins = mode == Mode.SHARED && !state.sharedHolders().isEmpty();
        long generation;
        if (answered) {
            generation = op.result();
            boolean grows = joins ? generation >= state.lastGeneration() : generation > state.lastGeneration();
            if (!grows) {
                return Optional.empty();
            }
        } else {
            // Unknown generation: the smallest it may be, so that later grants are judged leniently.
            generation = joins || state.lastGeneration() == Long.MAX_VALUE ? state.lastGeneration()
                    : state.lastGeneration() + 1;
        }
        if (mode == Mode.EXCLUSIVE) {
            return Optional.of(new LockState(client, Set.of(), generation));
        }
        Set<String> shared = new HashSet<>(state.sharedHolders());
        shared.add(client);
        return Optional.of(new LockState(null, shared, generation));
    }

    @Override
    public String partition(LockCommand command) {
        return command.lock();
    }

    @Override
    public String pieceName() {
        return "lock";
    }

    @Override
    public void validate(Operation<LockCommand, Long> op) {
        if (op.outcome() == Outcome.OK && op.command() instanceof LockCommand.Acquire && op.result() == null) {
            throw new IllegalArgumentException("operation " + op.id() + " (" + op.command() + " by client "
                    + op.client() + ") is OK without a generation; an acquire answers with the grant's generation"
                    + " (record it as failed, or unknown, if no grant came)");
        }
    }

    /** {@code acquire(l) -> generation 7}, {@code tryAcquire(l) -> refused}, {@code release(l)}. */
    @Override
    public String describe(Operation<LockCommand, Long> op) {
        String text = op.command().toString();
        if (op.outcome() == Outcome.UNKNOWN) {
            return text + " (no answer)";
        }
        if (op.outcome() == Outcome.FAIL || op.command() instanceof LockCommand.Release) {
            return text + (op.outcome() == Outcome.FAIL ? " -> failed" : "");
        }
        return text + (op.result() == null ? " -> refused" : " -> generation " + op.result());
    }

    @Override
    public Optional<String> anomaly(List<Operation<LockCommand, Long>> failing,
                                    List<Operation<LockCommand, Long>> wholePiece) {
        return LockAnomalies.anomaly(this, failing);
    }
}
