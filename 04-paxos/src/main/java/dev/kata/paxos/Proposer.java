// Generated from solutions/04-paxos/src/main/java/dev/kata/paxos/Proposer.java by ./kata sync: maintainers edit there.
// Yours to write: replace each TODO stub (04-paxos/README.md says how).
// kata:fingerprint 9887da970bc6
package dev.kata.paxos;

import dev.kata.paxos.Change.Update;
import dev.kata.paxos.PaxosMessage.Accept;
import dev.kata.paxos.PaxosMessage.Accepted;
import dev.kata.paxos.PaxosMessage.Chosen;
import dev.kata.paxos.PaxosMessage.Prepare;
import dev.kata.paxos.PaxosMessage.Promise;
import dev.kata.paxos.PaxosMessage.Rejected;
import dev.kata.quorum.QuorumRound;
import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.NodeContext;
import dev.kata.runtime.node.NodeId;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongFunction;

/**
 * The proposer role of a server: it runs rounds of Paxos on a register until one succeeds.
 *
 * <ol>
 *   <li>Phase 1: take a new ballot, send {@link Prepare} to every acceptor, wait for a majority of
 *       {@link Promise}s.</li>
 *   <li>The promises say what the register holds: the value of the highest ballot any of them
 *       accepted. The round's {@link Change} computes what to propose from it (single-decree Paxos: that
 *       value if there is one, the proposer's own only if there is none).</li>
 *   <li>Phase 2: send {@link Accept} to every acceptor; the value is chosen once a majority accepted it.</li>
 * </ol>
 *
 * <p>Each phase is a round of 02's {@link QuorumRound} to a majority; a refusal ({@link Rejected}) ends
 * it early, as a timeout does. The proposer then waits a random {@link Backoff} and starts another
 * round with a higher ballot. Part of the node: single-threaded.
 */
final class Proposer {

    /**
     * One proposal, through as many rounds as it takes.
     *
     * @param retryAfterPhase2 whether a round whose phase 2 failed may be run again: only if the change is
     *                         idempotent (single-decree Paxos carries the accepted value on, so a second round
     *                         does no harm); a key-value write's phase 2 may have been chosen after all, and
     *                         a second round would apply it twice
     */
    private final class Attempt {
        final String key;
        final Change change;
        final boolean announce;
        final boolean retryAfterPhase2;
        final Consumer<String> onChosen;
        final Runnable onGiveUp;
        final Instant started = ctx.now();
        int failedRounds;

        Attempt(String key, Change change, boolean announce, boolean retryAfterPhase2, Consumer<String> onChosen,
                Runnable onGiveUp) {
            this.key = key;
            this.change = change;
            this.announce = announce;
            this.retryAfterPhase2 = retryAfterPhase2;
            this.onChosen = onChosen;
            this.onGiveUp = onGiveUp;
        }
    }

    private final NodeContext ctx;
    private final PaxosConfig config;
    private final BallotClock ballots;
    private final QuorumRound<Promise> promises;
    private final QuorumRound<Accepted> accepts;
    /** Per phase under way, by its round id: what a refusal of it does. */
    private final Map<Long, Consumer<Ballot>> refusals = new HashMap<>();
    /** The highest ballot an acceptor told this proposer about when it refused a round. */
    private Ballot highestSeen = Ballot.ZERO;

