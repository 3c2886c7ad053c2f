package dev.kata.log;

import dev.kata.election.ClientMessage.KvReply;
import dev.kata.election.ClientMessage.KvRequest;
import dev.kata.election.ClientMessage.NotLeader;
import dev.kata.election.ElectionConfig;
import dev.kata.election.ElectionNode;
import dev.kata.election.GenerationClock;
import dev.kata.log.LogMessage.Append;
import dev.kata.log.LogMessage.Appended;
import dev.kata.log.RaftMessage.RequestVote;
import dev.kata.log.RaftMessage.Vote;
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
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A replica of the log on Raft (Ongaro and Ousterhout, 2014, figure 2), built from 05's pieces: the
 * same {@link ReplicaLog} (01's write-ahead log, the High-Water Mark as Raft's commitIndex, saved),
 * the same {@link Append} and {@link Appended} (AppendEntries and its answer), 03's
 * {@link GenerationClock} (currentTerm and votedFor, durable) and {@link ElectionConfig}, 02's
 * {@link QuorumRound} for the votes, and the same {@link StateMachine} with its table of answers
 * (the Idempotent Receiver). A reference to compare with 05's {@link ReplicaNode} (Multi-Paxos), held
 * to the same safety suite; not an exercise.
 *
 * <p>Where the two differ, each in one method here:
 * <ul>
 *   <li>The election restriction ({@link #onRequestVote}): a replica votes only for a candidate whose
 *       log is at least as up to date as its own. The winner already holds every committed entry, so
 *       no log travels in an election (05 instead lets anyone a majority promises lead, and recovers
 *       the log in its phase 1: {@code ReplicaNode.recoverLog}).</li>
 *   <li>Log matching ({@link #onAppend}): an append follows on only if the entry before it is the
 *       leader's, same index and same term, strictly; a conflicting entry and all after it are deleted.
 *       Entries keep the term they were first written in, forever.</li>
 *   <li>The commitment rule ({@link #advanceCommitIndex}): an index a majority holds is committed by
 *       counting only if its entry is of the leader's own term; older entries below it are committed
 *       with it, indirectly. Hence the {@link NoOp} a new leader appends first (paper §8).</li>
 * </ul>
 * Single-threaded, like every node.
 */
public final class RaftNode implements Node, LogReplica {

    /**
     * 05's default configuration with the codec Raft needs ({@link RaftMessage#CODEC}): 03's timing, 64
     * entries per append, the key-value state machine.
     */
    public static final ReplicaConfig DEFAULT = ReplicaConfig.DEFAULT.withCodec(RaftMessage.CODEC);

    /** A client waiting for the entry at an index of this leader's log to be applied. */
    private record Waiter(NodeId client, long sequence) {
    }

    private final NodeContext ctx;
    private final ReplicaConfig config;
    private final ElectionConfig timing;
    /** Raft's currentTerm and votedFor: 03's clock, one durable record. */
    private GenerationClock clock;
    /** Raft's log[] and its commitIndex (the High-Water Mark, saved: it never goes back across restarts). */
    private ReplicaLog log;
    private StateMachine stateMachine;
    private long lastApplied;
    private QuorumRound<Vote> votes;
    private final Map<Long, Waiter> waiting = new HashMap<>();
    private RaftRole role = new RaftRole.Follower(null);
    private Timer electionTimer;
    private Timer heartbeatTimer;

    public RaftNode(NodeContext ctx, ReplicaConfig config) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.config = Objects.requireNonNull(config, "config");
        this.timing = config.timing();
    }

    /**
     * The factory a cluster is made with: {@code sim.addServers(5, RaftNode.factory(RaftNode.DEFAULT))}.
     * The configuration's codec must carry Raft's messages ({@link RaftMessage#CODEC}, or an extension of it).
     */
    public static NodeFactory factory(ReplicaConfig config) {
        Objects.requireNonNull(config, "config");
        if (!config.codec().registeredTypes().containsValue(RequestVote.class)) {
            throw new IllegalArgumentException("the codec does not carry Raft's messages: use RaftNode.DEFAULT, or "
                    + "ReplicaConfig.withCodec(RaftMessage.CODEC) (extend RaftMessage.CODEC for commands of your own)");
        }
        return ctx -> new RaftNode(ctx, config);
    }

    @Override
    public void onStart() {
        // The same files as 05's replica: the election's clock, then the log.
        clock = GenerationClock.open(new ScopedDisk(ctx.disk(), ReplicaNode.CLOCK_FILES));
        log = ReplicaLog.open(new ScopedDisk(ctx.disk(), ReplicaNode.LOG_FILES), config.codec());
        stateMachine = config.stateMachine().get();
        lastApplied = 0;
        votes = new QuorumRound<>(ctx, timing.requestTimeout());
        ctx.note("starts: term " + clock.generation() + ", log up to " + log.lastIndex() + ", commit index "
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
        long term;
        if (message instanceof LogMessage logMessage) {
            term = logMessage.generation();
        } else if (message instanceof RaftMessage raftMessage) {
            term = raftMessage.term();
        } else {
            return;
        }
        if (!admit(from, term, message)) {
            return;
        }
        if (message instanceof RequestVote request) {
            onRequestVote(from, request);
        } else if (message instanceof Vote vote) {
            onVote(from, vote);
        } else if (message instanceof Append append) {
            onAppend(from, append);
        } else if (message instanceof Appended appended) {
            onAppended(from, appended);
        }
        // 05's Prepare, Promise and Stale are never sent in a Raft cluster.
    }

    /**
     * Raft's rule for every message: a newer term is taken in, durably, before anything is answered in
     * it, and ends any leadership or candidacy; a request of an older term is refused with this
     * replica's term, which ends its sender's; an answer of an older term is dropped.
     */
    private boolean admit(NodeId from, long theirs, Message message) {
        if (theirs > clock.generation()) {
            clock.advanceTo(theirs); // durable when it returns
            if (!(role instanceof RaftRole.Follower)) {
                ctx.note("learns of term " + theirs + " from " + from + ": steps down");
                becomeFollower(null);
            } else {
                // A follower keeps its election timer: only a leader's append or a vote it gives resets it
                // (§5.2), so a candidate that cannot win does not hold back one that can.
                role = new RaftRole.Follower(null);
            }
            return true;
        }
        if (theirs < clock.generation()) {
            if (message instanceof RequestVote request) {
                ctx.send(from, new Vote(clock.generation(), false, request.round()));
            } else if (message instanceof Append append) {
                ctx.send(from, new Appended(clock.generation(), false, 0, log.lastIndex(), append.sentAt()));
            }
            return false;
        }
        return true;
    }

    // ------------------------------------------------------------------ elections (§5.2, §5.4.1)

    /** How long a follower or candidate waits before it stands (again): drawn anew each time (03's timing). */
    private Duration electionTimeout() {
        long min = timing.electionTimeoutMin().toNanos();
        long max = timing.electionTimeoutMax().toNanos();
        return Duration.ofNanos(min + ctx.random().nextLong(max - min));
    }

    private void onElectionTimeout() {
        if (!(role instanceof RaftRole.Leader)) {
            startElection();
        }
    }

    /** A new term with its own vote (durable), then a {@link RequestVote} to every replica, this one too. */
    private void startElection() {
        long term = clock.generation() + 1;
        clock.voteFor(term, ctx.self()); // durable before the RequestVote goes out
        RaftRole.Candidate candidate = new RaftRole.Candidate(term);
        role = candidate;
        long lastIndex = log.lastIndex();
        long lastTerm = log.generationAt(lastIndex);
        ctx.note("stands for term " + term + ", its log ending at " + lastIndex + " of term " + lastTerm);
        votes.cancelAll();
        resetElectionTimer(); // a split vote or a lost round: stand again, one term higher
        votes.start(majority(), round -> new RequestVote(term, lastIndex, lastTerm, round),
                granted -> {
                    if (role == candidate) {
                        becomeLeader(candidate);
                    }
                },
                granted -> { }); // the election timer tries again
    }

    /**
     * The voter's side, with the election restriction (§5.4.1): the vote goes only to a candidate whose
     * log is at least as up to date as this one's: a later last term, or the same last term and at
     * least as long. Every committed entry is on a majority, and a majority of votes meets it; so the
     * winner holds every committed entry, and no log needs recovering. One vote per term, durable
     * before the answer (03's {@link GenerationClock#voteFor}).
     */
    private void onRequestVote(NodeId candidate, RequestVote request) {
        long myLastIndex = log.lastIndex();
        long myLastTerm = log.generationAt(myLastIndex);
        boolean upToDate = request.lastTerm() > myLastTerm
                || (request.lastTerm() == myLastTerm && request.lastIndex() >= myLastIndex);
        boolean granted = upToDate && clock.voteFor(request.term(), candidate);
        if (granted && !candidate.equals(ctx.self())) {
            resetElectionTimer(); // backs that candidate: give it a full timeout to win
        }
        ctx.send(candidate, new Vote(clock.generation(), granted, request.round()));
    }

    private void onVote(NodeId from, Vote vote) {
        // A refusal counts for nothing: the round goes on to its timeout, and the election timer stands again.
        if (vote.granted() && role instanceof RaftRole.Candidate candidate && candidate.term() == vote.term()) {
            votes.onAnswer(vote.round(), from, vote);
        }
    }

    /** Won: nextIndex after its last entry, matchIndex 0, for every follower; then its term's {@link NoOp}. */
    private void becomeLeader(RaftRole.Candidate candidate) {
        cancel(electionTimer);
        Map<NodeId, Progress> followers = new TreeMap<>();
        for (NodeId peer : ctx.cluster()) {
            if (!peer.equals(ctx.self())) {
                followers.put(peer, new Progress(log.lastIndex() + 1, ctx.nanoTime()));
            }
        }
        RaftRole.Leader leader = new RaftRole.Leader(candidate.term(), followers);
        role = leader;
        // Its log is kept as it is: the election restriction made sure it holds every committed entry.
        // The no-op of its own term is what lets it commit them (see advanceCommitIndex).
        log.append(new Entry(leader.term(), new NoOp(leader.term())));
        log.force();
        ctx.note("leads term " + leader.term() + ", log up to " + log.lastIndex() + " (its no-op), commit index "
                + log.highWaterMark());
        onHeartbeatTimer();
    }

    // ------------------------------------------------------------------ the leader's log and replication (§5.3)

    private void onClientRequest(NodeId client, KvRequest request) {
        if (!(role instanceof RaftRole.Leader leader)) {
            ctx.send(client, new NotLeader(request.sequence(), knownLeader().map(NodeId::name)));
            return;
        }
        long index = log.append(new Entry(leader.term(), new ClientCommand(request)));
        log.force(); // the leader's own copy counts toward the majority only once it is durable
        waiting.put(index, new Waiter(client, request.sequence()));
        replicate(leader);
    }

    /** AppendEntries to every follower (a heartbeat if it lacks nothing), and commit what may be committed. */
    private void replicate(RaftRole.Leader leader) {
        for (NodeId peer : leader.followers().keySet()) {
            sendAppend(leader, peer);
        }
        advanceCommitIndex(leader); // a cluster of one commits on its own copy
    }

    private void sendAppend(RaftRole.Leader leader, NodeId peer) {
        Progress progress = leader.followers().get(peer);
        long prevIndex = progress.next - 1;
        ctx.send(peer, new Append(leader.term(), prevIndex, log.generationAt(prevIndex),
                log.entriesFrom(progress.next, config.maxAppend()), log.highWaterMark(), ctx.nanoTime()));
    }

    /**
     * The follower's side of AppendEntries. admit() made sure the append is of this term, whose only
     * leader sent it. Log matching, strictly: the entry at {@code prevIndex} must be of
     * {@code prevTerm}, or the append is refused (with this log's end, so that the leader walks back at
     * once). An existing entry that conflicts with a new one (same index, another term) is deleted with
     * all that follow it; one that matches is kept, and so is everything after it: an append that comes
     * late or twice never cuts entries a later one brought.
     */
    private void onAppend(NodeId leader, Append append) {
        if (!(role instanceof RaftRole.Follower follower) || !leader.equals(follower.leader())) {
            becomeFollower(leader); // a candidate of this term, or a follower that learns who leads it
        } else {
            resetElectionTimer();
        }
        if (!log.holds(append.prevIndex(), append.prevGeneration())) {
            ctx.send(leader, new Appended(clock.generation(), false, 0, log.lastIndex(), append.sentAt()));
            return;
        }
        long index = append.prevIndex();
        for (Entry entry : append.entries()) {
            index++;
            if (index <= log.lastIndex()) {
                if (log.generationAt(index) == entry.generation()) {
                    continue; // the same entry (Log Matching: same index and term, same entry)
                }
                // Never committed: the leader holds every committed entry, and this one differs from its.
                // ReplicaLog refuses to cut below the commit index, should that ever be wrong.
                ctx.note("drops its entries from " + index + ": they conflict with the leader's");
                log.truncateAfter(index - 1);
            }
            log.appendAt(index, entry);
        }
        // commitIndex = min(leaderCommit, index of the last new entry): only as far as this log is known to
        // match. Saved with the entries, in one force, as 05's follower saves it.
        log.forceWithHighWaterMark(Math.min(append.highWaterMark(), index)); // durable before the answer says so
        ctx.send(leader, new Appended(clock.generation(), true, index, log.lastIndex(), append.sentAt()));
        applyCommitted();
    }

    private void onAppended(NodeId from, Appended reply) {
        if (!(role instanceof RaftRole.Leader leader) || reply.generation() != leader.term()) {
            return;
        }
        Progress progress = leader.followers().get(from);
        progress.lastHeard = ctx.nanoTime();
        if (reply.success()) {
            // Answers come late, twice, out of order: matchIndex only goes up.
            progress.match = Math.max(progress.match, reply.matchIndex());
            progress.next = Math.max(progress.next, progress.match + 1);
            advanceCommitIndex(leader);
            if (progress.next <= log.lastIndex()) {
                sendAppend(leader, from); // more than one append's worth was missing
            }
        } else {
            // Decrement nextIndex and retry; at once to just after the follower's last entry if that is
            // lower; never below what it confirmed (a late refusal of an earlier append).
            progress.next = Math.max(progress.match + 1, Math.min(progress.next - 1, reply.lastIndex() + 1));
            sendAppend(leader, from);
        }
    }

    /**
     * Raft's commitment rule (§5.4.2): the highest index N a majority holds (the leader's own durable log
     * included) is committed if {@code log[N].term == currentTerm}, and every entry below it with it.
     * An entry of an older term is never committed by counting its copies, however many (figure 8): a
     * later leader of a higher old term may still replace it. Checking the highest such N alone is
     * enough: terms only go up along a log, so below an entry of an older term there is none of this one.
     */
    private void advanceCommitIndex(RaftRole.Leader leader) {
        List<Long> matches = new ArrayList<>();
        matches.add(log.lastIndex()); // forced at every append
        for (Progress progress : leader.followers().values()) {
            matches.add(progress.match);
        }
        matches.sort(Comparator.reverseOrder());
        long heldByMajority = matches.get(majority() - 1);
        if (heldByMajority > log.highWaterMark() && log.generationAt(heldByMajority) == leader.term()) {
            log.raiseHighWaterMark(heldByMajority); // saved before it is used or sent
            applyCommitted();
        }
    }

    // ------------------------------------------------------------------ the state machine

    /** Applies the entries up to the commit index not applied yet, in order, once; answers the client who asked. */
    private void applyCommitted() {
        while (lastApplied < log.highWaterMark()) {
            lastApplied++;
            Entry entry = log.entry(lastApplied);
            if (entry.command() instanceof NoOp) {
                continue; // the log's own entry: nothing for the state machine
            }
            String answer = stateMachine.apply(entry.command());
            Waiter waiter = waiting.remove(lastApplied);
            if (waiter != null && entry.command() instanceof ClientCommand command
                    && command.request().sequence() == waiter.sequence()
                    && command.request().client().equals(waiter.client().name())) {
                ctx.send(waiter.client(), new KvReply(waiter.sequence(), answer));
            }
        }
    }

    // ------------------------------------------------------------------ heartbeats, roles and timers

    private void onHeartbeatTimer() {
        if (!(role instanceof RaftRole.Leader leader)) {
            return;
        }
        if (lostMajority(leader)) {
            // Not in the paper's figure 2; the dissertation's §6.2 ("check quorum"), as 05 and 03 do.
            ctx.note("steps down from term " + leader.term() + ": heard from no majority for "
                    + timing.stepDownAfter().toMillis() + " ms");
            becomeFollower(null);
            return;
        }
        replicate(leader);
        heartbeatTimer = ctx.schedule(timing.heartbeatInterval(), this::onHeartbeatTimer);
    }

    /** 03's rule, as 05's leader asks it: heard from fewer than a majority within stepDownAfter. */
    private boolean lostMajority(RaftRole.Leader leader) {
        List<Long> lastHeard = leader.followers().values().stream().map(p -> p.lastHeard).toList();
        return ElectionNode.lostMajority(timing, ctx.nanoTime(), lastHeard, ctx.cluster().size());
    }

    private void becomeFollower(NodeId leader) {
        cancel(heartbeatTimer);
        if (!(role instanceof RaftRole.Follower)) {
            votes.cancelAll();
            waiting.clear(); // their entries may be replaced; the clients hear nothing, and end as unknown
        }
        role = new RaftRole.Follower(leader);
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

    // ------------------------------------------------------------------ for tests and invariants

    public Optional<NodeId> knownLeader() {
        if (role instanceof RaftRole.Leader) {
            return Optional.of(ctx.self());
        }
        return role instanceof RaftRole.Follower follower ? Optional.ofNullable(follower.leader()) : Optional.empty();
    }

    @Override
    public NodeId id() {
        return ctx.self();
    }

    /** Raft's currentTerm. */
    @Override
    public long generation() {
        return clock.generation();
    }

    @Override
    public boolean isLeader() {
        return role instanceof RaftRole.Leader;
    }

    @Override
    public long lastIndex() {
        return log.lastIndex();
    }

    @Override
    public Entry entry(long index) {
        return log.entry(index);
    }

    /** Raft's commitIndex. */
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
        return stateMachine;
    }

    @Override
    public String toString() {
        String what = role instanceof RaftRole.Leader ? "leader" : role instanceof RaftRole.Candidate ? "candidate" : "follower";
        return ctx.self() + " (" + what + ", term " + clock.generation() + ", log " + log.lastIndex()
                + ", commit " + log.highWaterMark() + ", applied " + lastApplied + ")";
    }
}
