package dev.kata.paxos;

import dev.kata.paxos.ClientMessage.Decided;
import dev.kata.paxos.ClientMessage.WhatWasChosen;
import dev.kata.paxos.PaxosMessage.Chosen;
import dev.kata.runtime.node.NodeContext;
import dev.kata.runtime.node.NodeId;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The learner role of a server (step 5): it finds out which value was chosen. The proposer whose round
 * succeeded announces it ({@link Chosen}); a node that missed the announcement (it was down, or the
 * message was lost) learns by running a round of its own that proposes nothing: if a value was chosen,
 * phase 1 finds it among a majority's accepted values, and phase 2 writes it again.
 *
 * <p>What it learned is kept in memory only: it is a fact that never changes, and a restarted node can
 * always learn it again. Part of the node: single-threaded.
 */
final class Learner {

    private final NodeContext ctx;
    private final Proposer proposer;
    private final Map<String, String> learned = new HashMap<>();

    Learner(NodeContext ctx, Proposer proposer) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.proposer = Objects.requireNonNull(proposer, "proposer");
    }

    /** A proposer announces a chosen value. */
    void onChosen(Chosen chosen) {
        // kata:begin step-5 "Remember the value announced as chosen"
        learned.putIfAbsent(chosen.key(), chosen.value()); // a chosen value never changes: the first is as good
        // kata:end
    }

    /** A client asks what was chosen: answer from what was learned, or learn it by a round first. */
    void onWhatWasChosen(NodeId client, WhatWasChosen question) {
        // kata:begin step-5 "Answer from what you learned, or learn it by a round that proposes nothing"
        String known = learned.get(question.key());
        if (known != null) {
            ctx.send(client, new Decided(question.sequence(), question.key(), known));
            return;
        }
        proposer.propose(question.key(), Change.learn(), true, true, value -> {
            if (value != null) {
                learned.putIfAbsent(question.key(), value);
            }
            ctx.send(client, new Decided(question.sequence(), question.key(), value));
        }, () -> { }); // gave up: say nothing, the client asks again
        // kata:end
    }

    /** The value this node learned was chosen for {@code key}, if it did. */
    Optional<String> learned(String key) {
        return Optional.ofNullable(learned.get(key));
    }
}
