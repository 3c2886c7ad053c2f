// Generated from solutions/05-replicated-log/src/main/java/dev/kata/log/ReplicaNode.java by ./kata sync: maintainers edit there.
// Yours to write: replace each TODO stub (05-replicated-log/README.md says how).
// kata:fingerprint cedd118ffbc7
package dev.kata.log;

import dev.kata.election.ClientMessage.KvReply;
import dev.kata.election.ClientMessage.KvRequest;
import dev.kata.election.ClientMessage.NotLeader;
import dev.kata.election.ElectionConfig;
import dev.kata.election.GenerationClock;
import dev.kata.log.LogMessage.Append;
import dev.kata.log.LogMessage.Appended;
import dev.kata.log.LogMessage.Prepare;
import dev.kata.log.LogMessage.Promise;
import dev.kata.log.LogMessage.Stale;
import dev.kata.log.Role.Progress;
import dev.kata.quorum.QuorumRound;
import dev.kata.runtime.disk.ScopedDisk;
import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.Node;
import dev.kata.runtime.node.NodeContext;
import dev.kata.runtime.node.NodeFactory;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.node.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * A replica of the log: Multi-Paxos with a stable leader, and a {@link StateMachine} on it.
 *
 * <ul>
 *   <li>Leader and log (step 1): the leader appends each client's command to its log, under its
 *       generation, and forces it.</li>
 *   <li>Replication (step 2): it sends its entries to the followers, which append them durably and
 *       say how far they match; an entry a majority holds is committed, and the High-Water Mark moves
 *       up to it; followers learn the mark from the next append or heartbeat.</li>
 *   <li>Log consistency (step 3): a follower takes an append only if it holds the entry just before
 *       it, and drops an uncommitted suffix that conflicts; the leader walks back until they agree.</li>
 *   <li>Leader change (step 4): a candidate runs Paxos phase 1 for every index above its High-Water
 *       Mark at once: a majority promises its generation (03's vote, durably) and sends its log; the
 *       candidate keeps, at each index, the entry of the highest generation, and re-proposes it under
 *       its own generation before anything new.</li>
 *   <li>The state machine (step 5): every replica applies the committed entries in order, once.</li>
 * </ul>
 *
 * <p>Given code: the roles, the timers, fencing by generation, the election; the learner writes the
 * marked parts. Single-threaded, like every node.
 */
public final class ReplicaNode implements Node, LogReplica {

    /** Where 03's generation clock (the generation and its vote: the promise) keeps its files. */
    static final String CLOCK_FILES = "election.";
    /** Where the log (01's write-ahead log and the High-Water Mark) keeps its files. */
    static final String LOG_FILES = "log.";

    /** A client waiting for the entry at an index of this leader's log to be applied. */
    private record Waiter(NodeId client, long sequence) {
    }

    /** A command a service on the log proposed ({@link #propose}), and who to call when it is applied. */
    private record Proposal(Command command, Consumer<String> whenApplied) {
    }

    private final NodeContext ctx;
    private final ReplicaConfig config;
    private final ElectionConfig timing;
    private GenerationClock clock;
    private ReplicaLog log;
    private StateMachine stateMachine;
    /** The state machine the configuration made; {@link #stateMachine} wraps it to call back proposers. */
    private StateMachine ownStateMachine;
    /** How many commands the wrapper has passed on since the start: the index of the one it applies. */
    private long appliedByWrapper;
    private final Map<Long, Proposal> proposals = new HashMap<>();
    private LongConsumer leadershipListener = generation -> { };
    private long lastApplied;
    private QuorumRound<Promise> promises;
    private final Map<Long, Waiter> waiting = new HashMap<>();
    private Role role = new Role.Follower(null);
    private Timer electionTimer;
    private Timer heartbeatTimer;

    public ReplicaNode(NodeContext ctx, ReplicaConfig config) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.config = Objects.requireNonNull(config, "config");
        this.timing = config.timing();
    }

    /** The factory a cluster is made with: {@code sim.addServers(3, ReplicaNode.factory(config))}. */
    public static NodeFactory factory(ReplicaConfig config) {
        Objects.requireNonNull(config, "config");
        return ctx -> new ReplicaNode(ctx, config);
    }

    @Override
    public void onStart() {
        clock = GenerationClock.open(new ScopedDisk(ctx.disk(), CLOCK_FILES));
        log = ReplicaLog.open(new ScopedDisk(ctx.disk(), LOG_FILES), config.codec());
        // The state machine lives in memory: the log replays into it, up to the High-Water Mark.
        ownStateMachine = config.stateMachine().get();
        appliedByWrapper = 0;
        stateMachine = command -> applied(command, ownStateMachine.apply(command));
        lastApplied = 0;
        promises = new QuorumRound<>(ctx, timing.requestTimeout());
        ctx.note("starts: generation " + clock.generation() + ", log up to " + log.lastIndex() + ", high-water mark "
                + log.highWaterMark());
        applyCommitted();
        becomeFollower(null);
    }

    @Override
    public void onMessage(NodeId from, Message message) {
        if (message instanceof KvRequest request) {
            onClientRequest(from, request);
            return;
        }
        if (!(message instanceof LogMessage logMessage) || !admit(from, logMessage)) {
            return;
        }
        if (logMessage instanceof Prepare prepare) {
            onPrepare(from, prepare);
        } else if (logMessage instanceof Promise promise) {
            promises.onAnswer(promise.round(), from, promise);
        } else if (logMessage instanceof Append append) {
            onAppend(from, append);
        } else if (logMessage instanceof Appended appended) {
            onAppended(from, appended);
        }
        // A Stale has done its work in admit(): its sender's newer generation is now ours.
    }

    /**
     * Fencing by generation, as in 03: a newer generation is taken in (durably) and ends any leadership
     * or candidacy; a request of an older one is refused with {@link Stale}, an answer of an older one dropped.
     */
    private boolean admit(NodeId from, LogMessage message) {
        long theirs = message.generation();
        if (theirs > clock.generation()) {
            clock.advanceTo(theirs);
            if (!(role instanceof Role.Follower)) {
                ctx.note("learns of generation " + theirs + " from " + from + ": steps down");
            }
            becomeFollower(null);
            return true;
        }
        if (theirs < clock.generation()) {
            if (message instanceof Prepare prepare) {
                ctx.send(from, new Stale(clock.generation(), prepare.round()));
            } else if (message instanceof Append) {
                ctx.send(from, new Stale(clock.generation(), 0));
            }
            return false;
        }
        return true;
    }

    // ------------------------------------------------------------------ step 1: the leader's log

    private void onClientRequest(NodeId client, KvRequest request) {
        if (!(role instanceof Role.Leader leader)) {
            ctx.send(client, new NotLeader(request.sequence(), knownLeader().map(NodeId::name)));
            return;
        }
        propose(leader, client, request);
    }

    /** The leader takes a client's request: it becomes the next entry of the log, then goes to the followers. */
    private void propose(Role.Leader leader, NodeId client, KvRequest request) {
        // TODO step-1: Append the client's command under your generation, force it, remember who waits, replicate
        throw new UnsupportedOperationException("TODO step-1 (05-replicated-log): append the client's command under your generation, force it, remember who waits, replicate; see 05-replicated-log/README.md#step-1");
    }

    // ------------------------------------------------------------------ step 2: replication and the High-Water Mark

    /** Sends every follower what it lacks (a heartbeat if nothing), and commits what a majority holds. */
    private void replicate(Role.Leader leader) {
        for (NodeId peer : leader.followers().keySet()) {
            sendAppend(leader, peer);
        }
        advanceHighWaterMark(leader); // a cluster of one commits on its own copy
    }

    /** One {@link Append} to {@code peer}: the entries from its next index on, after the entry before them. */
    private void sendAppend(Role.Leader leader, NodeId peer) {
        // TODO step-2: Send the follower the entries from its next index, after the index and generation before them (see 05-replicated-log/README.md#step-2)
        return;
    }

    private void onAppend(NodeId leader, Append append) {
        // admit() made sure it is of this generation: its sender leads it, and this node follows.
        if (!(role instanceof Role.Follower follower) || !leader.equals(follower.leader())) {
            becomeFollower(leader);
        } else {
            resetElectionTimer();
        }
        acceptAppend(leader, append);
    }

    /** A follower takes the leader's entries, durably, answers, and learns what is committed. */
    private void acceptAppend(NodeId leader, Append append) {
        // TODO step-2: Take the entries durably, then answer how far you match; learn the high-water mark
        throw new UnsupportedOperationException("TODO step-2 (05-replicated-log): take the entries durably, then answer how far you match; learn the high-water mark; see 05-replicated-log/README.md#step-2");
    }

    private void onAppended(NodeId from, Appended reply) {
        if (!(role instanceof Role.Leader leader) || reply.generation() != leader.generation()) {
            return;
        }
        Progress progress = leader.followers().get(from);
        progress.lastHeard = ctx.nanoTime();
        if (reply.success()) {
            matched(leader, from, progress, reply.matchIndex());
        } else {
            walkBack(leader, from, progress, reply.lastIndex());
        }
    }

    /** {@code peer} holds the leader's entries up to {@code matchIndex}: count it, and send it the rest. */
    private void matched(Role.Leader leader, NodeId peer, Progress progress, long matchIndex) {
        // TODO step-2: Record how far the follower matches; commit what a majority holds; send it what is left
        throw new UnsupportedOperationException("TODO step-2 (05-replicated-log): record how far the follower matches; commit what a majority holds; send it what is left; see 05-replicated-log/README.md#step-2");
    }

    /**
     * The High-Water Mark: the highest index a majority holds (the leader's own durable log included),
     * if its entry is of the leader's generation. Saved before it is used or sent.
     */
    private void advanceHighWaterMark(Role.Leader leader) {
        // TODO step-2: Raise the high-water mark to the highest index a majority holds, of your generation (see 05-replicated-log/README.md#step-2)
        return;
    }

    // ------------------------------------------------------------------ step 3: log consistency

    /**
     * Whether the append follows on from this log: it holds the entry at {@code prevIndex} of
     * {@code prevGeneration}, or that entry is committed here (at or below the High-Water Mark, where
     * every leader's log holds the same command, perhaps re-proposed under a newer generation).
     */
    private boolean follows(long prevIndex, long prevGeneration) {
        // TODO step-3: Accept an append only if your log holds the entry just before it (or has it committed) (see 05-replicated-log/README.md#step-3)
        return true;
    }

    /** The entry after {@code index} conflicts with the leader's: drop it and everything after it. */
    private void dropConflictingSuffix(long index) {
        // TODO step-3: Drop the conflicting suffix: everything after the last entry you share with the leader (see 05-replicated-log/README.md#step-3)
        return;
    }

    /** {@code peer} refused an append: it lacks the entry before it, or holds another one there. */
    private void walkBack(Role.Leader leader, NodeId peer, Progress progress, long peerLastIndex) {
        // TODO step-3: Walk back: try one entry earlier (or right after the follower's last entry), and send again (see 05-replicated-log/README.md#step-3)
        return;
    }

    // ------------------------------------------------------------------ step 4: a new leader

    /** How long a follower or candidate waits before it stands (again): drawn anew each time. */
    private Duration electionTimeout() {
        long min = timing.electionTimeoutMin().toNanos();
        long max = timing.electionTimeoutMax().toNanos();
        return Duration.ofNanos(min + ctx.random().nextLong(max - min));
    }

    private void onElectionTimeout() {
        if (!(role instanceof Role.Leader)) {
            startElection();
        }
    }

    /**
     * Phase 1 for every index above this node's High-Water Mark at once: a new generation with its own
     * vote (durable), then a {@link Prepare} to every replica, this one too, through 02's QuorumRound.
     */
    private void startElection() {
        long generation = clock.generation() + 1;
        clock.voteFor(generation, ctx.self()); // durable before the Prepare goes out
        long fromIndex = log.highWaterMark() + 1;
        Role.Candidate candidate = new Role.Candidate(generation, fromIndex);
        role = candidate;
        ctx.note("stands for generation " + generation + ", asking for the logs from " + fromIndex);
        promises.cancelAll();
        resetElectionTimer(); // a split vote or a lost round: stand again, one higher
        promises.start(majority(), round -> new Prepare(generation, fromIndex, round),
                answers -> {
                    if (role == candidate) {
                        becomeLeader(candidate, answers.values());
                    }
                },
                answers -> { }); // the election timer tries again
    }

    /** The acceptor's side of phase 1: 03's one vote per generation is the promise. */
    private void onPrepare(NodeId candidate, Prepare prepare) {
        if (!clock.voteFor(prepare.generation(), candidate)) {
            return; // voted for another candidate of this generation: its round times out
        }
        if (!candidate.equals(ctx.self())) {
            becomeFollower(null); // backs that candidate: give it a full timeout to win
        }
        ctx.send(candidate, new Promise(clock.generation(), prepare.fromIndex(),
                log.entriesFrom(Math.max(1, prepare.fromIndex()), Integer.MAX_VALUE), prepare.round()));
    }

    private void becomeLeader(Role.Candidate candidate, Collection<Promise> promised) {
        cancel(electionTimer);
        recoverLog(candidate.generation(), candidate.fromIndex(), promised);
        Map<NodeId, Progress> followers = new TreeMap<>();
        for (NodeId peer : ctx.cluster()) {
            if (!peer.equals(ctx.self())) {
                followers.put(peer, new Progress(log.lastIndex() + 1, ctx.nanoTime()));
            }
        }
        Role.Leader leader = new Role.Leader(candidate.generation(), followers);
        role = leader;
        ctx.note("leads generation " + leader.generation() + ", log up to " + log.lastIndex() + ", high-water mark "
                + log.highWaterMark());
        onHeartbeatTimer();
        leadershipListener.accept(leader.generation());
    }

    /**
     * Before anything new: every entry a majority may have committed above {@code fromIndex - 1} is in
     * {@code promised} (two majorities share a replica). At each index, keep the entry of the highest
     * generation, as a Paxos proposer keeps the value of the highest ballot, and re-propose it under
     * this leader's {@code generation}; then this log is the leader's log.
     */
    private void recoverLog(long generation, long fromIndex, Collection<Promise> promised) {
        // TODO step-4: Keep at each index the entry of the highest generation among the promises; re-propose them under yours (see 05-replicated-log/README.md#step-4)
        return;
    }

    // ------------------------------------------------------------------ step 5: the state machine

    /** Applies the entries up to the High-Water Mark not applied yet; the leader answers the clients who asked. */
    private void applyCommitted() {
        // TODO step-5: Apply each committed entry once, in order; answer the client waiting for it (see 05-replicated-log/README.md#step-5)
        return;
    }

    // ------------------------------------------------------------------ heartbeats, roles and timers

    private void onHeartbeatTimer() {
        if (!(role instanceof Role.Leader leader)) {
            return;
        }
        if (lostMajority(leader)) {
            ctx.note("steps down from generation " + leader.generation() + ": heard from no majority for "
                    + timing.stepDownAfter().toMillis() + " ms");
            becomeFollower(null);
            return;
        }
        replicate(leader);
        heartbeatTimer = ctx.schedule(timing.heartbeatInterval(), this::onHeartbeatTimer);
    }

    /** On the monotonic clock, as in 03: a leader that has not heard from a majority lately cannot know it still leads. */
    private boolean lostMajority(Role.Leader leader) {
        long now = ctx.nanoTime();
        long window = timing.stepDownAfter().toNanos();
        long heard = 1 + leader.followers().values().stream().filter(p -> now - p.lastHeard < window).count();
        return heard < majority();
    }

    private void becomeFollower(NodeId leader) {
        cancel(heartbeatTimer);
        if (!(role instanceof Role.Follower)) {
            promises.cancelAll();
            waiting.clear(); // their entries may be replaced; the clients hear nothing, and end as unknown
            proposals.clear(); // the same for a service's proposals: it retries through the next leader
        }
        role = new Role.Follower(leader);
        resetElectionTimer();
    }

    private void resetElectionTimer() {
        cancel(electionTimer);
        electionTimer = ctx.schedule(electionTimeout(), this::onElectionTimeout);
    }

    private static void cancel(Timer timer) {
        if (timer != null) {
            timer.cancel();
        }
    }

    private int majority() {
        return ctx.cluster().size() / 2 + 1;
    }

    // ------------------------------------------------------------------ for a service on the log (06)

    /**
     * Proposes {@code command} as the next entry of this leader's log (appended under its generation,
     * forced, replicated, as a client's request is), and calls {@code whenApplied} with the state
     * machine's answer once this replica applies that entry. Given code for a service that runs on the
     * log and has clients of its own (06's lock service).
     *
     * @return false, and nothing proposed, if this replica does not lead. {@code whenApplied} is never
     *         called if the entry is replaced by another leader's or this replica steps down first:
     *         the service retries through the next leader, and its state machine must recognise a command
     *         that comes twice
     */
    public boolean propose(Command command, Consumer<String> whenApplied) {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(whenApplied, "whenApplied");
        if (!(role instanceof Role.Leader leader)) {
            return false;
        }
        long index = log.append(new Entry(leader.generation(), command));
        log.force(); // the leader's own copy counts toward the majority only once it is durable
        proposals.put(index, new Proposal(command, whenApplied));
        replicate(leader);
        return true;
    }

    /**
     * Calls {@code listener} with the generation each time this replica becomes leader: after its phase 1
     * and log recovery, before anything new is appended. The recovered entries are not committed yet: a
     * service that must see the whole state first proposes a command of its own and waits for it.
     */
    public void onLeadership(LongConsumer listener) {
        this.leadershipListener = Objects.requireNonNull(listener, "listener");
    }

    /** Passes on the state machine's answer to {@code command}, the next entry applied, to its proposer. */
    private String applied(Command command, String answer) {
        long index = ++appliedByWrapper;
        Proposal proposal = proposals.remove(index);
        if (proposal != null && proposal.command().equals(command)) {
            proposal.whenApplied().accept(answer);
        }
        return answer;
    }

    // ------------------------------------------------------------------ for tests and invariants

    public Optional<NodeId> knownLeader() {
        if (role instanceof Role.Leader) {
            return Optional.of(ctx.self());
        }
        return role instanceof Role.Follower follower ? Optional.ofNullable(follower.leader()) : Optional.empty();
    }

    @Override
    public NodeId id() {
        return ctx.self();
    }

    @Override
    public long generation() {
        return clock.generation();
    }

    @Override
    public boolean isLeader() {
        return role instanceof Role.Leader;
    }

    @Override
    public long lastIndex() {
        return log.lastIndex();
    }

    @Override
    public Entry entry(long index) {
        return log.entry(index);
    }

    @Override
    public long highWaterMark() {
        return log.highWaterMark();
    }

    @Override
    public long lastApplied() {
        return lastApplied;
    }

    /** This replica's state machine: for tests to look at. */
    public StateMachine stateMachine() {
        return ownStateMachine;
    }

    @Override
    public String toString() {
        String what = role instanceof Role.Leader ? "leader" : role instanceof Role.Candidate ? "candidate" : "follower";
        return ctx.self() + " (" + what + ", generation " + clock.generation() + ", log " + log.lastIndex()
                + ", hwm " + log.highWaterMark() + ", applied " + lastApplied + ")";
    }
}
