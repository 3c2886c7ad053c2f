package dev.kata.paxos;

import dev.kata.election.ClientMessage.KvReply;
import dev.kata.election.ClientMessage.KvRequest;
import dev.kata.paxos.Change.Update;
import dev.kata.runtime.node.NodeContext;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.node.SeenRequests;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A key-value store of Paxos registers (step 7), as CASPaxos and Cassandra's lightweight transactions
 * build one: every key is a register of its own, and every operation is one round on it. Phase 1 reads
 * the register's current value (the value of the highest ballot a majority accepted), phase 2 writes
 * the new one: a write its value, a compare-and-set its value or the old one, a read the old one again.
 * No leader: any server takes any operation.
 *
 * <p>Clients speak 03's client messages ({@link KvRequest}, {@link KvReply}), through 03's
 * {@link dev.kata.election.KvClient}: here every server answers, so a client stays with the first
 * server that did. Given code around the one method you write: each server recognises a copy of a client's request
 * by its client id and sequence number (Idempotent Receiver, 02's {@link SeenRequests}, on disk), and
 * runs one operation per key at a time, so that two of its own operations do not preempt each other.
 */
final class KeyValueStore {

    /** A client's operation this server took on. */
    private record Operation(NodeId client, KvRequest request) {
    }

    private final NodeContext ctx;
    private final Proposer proposer;
    private final SeenRequests seen;
    /** Per key, the operations taken on, the one under way first. */
    private final Map<String, Deque<Operation>> queues = new HashMap<>();

    KeyValueStore(NodeContext ctx, Proposer proposer, SeenRequests seen) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.proposer = Objects.requireNonNull(proposer, "proposer");
        this.seen = Objects.requireNonNull(seen, "seen");
    }

    void onRequest(NodeId client, KvRequest request) {
        if (!seen.isNew(request.client(), request.sequence())) {
            return; // a copy the network made, perhaps from before a crash: carried out once is enough
        }
        seen.record(request.client(), request.sequence()); // on disk before it is carried out
        Deque<Operation> queue = queues.computeIfAbsent(request.key(), k -> new ArrayDeque<>());
        Operation operation = new Operation(client, request);
        queue.addLast(operation);
        if (queue.size() == 1) {
            execute(operation);
        }
    }

    private void execute(Operation operation) {
        KvRequest request = operation.request();
        // Not retried after a failed phase 2: the change may have been chosen all the same, and a second
        // round would apply it again. The client then records the operation as unknown.
        proposer.propose(request.key(), changeFor(request), false, false, result -> {
            ctx.send(operation.client(), new KvReply(request.sequence(), result));
            next(operation);
        }, () -> next(operation));
    }

    /** The operation is over, answered or abandoned: start the next one on its key. */
    private void next(Operation operation) {
        Deque<Operation> queue = queues.get(operation.request().key());
        queue.pollFirst();
        if (queue.isEmpty()) {
            queues.remove(operation.request().key());
        } else {
            execute(queue.peekFirst());
        }
    }

    /**
     * What one round does to the register for {@code request}: from the register's current value, the
     * value phase 2 writes, and the answer (a read's value, null for a write, "true" or "false" for a
     * compare-and-set).
     */
    static Change changeFor(KvRequest request) {
        // kata:begin step-7 "Turn a read, a write or a compare-and-set into a change of the register"
        return switch (request.operation()) {
            // A read writes the value it found back: a value seen by one reader must be on a majority
            // before the answer, or a later reader, asking another majority, could miss it.
            case READ -> current -> Update.write(current.orElse(null), current.orElse(null));
            case WRITE -> current -> Update.write(request.value(), null);
            case COMPARE_AND_SET -> current -> Objects.equals(current.orElse(null), request.expected())
                    ? Update.write(request.value(), "true")
                    : Update.write(current.orElse(null), "false");
        };
        // kata:end
    }
}