    Proposer(NodeContext ctx, PaxosConfig config, BallotClock ballots) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.config = Objects.requireNonNull(config, "config");
        this.ballots = Objects.requireNonNull(ballots, "ballots");
        this.promises = new QuorumRound<>(ctx, config.roundTimeout());
        this.accepts = new QuorumRound<>(ctx, config.roundTimeout());
    }

    /**
     * Runs rounds on register {@code key} until {@code change} is chosen; then {@code onChosen} gets the
     * change's result. {@code onGiveUp} runs instead if it cannot be done within
     * {@link PaxosConfig#giveUpAfter()}, or after a failed phase 2 when {@code retryAfterPhase2} is false.
     *
     * @param announce whether to tell every node the chosen value ({@link Chosen}): single-decree Paxos does
     */
    void propose(String key, Change change, boolean announce, boolean retryAfterPhase2, Consumer<String> onChosen,
                 Runnable onGiveUp) {
        startRound(new Attempt(key, change, announce, retryAfterPhase2, onChosen, onGiveUp));
    }

    // ------------------------------------------------------------------ step 4: the two phases

    /** Phase 1 of a new round. */
    private void startRound(Attempt attempt) {
        // TODO step-4: Phase 1: a new ballot, Prepare to every acceptor, on to phase 2 with a majority of promises
        throw new UnsupportedOperationException("TODO step-4 (04-paxos): phase 1: a new ballot, Prepare to every acceptor, on to phase 2 with a majority of promises; see 04-paxos/README.md#step-4");
    }

    /**
     * The proposal the promises carry on: the one accepted in the highest ballot, or empty if none of the
     * acceptors that promised accepted anything.
     */
    static Optional<Proposal> highestAccepted(Collection<Promise> promises) {
        // TODO step-4: Find the proposal accepted in the highest ballot among the promises
        throw new UnsupportedOperationException("TODO step-4 (04-paxos): find the proposal accepted in the highest ballot among the promises; see 04-paxos/README.md#step-4");
    }

    /** A majority promised {@code ballot}: propose what the change makes of the register's value. */
    private void phase2(Attempt attempt, Ballot ballot, Collection<Promise> promised) {
        // TODO step-4: Phase 2: propose what the promises dictate; chosen on a majority of accepts
        throw new UnsupportedOperationException("TODO step-4 (04-paxos): phase 2: propose what the promises dictate; chosen on a majority of accepts; see 04-paxos/README.md#step-4");
    }

    /** How many acceptors make a majority: two majorities of one cluster always share an acceptor. */
    int majority() {
        return ctx.cluster().size() / 2 + 1;
    }

    /**
     * One phase: sends {@code request} (given the round's id) to every acceptor, this node's too, through
     * 02's {@link QuorumRound}, and calls exactly one of the three, once: {@code onMajority} with the
     * answers of the first {@code needed} different acceptors; {@code onRefused} with the higher ballot
     * of the first refusal; {@code onTimeout} with how many had answered when the time ran out.
     */
    private <R> void phase(QuorumRound<R> round, int needed, LongFunction<? extends Message> request,
                           Consumer<Collection<R>> onMajority, Consumer<Ballot> onRefused, Consumer<Integer> onTimeout) {
        long[] id = new long[1];
        id[0] = round.start(needed, request, answers -> {
            refusals.remove(id[0]);
            onMajority.accept(answers.values());
        }, answers -> {
            refusals.remove(id[0]);
            onTimeout.accept(answers.size());
        });
        // The answers come through the network, never within start(): the id is known before any of them.
        refusals.put(id[0], higher -> {
            round.cancel(id[0]);
            onRefused.accept(higher);
        });
    }

    /** A majority accepted the value of {@code ballot}: it is chosen. */
    private void chosen(Attempt attempt, Ballot ballot, Update update) {
        ctx.note("chose " + update.value() + " for " + attempt.key + " in " + ballot);
        attempt.onChosen.accept(update.result());
        if (attempt.announce) {
            announce(attempt.key, ballot, update.value());
        }
    }

    // ------------------------------------------------------------------ step 5: learning

    /** Tells every node (this one too) that {@code value} was chosen for {@code key}. */
    void announce(String key, Ballot ballot, String value) {
        // TODO step-5: Tell every node the chosen value (see 04-paxos/README.md#step-5)
        return;
    }

    // ------------------------------------------------------------------ failed rounds (steps 1 and 6)

    private void failedPhase2(Attempt attempt, Ballot higher, String why) {
        if (!attempt.retryAfterPhase2) {
            // The value may be chosen all the same (a majority may have accepted it unseen): trying again
            // would apply the change twice. Say nothing: the client's operation ends as unknown.
            highestSeen = Ballot.max(highestSeen, higher);
            ctx.note("gives up on " + attempt.key + ": " + why + "; its value may be chosen or not");
            attempt.onGiveUp.run();
            return;
        }
        failed(attempt, higher, why);
    }

    /** A round failed: remember how high the ballots went, wait a random backoff, try again. */
    private void failed(Attempt attempt, Ballot higher, String why) {
        highestSeen = Ballot.max(highestSeen, higher); // the next ballot goes past it (step 1)
        Duration tried = Duration.between(attempt.started, ctx.now());
        if (tried.compareTo(config.giveUpAfter()) >= 0) {
            ctx.note("gives up on " + attempt.key + " after " + tried.toMillis() + " ms: " + why);
            attempt.onGiveUp.run();
            return;
        }
        attempt.failedRounds++;
        Duration wait = Backoff.after(attempt.failedRounds, config, ctx.random());
        ctx.note(why + "; tries again in " + wait.toMillis() + " ms");
        ctx.schedule(wait, () -> startRound(attempt));
    }

    // ------------------------------------------------------------------ answers from acceptors

    void onPromise(NodeId from, Promise promise) {
        promises.onAnswer(promise.round(), from, promise); // false: late or a copy, ignore it
    }

    void onAccepted(NodeId from, Accepted accepted) {
        accepts.onAnswer(accepted.round(), from, accepted);
    }

    void onRejected(NodeId from, Rejected rejected) {
        highestSeen = Ballot.max(highestSeen, rejected.promised()); // news of a higher ballot, even if late
        Consumer<Ballot> refusal = refusals.remove(rejected.round());
        if (refusal != null) {
            refusal.accept(rejected.promised());
        }
    }
}
