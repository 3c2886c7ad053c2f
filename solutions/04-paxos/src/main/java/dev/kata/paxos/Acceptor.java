package dev.kata.paxos;

import dev.kata.paxos.PaxosMessage.Accept;
import dev.kata.paxos.PaxosMessage.Accepted;
import dev.kata.paxos.PaxosMessage.Prepare;
import dev.kata.paxos.PaxosMessage.Promise;
import dev.kata.paxos.PaxosMessage.Rejected;
import dev.kata.runtime.node.NodeContext;
import dev.kata.runtime.node.NodeId;
import java.util.Objects;

/**
 * The acceptor role of a server: the memory of Paxos. For each register it keeps the highest ballot
 * it promised and the proposal it accepted last, in {@link AcceptorStorage}, and it keeps two rules:
 *
 * <ul>
 *   <li>Phase 1 (step 2): promise a ballot if it is not below any ballot promised before, and answer
 *       with the proposal accepted last, so that the proposer can carry it on.</li>
 *   <li>Phase 2 (step 3): accept a value unless a higher ballot was promised.</li>
 * </ul>
 *
 * <p>Both are on disk before the answer leaves: an acceptor that forgot a promise after a crash could
 * accept a lower ballot it had promised to refuse, and one that forgot an accepted value could hide a
 * chosen value from the next proposer.
 *
 * <p>Part of the node: single-threaded, one event at a time.
 */
final class Acceptor {

    private final NodeContext ctx;
    private final AcceptorStorage storage;

    Acceptor(NodeContext ctx, AcceptorStorage storage) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.storage = Objects.requireNonNull(storage, "storage");
    }

    /** Phase 1: a proposer asks for a promise. Answer with a {@link Promise} or a {@link Rejected}. */
    void onPrepare(NodeId from, Prepare prepare) {
        // kata:begin step-2 "Promise a ballot not below any promised, durably, and answer with what you accepted"
        AcceptorState state = storage.load(prepare.key());
        // Not below: the same ballot again is a copy the network made, and gets the same promise.
        if (prepare.ballot().compareTo(state.promised()) < 0) {
            ctx.send(from, new Rejected(prepare.key(), prepare.ballot(), state.promised(), prepare.round()));
            return;
        }
        storage.save(prepare.key(), state.promise(prepare.ballot())); // on disk before the promise leaves
        ctx.send(from, new Promise(prepare.key(), prepare.ballot(), state.accepted(), prepare.round()));
        // kata:end
    }

    /** Phase 2: a proposer asks to accept a value. Answer with an {@link Accepted} or a {@link Rejected}. */
    void onAccept(NodeId from, Accept accept) {
        // kata:begin step-3 "Accept unless a higher ballot was promised, durably, then say so"
        AcceptorState state = storage.load(accept.key());
        if (accept.ballot().compareTo(state.promised()) < 0) {
            ctx.send(from, new Rejected(accept.key(), accept.ballot(), state.promised(), accept.round()));
            return;
        }
        storage.save(accept.key(), state.accept(accept.ballot(), accept.value())); // on disk before the answer
        ctx.send(from, new Accepted(accept.key(), accept.ballot(), accept.round()));
        // kata:end
    }

    /** What this acceptor holds for {@code key}: for tests and invariants to look at. */
    AcceptorState state(String key) {
        return storage.load(key);
    }

    AcceptorStorage storage() {
        return storage;
    }
}
