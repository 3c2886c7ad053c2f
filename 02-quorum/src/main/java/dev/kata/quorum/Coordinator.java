// Generated from solutions/02-quorum/src/main/java/dev/kata/quorum/Coordinator.java by ./kata sync: maintainers edit there.
// Yours to write: replace each TODO stub (02-quorum/README.md says how).
// kata:fingerprint 26350aa1e747
package dev.kata.quorum;

import dev.kata.quorum.QuorumConfig.ReadRepair;
import dev.kata.quorum.QuorumMessage.ClientRead;
import dev.kata.quorum.QuorumMessage.ClientWrite;
import dev.kata.quorum.QuorumMessage.QuorumError;
import dev.kata.quorum.QuorumMessage.ReadOk;
import dev.kata.quorum.QuorumMessage.ReplicaRead;
import dev.kata.quorum.QuorumMessage.ReplicaReadReply;
import dev.kata.quorum.QuorumMessage.ReplicaWrite;
import dev.kata.quorum.QuorumMessage.ReplicaWriteAck;
import dev.kata.quorum.QuorumMessage.WriteOk;
import dev.kata.runtime.disk.SavedState;
import dev.kata.runtime.node.NodeContext;
import dev.kata.runtime.node.NodeId;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The coordinator role of a server: it takes a client's read or write, talks to all N replicas
 * (itself included) and answers once a quorum has answered, or with an error when the timeout
 * passes first. It keeps no data of its own; what it waits for is in two Request Waiting Lists.
 *
 * <p>A write: pick a version ({@link #nextVersion}), send it to every replica, answer after W
 * acknowledgements ({@link #replicate}, a {@link QuorumRound}). A read: ask every replica, take the newest of the first R
 * answers ({@link #query}, {@link #newest}), repair what is behind ({@link #readQuorumReached}),
 * answer.
 */
final class Coordinator {

    private final NodeContext ctx;
    private final QuorumConfig config;
    /** The rounds of reads and of writes now under way, each waiting for its quorum of answers. */
    private final QuorumRound<ReplicaReadReply> reads;
    private final QuorumRound<ReplicaWriteAck> writes;
    /** The counter of the last version this coordinator made: its versions only ever grow. */
    private long lastCounter;
    /** The file that holds {@link #reserved}. */
    static final String COUNTER_FILE = "coordinator.counter";
    /** How far past a new counter a reservation reaches: one disk write per this many versions. */
    private static final long RESERVATION = 1_000;
    /** On disk: no version this coordinator made, before any crash, has a counter above it. */
    private long reserved;

    /** What {@link #COUNTER_FILE} holds. */
    private record Reservation(long reserved) {
    }

    private static final SavedState<Reservation> RESERVATION_FORMAT =
            SavedState.of("quorum.CounterReservation", Reservation.class);

    Coordinator(NodeContext ctx, QuorumConfig config) {
        this.ctx = ctx;
        this.config = config;
        this.reads = new QuorumRound<>(ctx, config.timeout());
        this.writes = new QuorumRound<>(ctx, config.timeout());
        // A version made before a crash may still be on its way to a replica that the version query
        // of a restarted coordinator does not hear from. Starting above every counter used before
        // keeps one version from ever naming two values: replicas that held each would never agree.
        reserved = RESERVATION_FORMAT.load(ctx.disk(), COUNTER_FILE).map(Reservation::reserved).orElse(0L);
        lastCounter = reserved;
    }

    /** Makes sure the reservation on disk covers {@code counter}, before a version with it goes out. */
    private void reserveThrough(long counter) {
        if (counter > reserved) {
            reserved = counter + RESERVATION;
            RESERVATION_FORMAT.save(ctx.disk(), COUNTER_FILE, new Reservation(reserved));
        }
    }

    // ------------------------------------------------------------------ client requests

    /** A client's write: choose its version, replicate it to a write quorum, answer. */
    void write(ClientWrite request, Consumer<QuorumMessage> answer) {
        String what = "write " + request.key();
        nextVersion(request.key(), version -> {
                    reserveThrough(version.counter());
                    replicate(request.key(), new VersionedValue(request.value(), version),
                            () -> answer.accept(new WriteOk(request.sequence(), version)),
                            reason -> answer.accept(new QuorumError(request.sequence(), what + ": " + reason)));
                },
                reason -> answer.accept(new QuorumError(request.sequence(), what + ", choosing its version: " + reason)));
    }

    /** A client's read: ask a read quorum, then answer as the configured read repair says. */
    void read(ClientRead request, Consumer<QuorumMessage> answer) {
        query(request.key(), replies -> readQuorumReached(request, replies, answer),
                reason -> answer.accept(new QuorumError(request.sequence(), "read " + request.key() + ": " + reason)));
    }

    /** R replicas have answered {@code request}: repair what is behind, as configured, and answer. */
    private void readQuorumReached(ClientRead request, Map<NodeId, Optional<VersionedValue>> replies,
                                   Consumer<QuorumMessage> answer) {
        Optional<VersionedValue> newest = newest(replies.values());
        ReadRepair repair = config.readRepair();
        if (repair == ReadRepair.SYNC) {
            answerAfterWriteBack(request, newest, replies, answer);
            return;
        }
        answer.accept(readOk(request, newest));
        if (repair == ReadRepair.ASYNC) {
            repairAsync(request.key(), newest, replies);
        }
    }

    private static ReadOk readOk(ClientRead request, Optional<VersionedValue> newest) {
        return new ReadOk(request.sequence(), newest.map(VersionedValue::value).orElse(null),
                newest.map(VersionedValue::version).orElse(Version.ZERO));
    }

    // ------------------------------------------------------------------ step 2: quorum writes

    /**
     * Sends {@code value} to all N replicas and calls {@code onQuorum} once W of them have
     * acknowledged it, or {@code onFailure} with the reason if the timeout passes first. Exactly one
     * of the two is called, once.
     */
    void replicate(String key, VersionedValue value, Runnable onQuorum, Consumer<String> onFailure) {
        // TODO step-2: Replicate the write: a round that goes on at W acknowledgements
        throw new UnsupportedOperationException("TODO step-2 (02-quorum): replicate the write: a round that goes on at W acknowledgements; see 02-quorum/README.md#step-2");
    }

    // ------------------------------------------------------------------ step 3: quorum reads

    /**
     * Asks all N replicas for their versioned value of {@code key} and calls {@code onQuorum} with
     * the answers of the first R replicas (by replica), or {@code onFailure} if the timeout passes first.
     */
    void query(String key, Consumer<Map<NodeId, Optional<VersionedValue>>> onQuorum, Consumer<String> onFailure) {
        // TODO step-3: Ask all N replicas; go on with the first R answers, fail at the timeout
        throw new UnsupportedOperationException("TODO step-3 (02-quorum): ask all N replicas; go on with the first R answers, fail at the timeout; see 02-quorum/README.md#step-3");
    }

    /** The value with the newest version among {@code replies}, or empty if no replica held anything. */
    static Optional<VersionedValue> newest(Collection<Optional<VersionedValue>> replies) {
        // TODO step-3: Pick the value with the newest version
        throw new UnsupportedOperationException("TODO step-3 (02-quorum): pick the value with the newest version; see 02-quorum/README.md#step-3");
    }

    // ------------------------------------------------------------------ step 4: read repair

    /**
     * After answering a read: sends the newest value to every replica of the read quorum that
     * answered with an older one (or none), and does not wait for them.
     */
    void repairAsync(String key, Optional<VersionedValue> newest, Map<NodeId, Optional<VersionedValue>> replies) {
        // TODO step-4: Send the newest value to the replicas that answered with an older one (see 02-quorum/README.md#step-4)
        return;
    }

    /**
     * Answers a read only once its value is on a write quorum (ABD): a later read, whatever quorum
     * it asks, then sees this value or a newer one.
     */
    void answerAfterWriteBack(ClientRead request, Optional<VersionedValue> newest,
                              Map<NodeId, Optional<VersionedValue>> replies, Consumer<QuorumMessage> answer) {
        // TODO step-4: Write the newest value back to a write quorum, then answer
        throw new UnsupportedOperationException("TODO step-4 (02-quorum): write the newest value back to a write quorum, then answer; see 02-quorum/README.md#step-4");
    }

    // ------------------------------------------------------------------ step 5: versions

    /** Chooses the version of a new write on {@code key}, as the configuration says, and hands it to {@code then}. */
    private void nextVersion(String key, Consumer<Version> then, Consumer<String> onFailure) {
        switch (config.versions()) {
            case WALL_CLOCK -> then.accept(wallClockVersion());
            case QUORUM -> versionFromQuorum(key, then, onFailure);
            default -> throw new IllegalStateException("unknown version source " + config.versions());
        }
    }

    /**
     * The coordinator's clock, in nanoseconds, as the version: newer writes get larger versions as
     * long as the coordinators' clocks agree. (Given: step 5 shows what happens when they do not.)
     */
    private Version wallClockVersion() {
        Instant now = ctx.now();
        long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        // Two writes in the same nanosecond still get two versions: never reuse a counter.
        lastCounter = Math.max(nanos, lastCounter + 1);
        return new Version(0, lastCounter, ctx.self().name());
    }

    /**
     * A version no clock can spoil: ask a read quorum for the newest version of the key, and go one
     * above it, with this node as the writer to break ties.
     */
    void versionFromQuorum(String key, Consumer<Version> then, Consumer<String> onFailure) {
        // TODO step-5: Ask a read quorum for the newest version and go one above it
        throw new UnsupportedOperationException("TODO step-5 (02-quorum): ask a read quorum for the newest version and go one above it; see 02-quorum/README.md#step-5");
    }

    // ------------------------------------------------------------------ replies from replicas

    void onReadReply(NodeId replica, ReplicaReadReply reply) {
        reads.onAnswer(reply.requestId(), replica, reply); // false: late or duplicated, ignore it
    }

    void onWriteAck(NodeId replica, ReplicaWriteAck ack) {
        writes.onAnswer(ack.requestId(), replica, ack);
    }
}
