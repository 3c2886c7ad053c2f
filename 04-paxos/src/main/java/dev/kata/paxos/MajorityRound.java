// Generated from solutions/04-paxos/src/main/java/dev/kata/paxos/MajorityRound.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint ceb334be95da
package dev.kata.paxos;

import dev.kata.paxos.PaxosMessage.Rejected;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.node.RequestCallback;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One phase of a round, as a proposer waits for it in a Request Waiting List: the answers of type
 * {@code A}, one per acceptor (the network duplicates answers: count senders, not messages), until
 * {@code needed} acceptors answered; or the first refusal; or the timeout. Exactly one of the three
 * callbacks runs, once. Given code.
 *
 * <p>(Module 02's majority round, once it is a building block of its own, takes this one's place.)
 */
final class MajorityRound<A extends PaxosMessage> implements RequestCallback<PaxosMessage> {

    private final Class<A> answer;
    private final int needed;
    private final Consumer<List<A>> onMajority;
    private final Consumer<Ballot> onRejected;
    private final Consumer<Integer> onTimeout;
    private final Map<NodeId, A> answers = new TreeMap<>();

    /**
     * @param onMajority gets the answers of the first {@code needed} acceptors
     * @param onRejected gets the higher ballot a refusing acceptor has promised
     * @param onTimeout  gets how many acceptors had answered when the time ran out
     */
    MajorityRound(Class<A> answer, int needed, Consumer<List<A>> onMajority, Consumer<Ballot> onRejected,
                  Consumer<Integer> onTimeout) {
        this.answer = Objects.requireNonNull(answer, "answer");
        if (needed < 1) {
            throw new IllegalArgumentException("a round needs at least one answer, not " + needed);
        }
        this.needed = needed;
        this.onMajority = Objects.requireNonNull(onMajority, "onMajority");
        this.onRejected = Objects.requireNonNull(onRejected, "onRejected");
        this.onTimeout = Objects.requireNonNull(onTimeout, "onTimeout");
    }

    @Override
    public boolean onResponse(NodeId from, PaxosMessage response) {
        if (response instanceof Rejected rejected) {
            onRejected.accept(rejected.promised());
            return true;
        }
        if (!answer.isInstance(response)) {
            return false;
        }
        answers.put(from, answer.cast(response));
        if (answers.size() < needed) {
            return false;
        }
        onMajority.accept(List.copyOf(answers.values()));
        return true;
    }

    @Override
    public void onTimeout() {
        onTimeout.accept(answers.size());
    }
}
