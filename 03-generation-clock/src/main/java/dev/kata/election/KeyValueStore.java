// Generated from solutions/03-generation-clock/src/main/java/dev/kata/election/KeyValueStore.java by ./kata sync: maintainers edit there.
// Yours to write: replace each TODO stub (03-generation-clock/README.md says how).
// kata:fingerprint 13ca79a7bdd0
package dev.kata.election;

import dev.kata.election.ClientMessage.KvReply;
import dev.kata.election.ClientMessage.KvRequest;
import dev.kata.election.ClientMessage.NotLeader;
import dev.kata.election.PeerMessage.Fetch;
import dev.kata.election.PeerMessage.Fetched;
import dev.kata.election.PeerMessage.Store;
import dev.kata.election.PeerMessage.Stored;
import dev.kata.quorum.QuorumRound;
import dev.kata.quorum.ReplicaStore;
import dev.kata.quorum.Version;
import dev.kata.quorum.VersionedValue;
import dev.kata.runtime.node.NodeContext;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.node.SeenRequests;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Module 02's key-value store, put behind the elected leader (step 5). Every server is a replica and
 * keeps its data in 02's {@link ReplicaStore}; only the leader serves clients.
 *
 * <ul>
 *   <li>The leader stamps each write with the version (its generation, a counter): a later leader's
 *       writes are newer than anything an earlier leader wrote, whatever the clocks say.</li>
 *   <li>Every message to the replicas carries the leader's generation, so a deposed leader's requests
 *       are fenced off (step 4): it cannot reach a majority any more.</li>
 *   <li>Reads go through a majority too. A leader only <em>believes</em> it leads: a new leader may have
 *       been elected behind its back, and a read from its own replica could be stale. A majority
 *       includes a node that knows better, and that node rejects the old generation.</li>
 *   <li>The leader carries out the operations on one key one at a time, in order, so a compare-and-set
 *       reads and writes without another operation on that key in between.</li>
 * </ul>
 *
 * <p>Part of the node: single-threaded, one event at a time.
 */
public final class KeyValueStore {

    /** A client's operation that the leader has taken on, waiting or under way. */
    record Operation(NodeId client, KvRequest request) {
        String key() {
            return request.key();
        }
    }

    private final NodeContext ctx;
    private final ElectionConfig config;
    private final ReplicaStore replica;
    /** The rounds to a majority under way (02's {@link QuorumRound}): fetches of a key, stores of a value. */
    private final QuorumRound<Fetched> fetches;
    private final QuorumRound<Stored> stores;
    /** Per key, the operations the leader took on, the one under way first. */
    private final Map<String, Deque<Operation>> queues = new HashMap<>();
    /**
     * Per client, the last sequence number this node heard: a second copy of a request is dropped. On
     * disk, because a copy can arrive after a crash and restart (a pause right after the restart
     * holds it back): a restarted node that did not know it would answer NotLeader, and the client
     * would send the operation to the next leader, which would carry it out a second time.
     */
    private final SeenRequests seen;
    /** The generation this node leads, or -1. */
    private long leading = -1;
    /** The counter of the last version this leader stamped in its generation. */
    private long counter;
    private long lastClockCounter;

    KeyValueStore(NodeContext ctx, ElectionConfig config, ReplicaStore replica, SeenRequests seen) {
        this.ctx = ctx;
        this.config = config;
        this.replica = replica;
        this.seen = seen;
        this.fetches = new QuorumRound<>(ctx, config.requestTimeout());
        this.stores = new QuorumRound<>(ctx, config.requestTimeout());
    }

    // ------------------------------------------------------------------ the node's role changes

    /** This node was elected leader of {@code generation}. */
    void startLeading(long generation) {
        leading = generation;
        counter = 0; // a node leads a generation at most once, so (generation, counter) never repeats
    }

    /**
     * This node no longer leads. What it had under way is dropped without an answer: some of it may have
     * reached replicas, so "failed" would be a lie; the clients give up and record it as unknown.
     */
    void stopLeading() {
        leading = -1;
        fetches.cancelAll();
        stores.cancelAll();
        queues.clear();
    }

    // ------------------------------------------------------------------ the replica (every server)

    /** The leader of this generation asks to store a value: keep it if newer, durably, then say so. */
    void onStore(NodeId from, Store store, long generation) {
        replica.putIfNewer(store.key(), store.value());
        ctx.send(from, new Stored(generation, store.requestId()));
    }

    void onFetch(NodeId from, Fetch fetch, long generation) {
        ctx.send(from, new Fetched(generation, fetch.requestId(), replica.get(fetch.key())));
    }

    void onStored(NodeId from, Stored stored) {
        stores.onAnswer(stored.requestId(), from, stored); // false: late or duplicated, ignore it
    }

    void onFetched(NodeId from, Fetched fetched) {
        fetches.onAnswer(fetched.requestId(), from, fetched);
    }

