// Generated from solutions/04-paxos/src/main/java/dev/kata/paxos/Acceptor.java by ./kata sync: maintainers edit there.
// Yours to write: replace each TODO stub (04-paxos/README.md says how).
// kata:fingerprint 1cacbfb168e5
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
        // TODO step-2: Promise a ballot not below any promised, durably, and answer with what you accepted
        throw new UnsupportedOperationException("TODO step-2 (04-paxos): promise a ballot not below any promised, durably, and answer with what you accepted; see 04-paxos/README.md#step-2");
    }

    /** Phase 2: a proposer asks to accept a value. Answer with an {@link Accepted} or a {@link Rejected}. */
    void onAccept(NodeId from, Accept accept) {
        // TODO step-3: Accept unless a higher ballot was promised, durably, then say so
        throw new UnsupportedOperationException("TODO step-3 (04-paxos): accept unless a higher ballot was promised, durably, then say so; see 04-paxos/README.md#step-3");
    }

    /** What this acceptor holds for {@code key}: for tests and invariants to look at. */
    AcceptorState state(String key) {
        return storage.load(key);
    }

    AcceptorStorage storage() {
        return storage;
    }
}
