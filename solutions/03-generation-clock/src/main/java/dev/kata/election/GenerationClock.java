package dev.kata.election;

import dev.kata.runtime.disk.Disk;
import dev.kata.runtime.disk.SavedState;
import dev.kata.runtime.node.NodeId;
import dev.kata.wal.DurableKeyValueStore;
import java.util.Objects;
import java.util.Optional;

/**
 * The Generation Clock: a number that only goes up and survives restarts, and with it the one vote
 * this node may give in the current generation.
 *
 * <p>Every leader is the leader of one generation, and every message between servers carries its
 * sender's generation, so that a node can tell news from history: a message from an older generation
 * comes from a world that no longer exists. For that to hold, the clock is <b>durable before it is
 * used</b>: a node persists a generation before it sends anything in it, and persists a vote before it
 * promises it. A node that forgot either after a crash could vote twice in one generation, and two
 * leaders of one generation could be elected.
 *
 * <p>The generation and the vote are one record in 01's {@link DurableKeyValueStore}, written with one
 * put, so that a crash keeps both or neither. Single-threaded, like the node that owns it.
 */
public final class GenerationClock implements AutoCloseable {

    /** The key of the one record this clock keeps in its store. */
    static final String STATE = "generation";
    /** Every record goes to the store's log; a snapshot now and then lets it drop what is overwritten. */
    private static final int SNAPSHOT_EVERY = 64;

    private final DurableKeyValueStore store;
    private long generation;
    /** Whom this node voted for in {@link #generation}; null if it has not voted in it. */
    private NodeId votedFor;
    private int writesSinceSnapshot;

    private GenerationClock(DurableKeyValueStore store) {
        this.store = store;
    }

    /** Opens the clock on {@code disk}: generation 0 and no vote if the disk is new. */
    public static GenerationClock open(Disk disk) {
        GenerationClock clock = new GenerationClock(DurableKeyValueStore.open(disk));
        clock.recover();
        return clock;
    }

    /** Reads back what was persisted, so that a restarted node goes on where it left off. */
    private void recover() {
        // kata:begin step-1 "Read back the generation and the vote that were persisted"
        Optional<byte[]> saved = store.get(STATE);
        if (saved.isPresent()) {
            State state = State.decode(saved.get());
            generation = state.generation();
            votedFor = state.votedFor();
        }
        // kata:end
    }

    /** The current generation: 0 before any election. */
    public long generation() {
        return generation;
    }

    /** Whom this node voted for in the current generation, if it voted. */
    public Optional<NodeId> votedFor() {
        return Optional.ofNullable(votedFor);
    }

    /**
     * Moves to {@code newGeneration}, with no vote given in it yet, if it is higher than the current
     * one. Durable when it returns: the caller may use the generation at once.
     *
     * @return true if the clock moved; false (and nothing changed) if {@code newGeneration} is not
     *         higher: a generation never goes back, nor is it entered twice
     */
    public boolean advanceTo(long newGeneration) {
        // kata:begin step-1 "Move up to a higher generation: persist it first, never go back"
        if (newGeneration <= generation) {
            return false;
        }
        // Persist, then use: if the write fails (it throws), nothing in memory has moved, and nothing
        // can have been sent in a generation a crash would forget.
        persist(newGeneration, null);
        generation = newGeneration;
        votedFor = null;
        return true;
        // kata:end
    }

    /**
     * Gives this node's vote in {@code candidateGeneration} to {@code candidate}, if it may: never in
     * an older generation than the current one, and at most one candidate per generation (asking again
     * for the same candidate gets the same yes, since the network duplicates requests). A vote in a
     * newer generation moves the clock there. Durable when it returns true: the caller may then promise
     * the vote.
     *
     * @return whether the vote is {@code candidate}'s
     */
    public boolean voteFor(long candidateGeneration, NodeId candidate) {
        Objects.requireNonNull(candidate, "candidate");
        // kata:begin step-2 "Vote at most once per generation, durably, never in an older one"
        if (candidateGeneration < generation) {
            return false;
        }
        if (candidateGeneration == generation && votedFor != null) {
            return votedFor.equals(candidate);
        }
        // The generation and the vote in one record: a crash keeps both or neither.
        persist(candidateGeneration, candidate);
        generation = candidateGeneration;
        votedFor = candidate;
        return true;
        // kata:end
    }

    /** Writes the generation and the vote as one record, durably (the store forces its log). */
    private void persist(long newGeneration, NodeId vote) {
        store.put(STATE, new State(newGeneration, vote).encode());
        if (++writesSinceSnapshot >= SNAPSHOT_EVERY) {
            store.snapshot();
            writesSinceSnapshot = 0;
        }
    }

    @Override
    public void close() {
        store.close();
    }

    @Override
    public String toString() {
        return "generation " + generation + (votedFor == null ? ", no vote" : ", voted for " + votedFor);
    }

    /** What is persisted: the generation and the vote (null: none), as the runtime's saved state writes a record. */
    record State(long generation, NodeId votedFor) {

        private static final SavedState<State> FORMAT = SavedState.of("election.State", State.class);

        byte[] encode() {
            return FORMAT.encode(this);
        }

        static State decode(byte[] bytes) {
            return FORMAT.decode(bytes, "the generation clock's record");
        }
    }
}
