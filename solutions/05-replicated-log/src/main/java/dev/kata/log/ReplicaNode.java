package dev.kata.log;

import dev.kata.election.ClientMessage.KvReply;
import dev.kata.election.ClientMessage.KvRequest;
import dev.kata.election.ClientMessage.NotLeader;
import dev.kata.election.ElectionConfig;
import dev.kata.election.ElectionNode;
import dev.kata.election.GenerationClock;
import dev.kata.log.LogMessage.Append;
import dev.kata.log.LogMessage.Appended;
import dev.kata.log.LogMessage.InstallSnapshot;
import dev.kata.log.LogMessage.Prepare;
import dev.kata.log.LogMessage.Promise;
import dev.kata.log.LogMessage.Stale;
import dev.kata.log.ReplicaConfig.Reads;
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
import java.util.Iterator;
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
 *   <li>Linearizable reads (step 6): through the log; or at a read index, once a round of appends sent
 *       after the read came was answered by a majority; or from the leader's lease, which the followers
 *       back by refusing other candidates for a while after they heard from it, measured on the
 *       monotonic clock and shortened by the drift bound.</li>
 *   <li>Snapshots (step 7): every so many applied entries a replica saves its state machine's snapshot
 *       and lets its log go below it (the Low-Water Mark); a follower that lacks entries the leader's log
 *       no longer holds gets the snapshot; a restart starts from the snapshot, then replays the log.</li>
 *   <li>Batching and pipelining (step 8): the leader gathers the commands that come within a short window,
 *       appends them all, forces once (01's group commit) and sends them in one append to each follower,
 *       without waiting for the answers to the previous batch.</li>
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

    /**
     * A client's read waiting (step 6) until the entries up to {@code readIndex} are applied and a majority
     * answered a round of appends sent at or after {@code arrivedAt} (this leader's monotonic clock).
     */
    private record PendingRead(NodeId client, KvRequest request, long readIndex, long arrivedAt) {
    }

    /** A client's command waiting for the leader's next batch (step 8). */
    private record Queued(NodeId client, KvRequest request) {
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
    private final Map<Long, Proposal> proposals = new HashMap<>();
    private LongConsumer leadershipListener = generation -> { };
    private long lastApplied;
    private QuorumRound<Promise> promises;
    private final Map<Long, Waiter> waiting = new HashMap<>();
    private final List<PendingRead> pendingReads = new ArrayList<>();
    private final List<Queued> batch = new ArrayList<>();
    /** A service's commands waiting for the leader's next batch (step 8), before the clients' of that batch. */
    private final List<Proposal> proposed = new ArrayList<>();
    private Timer batchTimer;
    /** The end of this leader's log when it took over: every entry committed before it is at or below it. */
    private long recoveredUpTo;
    /** When this replica last heard from a leader (or started), on its monotonic clock: the lease it backs. */
    private long heardFromLeaderAt;
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
        stateMachine = new CallingBack();
        lastApplied = 0;
        restoreSnapshot();
        // A replica that restarts may have backed a leader's lease it no longer remembers: it backs it again.
        heardFromLeaderAt = ctx.nanoTime();
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
        } else if (logMessage instanceof InstallSnapshot install) {
            onInstallSnapshot(from, install);
        }
        // A Stale has done its work in admit(): its sender's newer generation is now ours.
    }

    /**
     * Fencing by generation, as in 03: a newer generation is taken in (durably) and ends any leadership
     * or candidacy; a request of an older one is refused with {@link Stale}, an answer of an older one dropped.
     */
    private boolean admit(NodeId from, LogMessage message) {
        long theirs = message.generation();
        if (message instanceof Prepare && theirs > clock.generation() && !from.equals(ctx.self()) && backsLease()) {
            // Not even the generation is taken in: the leader whose lease this replica backs must not be
            // deposed by it, or another leader could commit a write the old one's lease reads do not see.
            ctx.note("ignores " + from + "'s candidacy in generation " + theirs + ": it backs its leader's lease");
            return false;
        }
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
        if (config.reads() != Reads.LOG && stateMachine.readOnly(new ClientCommand(request))) {
            onRead(leader, client, request);
            return;
        }
        if (!config.batch().isZero()) {
            enqueue(leader, client, request);
            return;
        }
        propose(leader, client, request);
    }

    /** The leader takes a client's request: it becomes the next entry of the log, then goes to the followers. */
    private void propose(Role.Leader leader, NodeId client, KvRequest request) {
        // kata:begin step-1 "Append the client's command under your generation, force it, remember who waits, replicate"
        long index = log.append(new Entry(leader.generation(), new ClientCommand(request)));
        // The leader's own copy counts toward the majority (step 2) only once it is durable.
        log.force();
        waiting.put(index, new Waiter(client, request.sequence()));
        replicate(leader);
        // kata:end
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
        if (leader.followers().get(peer).next <= log.snapshotIndex()) {
            sendSnapshot(leader, peer); // step 7: what it lacks is no longer in this log
            return;
        }
        // kata:begin step-2 "Send the follower the entries from its next index, after the index and generation before them" default: return;
        Progress progress = leader.followers().get(peer);
        long prevIndex = progress.next - 1;
        ctx.send(peer, new Append(leader.generation(), prevIndex, log.generationAt(prevIndex),
                log.entriesFrom(progress.next, config.maxAppend()), log.highWaterMark(), ctx.nanoTime()));
        // kata:end
    }

    private void onAppend(NodeId leader, Append append) {
        follow(leader);
        acceptAppend(leader, append);
    }

    /**
     * An append or a snapshot came from {@code leader}: admit() made sure it is of this generation, so its
     * sender leads it, and this node follows it, and backs its lease from now (step 6).
     */
    private void follow(NodeId leader) {
        if (!(role instanceof Role.Follower follower) || !leader.equals(follower.leader())) {
            becomeFollower(leader);
        } else {
            resetElectionTimer();
        }
        heardFromLeaderAt = ctx.nanoTime();
    }

    /** A follower takes the leader's entries, durably, answers, and learns what is committed. */
    private void acceptAppend(NodeId leader, Append append) {
        // kata:begin step-2 "Take the entries durably, then answer how far you match; learn the high-water mark"
        if (!follows(append.prevIndex(), append.prevGeneration())) {
            ctx.send(leader, new Appended(clock.generation(), false, 0, log.lastIndex(), append.sentAt()));
            return;
        }
        long match = append.prevIndex();
        for (Entry entry : append.entries()) {
            match++;
            if (match <= log.lastIndex()) {
                if (match <= log.highWaterMark() || log.generationAt(match) == entry.generation()) {
                    // Holds it already: a resend, a copy the network made, or a committed entry that a
                    // new leader re-proposed under its generation (the same command: committed is settled).
                    continue;
                }
                dropConflictingSuffix(match - 1);
            }
            log.appendAt(match, entry);
        }
        // Committed up to the leader's mark, but only as far as this log is known to match the leader's; one
        // force makes the entries and that mark durable (the mark rides in the entries' records).
        log.forceWithHighWaterMark(Math.min(append.highWaterMark(), match)); // durable before the answer says so
        ctx.send(leader, new Appended(clock.generation(), true, match, log.lastIndex(), append.sentAt()));
        applyCommitted();
        // kata:end
    }

    private void onAppended(NodeId from, Appended reply) {
        if (!(role instanceof Role.Leader leader) || reply.generation() != leader.generation()) {
            return;
        }
        Progress progress = leader.followers().get(from);
        progress.lastHeard = ctx.nanoTime();
        // Readings of this leader's own clock, echoed: answers come late and out of order, keep the newest.
        if (progress.answeredSentAt == null || reply.sentAt() - progress.answeredSentAt > 0) {
            progress.answeredSentAt = reply.sentAt();
        }
        if (reply.success() && reply.matchIndex() <= progress.match && progress.match > 0) {
            // No news: a late or second answer (to a heartbeat, or to an append that a later one covered).
            // Sending "what is left" again on it would start a second stream of appends beside the one
            // the newer answer keeps going; on a real cell those streams added up to ten appends and
            // forces per write at a slow follower (docs/benchmarks.md). A lost append is sent again
            // by the next heartbeat.
            serveReads(leader); // it still confirms this leadership, which a read may wait on (step 6)
            return;
        }
        if (reply.success()) {
            matched(leader, from, progress, reply.matchIndex());
        } else {
            walkBack(leader, from, progress, reply.lastIndex());
        }
        serveReads(leader);
    }

    /** {@code peer} holds the leader's entries up to {@code matchIndex}: count it, and send it the rest. */
    private void matched(Role.Leader leader, NodeId peer, Progress progress, long matchIndex) {
        // kata:begin step-2 "Record how far the follower matches; commit what a majority holds; send it what is left"
        // Answers come late, twice, out of order: the match only goes up.
        progress.match = Math.max(progress.match, matchIndex);
        progress.next = Math.max(progress.next, progress.match + 1);
        advanceHighWaterMark(leader);
        if (progress.next <= log.lastIndex()) {
            sendAppend(leader, peer); // more than one append's worth was missing
        }
        // kata:end
    }

    /**
     * The High-Water Mark: the highest index a majority holds (the leader's own durable log included),
     * if its entry is of the leader's generation. Saved before it is used or sent.
     */
    private void advanceHighWaterMark(Role.Leader leader) {
        // kata:begin step-2 "Raise the high-water mark to the highest index a majority holds, of your generation" default: return;
        List<Long> matches = new ArrayList<>();
        matches.add(log.lastIndex()); // forced at every append
        for (Progress progress : leader.followers().values()) {
            matches.add(progress.match);
        }
        matches.sort(java.util.Comparator.reverseOrder());
        long heldByMajority = matches.get(majority() - 1);
        // Only an entry of this generation is committed by counting: see step 4 and Raft's figure 8.
        if (heldByMajority > log.highWaterMark() && log.generationAt(heldByMajority) == leader.generation()) {
            log.raiseHighWaterMark(heldByMajority);
            applyCommitted();
        }
        // kata:end
    }

    // ------------------------------------------------------------------ step 3: log consistency

    /**
     * Whether the append follows on from this log: it holds the entry at {@code prevIndex} of
     * {@code prevGeneration}, or that entry is committed here (at or below the High-Water Mark, where
     * every leader's log holds the same command, perhaps re-proposed under a newer generation).
     */
    private boolean follows(long prevIndex, long prevGeneration) {
        // kata:begin step-3 "Accept an append only if your log holds the entry just before it (or has it committed)" default: return true;
        return prevIndex <= log.highWaterMark() || log.holds(prevIndex, prevGeneration);
        // kata:end
    }

    /** The entry after {@code index} conflicts with the leader's: drop it and everything after it. */
    private void dropConflictingSuffix(long index) {
        // kata:begin step-3 "Drop the conflicting suffix: everything after the last entry you share with the leader" default: return;
        // Never committed: the leader's log holds every committed entry, and this one differs from it.
        ctx.note("drops its entries after " + index + ": they conflict with the leader's");
        log.truncateAfter(index);
        // kata:end
    }

    /** {@code peer} refused an append: it lacks the entry before it, or holds another one there. */
    private void walkBack(Role.Leader leader, NodeId peer, Progress progress, long peerLastIndex) {
        // kata:begin step-3 "Walk back: try one entry earlier (or right after the follower's last entry), and send again" default: return;
        // Never below what it confirmed (a late refusal of an earlier append), never above its log's end.
        progress.next = Math.max(progress.match + 1, Math.min(progress.next - 1, peerLastIndex + 1));
        sendAppend(leader, peer);
        // kata:end
    }

    // ------------------------------------------------------------------ step 4: a new leader

    /** How long a follower or candidate waits before it stands (again): drawn anew each time, as 03 draws it. */
    private Duration electionTimeout() {
        return ElectionNode.electionTimeout(timing, ctx.random());
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
        if (prepare.fromIndex() <= log.snapshotIndex()) {
            // Its log ends below this snapshot, so it would need entries only the snapshot holds now: no
            // promise. A candidate with the highest High-Water Mark is never refused for this.
            ctx.note("no promise to " + candidate + ": it asks for entries from " + prepare.fromIndex()
                    + ", which this replica's snapshot (up to " + log.snapshotIndex() + ") replaced");
            return;
        }
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
        recoveredUpTo = log.lastIndex();
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
        // kata:begin step-4 "Keep at each index the entry of the highest generation among the promises; re-propose them under yours" default: return;
        List<Entry> recovered = new ArrayList<>();
        for (long index = fromIndex; ; index++) {
            Entry highest = null;
            for (Promise promise : promised) {
                long offset = index - promise.fromIndex();
                if (offset < promise.entries().size()) {
                    Entry entry = promise.entries().get((int) offset);
                    if (highest == null || entry.generation() > highest.generation()) {
                        highest = entry;
                    }
                }
            }
            if (highest == null) {
                break; // no replica of the majority holds anything from here on
            }
            // The old generation's entry is not committed by counting its copies: it is proposed again, in
            // this generation, and committed as this leader's own (Raft's figure 8).
            recovered.add(new Entry(generation, highest.command()));
        }
        log.truncateAfter(fromIndex - 1);
        for (Entry entry : recovered) {
            log.append(entry);
        }
        log.force();
        // kata:end
    }

    // ------------------------------------------------------------------ step 5: the state machine

    /** Applies the entries up to the High-Water Mark not applied yet; the leader answers the clients who asked. */
    private void applyCommitted() {
        snapshotIfDue(); // step 7: of what is applied so far
        // kata:begin step-5 "Apply each committed entry once, in order; answer the client waiting for it" default: return;
        while (lastApplied < log.highWaterMark()) {
            lastApplied++;
            Entry entry = log.entry(lastApplied);
            String answer = stateMachine.apply(entry.command());
            Waiter waiter = waiting.remove(lastApplied);
            if (waiter != null && entry.command() instanceof ClientCommand command
                    && command.request().sequence() == waiter.sequence()
                    && command.request().client().equals(waiter.client().name())) {
                ctx.send(waiter.client(), new KvReply(waiter.sequence(), answer));
            }
        }
        // kata:end
    }

    // ------------------------------------------------------------------ step 6: linearizable reads

    /** A client's read, at the leader: from its lease if it holds one, else at a read index. */
    private void onRead(Role.Leader leader, NodeId client, KvRequest request) {
        if (config.reads() == Reads.LEASE && leaseHolds(leader)) {
            answerRead(client, request); // no message to anyone but the client
            return;
        }
        readAtIndex(leader, client, request);
    }

    private void answerRead(NodeId client, KvRequest request) {
        ctx.send(client, new KvReply(request.sequence(), stateMachine.read(new ClientCommand(request))));
    }

    /**
     * The latest reading of this leader's clock such that a majority (itself included) answered an append
     * it sent then or later, in its generation: at that moment no other leader could have been elected
     * (one of that majority would have had to promise it first). Null while no majority has answered.
     */
    private Long confirmedAt(Role.Leader leader) {
        int others = majority() - 1;
        if (others == 0) {
            return ctx.nanoTime(); // a cluster of one
        }
        // Readings of one clock in one life: ordered as numbers (a reading wraps after 292 years).
        List<Long> answered = leader.followers().values().stream().map(p -> p.answeredSentAt)
                .filter(Objects::nonNull).sorted(java.util.Comparator.reverseOrder()).toList();
        return answered.size() < others ? null : answered.get(others - 1);
    }

    /**
     * Whether this replica backs a leader's lease now: it leads (it will not depose itself for another
     * candidate), or it heard from a leader less than {@code config.lease()} ago on its monotonic clock.
     * Only with {@link Reads#LEASE}: otherwise nobody counts on it.
     */
    private boolean backsLease() {
        if (config.reads() != Reads.LEASE) {
            return false;
        }
        return role instanceof Role.Leader || ctx.nanoTime() - heardFromLeaderAt < config.lease().toNanos();
    }

    /**
     * Takes the read's index (every entry committed before it came is at or below it), and sends a round
     * of appends after it came; {@link #serveReads} answers it when both are done.
     */
    private void readAtIndex(Role.Leader leader, NodeId client, KvRequest request) {
        // kata:begin step-6 "Take a read index (committed, or recovered by this leader), then confirm you lead with a round of appends" default: propose(leader, client, request);
        // Above the High-Water Mark too: a new leader's recovered entries may have been committed before it.
        long readIndex = Math.max(log.highWaterMark(), recoveredUpTo);
        pendingReads.add(new PendingRead(client, request, readIndex, ctx.nanoTime()));
        replicate(leader); // sent after the read came: a majority's answers prove no newer leader existed then
        serveReads(leader); // a cluster of one confirms on its own
        // kata:end
    }

    /** Answers each waiting read whose index is applied, once a majority answered a round sent after it came. */
    private void serveReads(Role.Leader leader) {
        // kata:begin step-6 "Answer each waiting read once its index is applied and a majority answered a round sent after it came" default: return;
        Long confirmed = confirmedAt(leader);
        Iterator<PendingRead> reads = pendingReads.iterator();
        while (reads.hasNext()) {
            PendingRead read = reads.next();
            // An answer to an append sent before the read came proves nothing: a newer leader may have
            // been elected, and committed a write, between that append and the read.
            if (confirmed != null && confirmed - read.arrivedAt() >= 0 && lastApplied >= read.readIndex()) {
                reads.remove();
                answerRead(read.client(), read.request());
            }
        }
        // kata:end
    }

    /**
     * Whether this leader's lease holds now: a majority answered an append it sent at {@code since}, and
     * each of them received it later and refuses other candidates for {@code config.lease()} on its own
     * clock; and it has applied every entry committed before it led.
     */
    private boolean leaseHolds(Role.Leader leader) {
        // kata:begin step-6 "Decide whether your lease holds: a majority's promise, shortened by the drift bound, counted from when you sent it" default: return false;
        Long since = confirmedAt(leader);
        if (since == null || lastApplied < recoveredUpTo) {
            return false; // no majority yet, or entries committed before this leader not applied here yet
        }
        // The followers count the lease on their clocks, which may run fast; this one may run slow. What is
        // sure to have passed on every follower's clock is the drift bound's holderLease of it, on ours.
        long trusted = config.driftBound().holderLease(config.lease()).toNanos();
        return ctx.nanoTime() - since < trusted;
        // kata:end
    }

    // ------------------------------------------------------------------ step 7: snapshots and the Low-Water Mark

    /** At a start: the state machine begins as the snapshot left it (the log replays the rest). */
    private void restoreSnapshot() {
        // kata:begin step-7 "Start from your snapshot: restore the state machine from it, applied up to its index" default: return;
        Optional<Snapshot> snapshot = log.snapshot();
        if (snapshot.isPresent()) {
            stateMachine.restore(snapshot.get().state());
            lastApplied = snapshot.get().index();
        }
        // kata:end
    }

    /** Every {@code snapshotEvery} applied entries: a snapshot of the state machine, and the log cut below it. */
    private void snapshotIfDue() {
        // kata:begin step-7 "Snapshot what you applied every snapshotEvery entries, and let the log go below it" default: return;
        if (config.snapshotEvery() > 0 && lastApplied - log.snapshotIndex() >= config.snapshotEvery()) {
            // Up to what the state machine has applied: that is the state it gives, whatever the mark says.
            log.saveSnapshot(lastApplied, stateMachine.snapshot());
        }
        // kata:end
    }

    /** {@code peer} lacks entries that this leader's log no longer holds: it gets the snapshot instead. */
    private void sendSnapshot(Role.Leader leader, NodeId peer) {
        // kata:begin step-7 "Send the follower your snapshot in place of the entries you no longer hold" default: return;
        ctx.send(peer, new InstallSnapshot(leader.generation(), log.snapshot().orElseThrow(), ctx.nanoTime()));
        // kata:end
    }

    private void onInstallSnapshot(NodeId leader, InstallSnapshot install) {
        follow(leader);
        installSnapshot(leader, install);
    }

    /** A follower takes the leader's snapshot (unless it has that much committed already), and answers. */
    private void installSnapshot(NodeId leader, InstallSnapshot install) {
        // kata:begin step-7 "Install the leader's snapshot unless you have it committed; then answer that you match up to it" default: return;
        Snapshot snapshot = install.snapshot();
        if (snapshot.index() > log.highWaterMark()) {
            log.installSnapshot(snapshot); // durable: the snapshot, the log after it, the mark
            stateMachine.restore(snapshot.state());
            lastApplied = snapshot.index();
        }
        // Committed here up to its index, so the same as the leader's log there.
        ctx.send(leader, new Appended(clock.generation(), true, snapshot.index(), log.lastIndex(), install.sentAt()));
        // kata:end
    }

    // ------------------------------------------------------------------ step 8: batching and pipelining

    /** A client's command joins the next batch; the first of a batch sets the timer that flushes it. */
    private void enqueue(Role.Leader leader, NodeId client, KvRequest request) {
        // kata:begin step-8 "Queue the command for the next batch; the first one of a batch starts its window" default: propose(leader, client, request);
        batch.add(new Queued(client, request));
        if (batchTimer == null) {
            batchTimer = ctx.schedule(config.batch(), () -> flush(leader));
        }
        // kata:end
    }

    /**
     * The batch's window is over: every queued command becomes an entry, one force makes them all durable,
     * and each follower gets them in one append, on top of what is still on its way to it.
     */
    private void flush(Role.Leader leader) {
        batchTimer = null;
        if (role != leader) {
            return; // deposed in the window: becomeFollower dropped the batch
        }
        for (Proposal proposal : proposed) { // a service's commands (06) share the batch with the clients'
            proposals.put(log.append(new Entry(leader.generation(), proposal.command())), proposal);
        }
        proposed.clear();
        // kata:begin step-8 "Append the whole batch, send it to every follower without waiting for earlier answers, force once" default: return;
        for (Queued queued : batch) {
            long index = log.append(new Entry(leader.generation(), new ClientCommand(queued.request())));
            waiting.put(index, new Waiter(queued.client(), queued.request().sequence()));
        }
        batch.clear();
        // Sent before the leader's own force: the followers force their copies while it forces its own. It
        // counts toward the majority only once forced, below, before any answer can be taken in.
        for (Map.Entry<NodeId, Progress> follower : leader.followers().entrySet()) {
            Progress progress = follower.getValue();
            boolean entries = progress.next > log.snapshotIndex(); // not a snapshot
            sendAppend(leader, follower.getKey());
            if (entries) {
                // Pipelining: what was just sent counts as on its way, so the next batch does not send it again.
                // A follower that did not get it refuses the next append, and the leader walks back (step 3).
                progress.next = Math.min(log.lastIndex(), progress.next - 1 + config.maxAppend()) + 1;
            }
        }
        log.force(); // one force for the whole batch: 01's group commit
        advanceHighWaterMark(leader); // a cluster of one commits on its own copy
        // kata:end
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
        List<Long> lastHeard = leader.followers().values().stream().map(p -> p.lastHeard).toList();
        return ElectionNode.lostMajority(timing, ctx.nanoTime(), lastHeard, ctx.cluster().size());
    }

    private void becomeFollower(NodeId leader) {
        cancel(heartbeatTimer);
        if (!(role instanceof Role.Follower)) {
            promises.cancelAll();
            waiting.clear(); // their entries may be replaced; the clients hear nothing, and end as unknown
            pendingReads.clear(); // no longer sure to lead: those reads are not answered
            batch.clear(); // never appended: their clients hear nothing
            proposed.clear();
            cancel(batchTimer);
            batchTimer = null;
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
        if (!config.batch().isZero()) {
            // With the clients' commands of the next batch (step 8): one append, one force for all of them.
            proposed.add(new Proposal(command, whenApplied));
            if (batchTimer == null) {
                batchTimer = ctx.schedule(config.batch(), () -> flush(leader));
            }
            return true;
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

    /**
     * The configuration's state machine, as the log drives it, passing each answer on to the service that
     * {@link #propose}d the command. Everything else goes straight through (reads, snapshots), so the
     * wrapper changes nothing for steps 6 and 7.
     */
    private final class CallingBack implements StateMachine {
        @Override
        public String apply(Command command) {
            String answer = ownStateMachine.apply(command);
            // Step 5 counts an entry as applied (lastApplied) before it applies it: this is its index.
            Proposal proposal = proposals.remove(lastApplied);
            if (proposal != null && proposal.command().equals(command)) {
                proposal.whenApplied().accept(answer);
            }
            return answer;
        }

        @Override
        public boolean readOnly(Command command) {
            return ownStateMachine.readOnly(command);
        }

        @Override
        public String read(Command command) {
            return ownStateMachine.read(command);
        }

        @Override
        public Snapshot.State snapshot() {
            return ownStateMachine.snapshot();
        }

        @Override
        public void restore(Snapshot.State state) {
            ownStateMachine.restore(state);
        }
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
    public long firstIndex() {
        return log.firstIndex();
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