    /** What this node's replica holds for {@code key}: for tests. */
    Optional<VersionedValue> held(String key) {
        return replica.get(key);
    }

    // ------------------------------------------------------------------ the leader

    /** A client asks; {@code leader} is the leader this node knows of, if it does not lead itself. */
    void onClientRequest(NodeId client, KvRequest request, Optional<NodeId> leader) {
        if (!seen.isNew(request.client(), request.sequence())) {
            return; // a copy the network made: the client never asks one server twice for one operation
        }
        seen.record(request.client(), request.sequence()); // on disk before it is answered or carried out
        if (leading < 0) {
            ctx.send(client, new NotLeader(request.sequence(), leader.map(NodeId::name)));
            return;
        }
        Deque<Operation> queue = queues.computeIfAbsent(request.key(), k -> new ArrayDeque<>());
        Operation operation = new Operation(client, request);
        queue.addLast(operation);
        if (queue.size() == 1) {
            execute(operation);
        }
    }

    /** Carries out one operation; it ends with {@link #answer}, or is abandoned if a round times out. */
    private void execute(Operation operation) {
        // TODO step-5: Carry out a read, a write or a compare-and-set as the leader
        throw new UnsupportedOperationException("TODO step-5 (03-generation-clock): carry out a read, a write or a compare-and-set as the leader; see 03-generation-clock/README.md#step-5");
    }

    /** Hands {@code then} the newest value of the operation's key, once it is safe to answer with. */
    private void read(Operation operation, Consumer<Optional<VersionedValue>> then) {
        // TODO step-5: Read through a majority; write the newest value back unless a majority holds it
        throw new UnsupportedOperationException("TODO step-5 (03-generation-clock): read through a majority; write the newest value back unless a majority holds it; see 03-generation-clock/README.md#step-5");
    }

    /** Stores {@code value} under the operation's key with a new version; runs {@code then} once a majority holds it. */
    private void write(Operation operation, String value, Runnable then) {
        storeOnMajority(operation, new VersionedValue(value, nextVersion()), then);
    }

    /** The version of this leader's next write. */
    private Version nextVersion() {
        if (config.versions() == ElectionConfig.VersionStamp.WALL_CLOCK) {
            return wallClockVersion();
        }
        // TODO step-5: Stamp a new version: your generation first, then a counter
        throw new UnsupportedOperationException("TODO step-5 (03-generation-clock): stamp a new version: your generation first, then a counter; see 03-generation-clock/README.md#step-5");
    }

    /** Module 02's version: the node's clock (epoch 0). Kept to show what clock skew does to it. */
    private Version wallClockVersion() {
        Instant now = ctx.now();
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        lastClockCounter = Math.max(nanos, lastClockCounter + 1);
        return new Version(0, lastClockCounter, ctx.self().name());
    }

    private void answer(Operation operation, String result) {
        ctx.send(operation.client(), new KvReply(operation.request().sequence(), result));
        next(operation);
    }

    /** Gives up on an operation without answering: its outcome is unknown (it may have reached replicas). */
    private void abandon(Operation operation, String why) {
        ctx.note("gives up on " + operation.request().operation() + " " + operation.key() + " of "
                + operation.request().client() + ": " + why);
        next(operation);
    }

    /** The operation is over: start the next one on its key. */
    private void next(Operation operation) {
        Deque<Operation> queue = queues.get(operation.key());
        if (queue == null || queue.peekFirst() != operation) {
            return; // this node stopped leading meanwhile: its queues are gone
        }
        queue.pollFirst();
        if (queue.isEmpty()) {
            queues.remove(operation.key());
        } else {
            execute(queue.peekFirst());
        }
    }

    private static String valueOf(Optional<VersionedValue> value) {
        return value.map(VersionedValue::value).orElse(null); // absent, or a tombstone: null
    }

    // ------------------------------------------------------------------ rounds to a majority of replicas

    /** Asks every replica (this node's too) for the key; hands {@code then} the answers of a majority. */
    private void fetchFromMajority(Operation operation, Consumer<List<Optional<VersionedValue>>> then) {
        fetches.start(majority(), id -> new Fetch(leading, id, operation.key()),
                held -> then.accept(held.values().stream().map(Fetched::value).toList()),
                held -> abandon(operation, "no majority answered a fetch within "
                        + config.requestTimeout().toMillis() + " ms"));
    }

    /** Sends {@code value} to every replica (this node's too); runs {@code then} once a majority holds it. */
    private void storeOnMajority(Operation operation, VersionedValue value, Runnable then) {
        stores.start(majority(), id -> new Store(leading, id, operation.key(), value), acks -> then.run(),
                acks -> abandon(operation, "no majority stored " + value + " within "
                        + config.requestTimeout().toMillis() + " ms"));
    }

    private int majority() {
        return ctx.cluster().size() / 2 + 1;
    }
}
