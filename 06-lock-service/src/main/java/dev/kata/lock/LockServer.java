// Generated from solutions/06-lock-service/src/main/java/dev/kata/lock/LockServer.java by ./kata sync: maintainers edit there.
// Yours to write: replace each TODO stub (06-lock-service/README.md says how).
// kata:fingerprint 082bfa3b3319
package dev.kata.lock;

import dev.kata.lock.CellCommand.EndLockDelay;
import dev.kata.lock.CellCommand.ExpireSession;
import dev.kata.lock.CellCommand.NewMaster;
import dev.kata.lock.CellCommand.OpenSession;
import dev.kata.lock.CellCommand.ValidateSequencer;
import dev.kata.lock.LockMessage.CallReply;
import dev.kata.lock.LockMessage.CallRequest;
import dev.kata.lock.LockMessage.CheckSequencerRequest;
import dev.kata.lock.LockMessage.KeepAlive;
import dev.kata.lock.LockMessage.KeepAliveReply;
import dev.kata.lock.LockMessage.NotMaster;
import dev.kata.lock.LockMessage.OpenSessionRequest;
import dev.kata.lock.LockMessage.SequencerChecked;
import dev.kata.lock.LockMessage.SessionExpired;
import dev.kata.lock.LockMessage.SessionOpened;
import dev.kata.log.LogMessage;
import dev.kata.log.ReplicaNode;
import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.Node;
import dev.kata.runtime.node.NodeContext;
import dev.kata.runtime.node.NodeFactory;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.node.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One server of a Chubby cell: a replica of 05's log ({@link ReplicaNode}, to which it passes the
 * replicas' messages) with the {@link LockCell} as its state machine, and, while its replica leads, the
 * cell's master. The master's own state is in memory and rebuilt at each take-over: the session leases
 * (on its monotonic clock) and the lock-delay timers. Everything that must survive it goes through the log.
 *
 * <ul>
 *   <li>Take-over (given): when its replica leads generation g, it proposes {@link NewMaster}(g); once
 *       that is applied, the cell's state is whole, and it serves, with every session's lease extended
 *       to the longest the old master may have granted ({@link LockServiceConfig#failOverLease()}).</li>
 *   <li>Step 2: KeepAlives are held until just before the lease would run out, then answered with a
 *       new lease; a lease that runs out is an expiry, proposed under the master's generation.</li>
 *   <li>Step 3: a lock whose holder expired stays in its lock-delay until the master's timer ends it.</li>
 * </ul>
 */
public final class LockServer implements Node {

    /** What the master knows of a session's lease, on its own clock, and the KeepAlive it holds. */
    static final class Lease {
        long deadline;
        Timer expiry;
        NodeId heldFrom;
        long heldRound;
        long heldSince;
        Timer answer;
        /** Whether this master has answered a KeepAlive of the session yet: the first is answered at once. */
        boolean answeredOnce;
        /** Step 4: events and invalidations for the next KeepAlive answer. */
        final List<CellEvent> events = new ArrayList<>();
        /** Paths to invalidate, each with the round whose answer last carried it (0: not sent yet), until taken in. */
        final Map<String, Long> invalidations = new TreeMap<>();
    }

    /** A write whose answer waits until every session that may cache what it changed has dropped it. */
    static final class PendingWrite {
        final String path;
        final Set<String> waitingFor;
        String client;
        LockReply reply;

        PendingWrite(String path, Set<String> waitingFor) {
            this.path = path;
            this.waitingFor = waitingFor;
        }
    }

    /** The largest call the master puts in the log: what one entry of 01's write-ahead log holds, less room for its envelope. */
    static final int MAX_CALL_BYTES = dev.kata.log.ReplicaLog.WAL.maxEntryBytes() - 1024;

    private final NodeContext ctx;
    private final LockServiceConfig config;
    private ReplicaNode replica;
    private LockCell cell;
    /** The generation this server is master of, once its {@link NewMaster} is applied; 0: not master. */
    private long masterGeneration;
    private final Map<String, Lease> leases = new HashMap<>();
    /** Sessions whose expiry this master has decided (proposed): they get no more KeepAlive answers. */
    private final Set<String> expiring = new HashSet<>();
    private final Map<String, Timer> lockDelays = new HashMap<>();
    /** Step 5: the sessions that have not yet acknowledged this master's fail-over event (nor expired). */
    private final Set<String> unacknowledged = new HashSet<>();
    /** Step 4: the writes waiting for invalidations, by "session#sequence". */
    private final Map<String, PendingWrite> pendingWrites = new HashMap<>();

    public LockServer(NodeContext ctx, LockServiceConfig config) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The factory a cell is made with: {@code sim.addServers(5, LockServer.factory(config))}. */
    public static NodeFactory factory(LockServiceConfig config) {
        Objects.requireNonNull(config, "config");
        return ctx -> new LockServer(ctx, config);
    }

    @Override
    public void onStart() {
        masterGeneration = 0;
        replica = new ReplicaNode(ctx, config.replica().withCodec(LockMessage.CODEC).withStateMachine(() -> {
            LockCell fresh = new LockCell(config);
            fresh.listener(new MasterListener());
            cell = fresh;
            return fresh;
        }));
        replica.onLeadership(this::onLeadership);
        replica.onStart();
    }

    @Override
    public void onMessage(NodeId from, Message message) {
        if (message instanceof LogMessage logMessage) {
            replica.onMessage(from, logMessage);
            checkStillMaster();
            return;
        }
        checkStillMaster();
        if (!(message instanceof LockMessage request)) {
            return;
        }
        if (!isMaster()) {
            if (request instanceof OpenSessionRequest || request instanceof KeepAlive || request instanceof CallRequest
                    || request instanceof CheckSequencerRequest) {
                ctx.send(from, new NotMaster(replica.knownLeader().filter(id -> !id.equals(ctx.self())).map(NodeId::name)));
            }
            return;
        }
        if (request instanceof KeepAlive keepAlive) {
            onKeepAlive(from, keepAlive);
        } else if (request instanceof CheckSequencerRequest check) {
            // Not a session's call: a resource asks about locks, which do not change hands in the meantime.
            replica.propose(new ValidateSequencer(check.sequencer()),
                    answer -> ctx.send(from, new SequencerChecked(check.id(), Boolean.parseBoolean(answer))));
        } else if (!serving()) {
            return; // a new master serves only KeepAlives until every session has seen it: the client retries
        } else if (request instanceof OpenSessionRequest open) {
            onOpenSession(from, open);
        } else if (request instanceof CallRequest call) {
            onCall(from, call);
        }
    }

    // ------------------------------------------------------------------ take-over (given)

    private void onLeadership(long generation) {
        NewMaster command = new NewMaster(generation);
        replica.propose(command, answer -> {
            // Applied: every entry before it is applied too, so the cell's state is what the old master left.
            if (replica.isLeader() && replica.generation() == generation) {
                becomeMaster(generation);
            }
        });
    }

    private void becomeMaster(long generation) {
        masterGeneration = generation;
        ctx.note("is the cell's master in generation " + generation + ": " + cell.sessions().size() + " sessions");
        // The old master may have granted any session a lease up to this long from now: none expires sooner.
        long extended = ctx.nanoTime() + config.failOverLease().toNanos();
        for (String session : cell.sessions()) {
            Lease lease = new Lease();
            leases.put(session, lease);
            extendTo(session, lease, extended);
        }
        unacknowledged.clear();
        unacknowledged.addAll(cell.sessions());
        // A lock-delay the old master was timing starts again, whole: this master cannot know how much was left.
        cell.delayedLocks().forEach(this::timeLockDelay);
    }

    /** A deposed master (its replica stepped down, or leads another generation) forgets what it decided. */
    private void checkStillMaster() {
        if (masterGeneration != 0 && (!replica.isLeader() || replica.generation() != masterGeneration)) {
            ctx.note("is no longer master of generation " + masterGeneration);
            masterGeneration = 0;
            for (Lease lease : leases.values()) {
                cancel(lease.expiry);
                cancel(lease.answer);
            }
            leases.clear();
            expiring.clear();
            unacknowledged.clear();
            pendingWrites.clear(); // the writers retry through the next master, whose clients flushed their caches
            lockDelays.values().forEach(LockServer::cancel);
            lockDelays.clear();
        }
    }

    // ------------------------------------------------------------------ sessions and calls

    private void onOpenSession(NodeId from, OpenSessionRequest open) {
        String session = open.session();
        if (cell.hasExpired(session)) {
            ctx.send(from, new SessionExpired(session));
        } else if (cell.clientOf(session).isPresent()) {
            ctx.send(from, new SessionOpened(session));
        } else {
            replica.propose(new OpenSession(session, from.name()), answer -> {
                if ("open".equals(answer) && isMaster() && !leases.containsKey(session)) {
                    Lease lease = new Lease();
                    leases.put(session, lease);
                    extendTo(session, lease, ctx.nanoTime() + config.lease().toNanos());
                    ctx.send(from, new SessionOpened(session));
                }
            });
        }
    }

    private void onCall(NodeId from, CallRequest call) {
        String session = call.session();
        if (cell.hasExpired(session) || expiring.contains(session)) {
            ctx.send(from, new CallReply(session, call.sequence(), new LockReply.Refused(ErrorCode.SESSION_EXPIRED,
                    "session " + session + " has expired: open a new session")));
            return;
        }
        if (cell.clientOf(session).isEmpty()) {
            // A client calls only once its session is open, which the master says after applying it, and a
            // new master has applied all that: a session the cell does not know was never opened.
            ctx.send(from, new CallReply(session, call.sequence(), new LockReply.Refused(ErrorCode.UNKNOWN_SESSION,
                    "the cell has no session " + session + ": open a session first, and make calls with its id")));
            return;
        }
        int bytes = LockMessage.CODEC.encode(call).length;
        if (bytes > MAX_CALL_BYTES) {
            // Refused before the log: an entry larger than 01's log takes would fail every master in turn.
            ctx.send(from, new CallReply(session, call.sequence(), new LockReply.Refused(ErrorCode.TOO_LARGE,
                    "a call of " + bytes + " bytes is larger than the cell's log takes (" + MAX_CALL_BYTES
                            + " bytes): write smaller files")));
            return;
        }
        var answered = cell.answerTo(session, call.sequence());
        if (pendingWrites.containsKey(session + "#" + call.sequence())) {
            return; // its answer waits for the invalidations
        }
        if (answered.isPresent()) {
            ctx.send(from, new CallReply(session, call.sequence(), answered.get())); // a retry: the first answer
        } else if (!cell.waits(session, call.sequence())) {
            replica.propose(new CellCommand.Call(session, call.sequence(), call.op()), answer -> { });
        }
    }

    private void onKeepAlive(NodeId from, KeepAlive keepAlive) {
        String session = keepAlive.session();
        if (cell.hasExpired(session) || expiring.contains(session)) {
            ctx.send(from, new SessionExpired(session));
            return;
        }
        Lease lease = leases.get(session);
        if (lease == null) {
            return; // not open yet
        }
        acknowledged(session, keepAlive.acknowledged());
        tookInInvalidations(session, lease, keepAlive.taken());
        cancel(lease.answer);
        lease.heldFrom = from;
        lease.heldRound = keepAlive.round();
        lease.heldSince = ctx.nanoTime();
        // News for the client (events, invalidations) goes out at once; otherwise hold it.
        long at = lease.events.isEmpty() && lease.invalidations.isEmpty() ? answerAt(lease) : ctx.nanoTime();
        lease.answer = ctx.schedule(Duration.ofNanos(Math.max(0, at - ctx.nanoTime())), () -> answerKeepAlive(session, lease));
    }

    /**
     * When to answer the KeepAlive the master holds: just before the lease would run out (the keep-alive
     * margin before its deadline), so that one KeepAlive per lease is enough; the first one this master
     * gets from a session at once (a client that just found the new master may be in jeopardy).
     */
    private long answerAt(Lease lease) {
        // TODO step-2: Hold the KeepAlive until the margin before the lease's deadline (the first of this master's at once) (see 06-lock-service/README.md#step-2)
        return ctx.nanoTime();
    }

    /** Answers the held KeepAlive: a new lease from now (or the longer one it holds), counted in the reply from when it came in. */
    private void answerKeepAlive(String session, Lease lease) {
        if (!isMaster() || leases.get(session) != lease || lease.heldFrom == null) {
            return;
        }
        lease.answeredOnce = true;
        long now = ctx.nanoTime();
        extendTo(session, lease, now + config.lease().toNanos());
        // Invalidations go again in every answer until the client says it handled one that carried them.
        lease.invalidations.replaceAll((path, round) -> lease.heldRound);
        // The lease this master really holds, which after a fail-over may run past now + lease (the longest
        // the old master may have granted): told less, the client would run out before the master answers
        // the next KeepAlive, which it holds until just before that deadline, and fall into jeopardy.
        ctx.send(lease.heldFrom, new KeepAliveReply(session, lease.heldRound,
                lease.deadline - lease.heldSince, masterGeneration, lease.events,
                List.copyOf(lease.invalidations.keySet())));
        lease.events.clear();
        lease.heldFrom = null;
    }

    /** Moves the session's lease deadline to {@code deadline} (never back), and its expiry timer with it. */
    private void extendTo(String session, Lease lease, long deadline) {
        if (deadline - lease.deadline <= 0 && lease.expiry != null) {
            return;
        }
        lease.deadline = deadline;
        cancel(lease.expiry);
        lease.expiry = ctx.schedule(Duration.ofNanos(Math.max(0, deadline - ctx.nanoTime())),
                () -> leaseRanOut(session, lease));
    }

    /**
     * The session's lease ran out on this master's clock: only the master decides an expiry, and it
     * decides it through the log, tagged with its generation, so that a deposed master's decision is void.
     */
    private void leaseRanOut(String session, Lease lease) {
        checkStillMaster();
        if (!isMaster() || leases.get(session) != lease) {
            return;
        }
        // TODO step-2: Stop extending the session, and propose its expiry tagged with your master generation (see 06-lock-service/README.md#step-2)
        return;
    }

    /** The cell told of an expiry: the client hears it at once, if it listens. */
    private void sessionEnded(String client, String session) {
        expiring.remove(session);
        unacknowledged.remove(session);
        // An expired session's cache is void (its client's lease ran out first): no write waits for it.
        for (String key : List.copyOf(pendingWrites.keySet())) {
            PendingWrite write = pendingWrites.get(key);
            write.waitingFor.remove(session);
            completeIfInvalidated(key, write);
        }
        Lease lease = leases.remove(session);
        if (lease != null) {
            cancel(lease.expiry);
            cancel(lease.answer);
        }
        if (!client.isEmpty()) {
            ctx.send(NodeId.of(client), new SessionExpired(session));
        }
    }

    // ------------------------------------------------------------------ step 4: events and the cache

    /**
     * The cell says call {@code sequence} of {@code writer} changed {@code path}, which {@code sessions}
     * may cache: each must drop it (in its next KeepAlive answer, sent at once) before the write
     * completes. A session this master holds no lease for cannot be waited for: it is expiring or gone.
     */
    private void invalidate(String path, String writer, long sequence, Set<String> sessions) {
        // TODO step-4: Hold the write's answer; send each caching session with a lease the invalidation, at once (see 06-lock-service/README.md#step-4)
        return;
    }

    /**
     * The client says it has handled the answers up to round {@code taken}: the invalidations an answer
     * of those rounds carried are out of its cache. The writes that waited only for it complete.
     */
    private void tookInInvalidations(String session, Lease lease, long taken) {
        // TODO step-4: Invalidations sent in a round the client has handled are taken in: complete the writes that waited only for it (see 06-lock-service/README.md#step-4)
        return;
    }

    private void completeIfInvalidated(String key, PendingWrite write) {
        if (write.waitingFor.isEmpty() && write.reply != null) {
            pendingWrites.remove(key);
            ctx.send(NodeId.of(write.client), new CallReply(key.substring(0, key.lastIndexOf('#')),
                    Long.parseLong(key.substring(key.lastIndexOf('#') + 1)), write.reply));
        }
    }

    /** Answers the session's held KeepAlive now, if it holds one (with the news); else its next one is answered at once. */
    private void deliverNow(String session, Lease lease) {
        if (lease.heldFrom != null) {
            cancel(lease.answer);
            answerKeepAlive(session, lease);
        }
    }

    // ------------------------------------------------------------------ step 5: the fail-over handshake

    /**
     * A KeepAlive of {@code session} says the newest master generation it has heard of: if that is this
     * master's, the session has seen the fail-over event (its client knows events may have been lost, and
     * has flushed what it cached), and no longer holds this master back.
     */
    private void acknowledged(String session, long generation) {
        // TODO step-5: A KeepAlive that names your generation acknowledges the fail-over event (see 06-lock-service/README.md#step-5)
        return;
    }

    /**
     * Whether this master serves calls other than KeepAlives: only once every session it inherited has
     * acknowledged its fail-over event, or expired (Chubby's step 6), so that no call of a client still
     * acting on what the old master told it gets through.
     */
    private boolean serving() {
        // TODO step-5: Serve calls only once every inherited session has acknowledged the fail-over or expired (see 06-lock-service/README.md#step-5)
        return true;
    }

    // ------------------------------------------------------------------ step 3: lock-delay

    /** Times the lock-delay of {@code lock} (begun when its holder of {@code generation} expired), then ends it through the log. */
    private void timeLockDelay(String lock, long generation) {
        // TODO step-3: After the lock-delay, propose its end (with the generation whose expiry began it) (see 06-lock-service/README.md#step-3)
        return;
    }

    /** What the cell tells this server as it applies; only a master acts on it. */
    private final class MasterListener implements CellListener {
        @Override
        public void answered(String client, String session, long sequence, LockReply reply) {
            if (!isMaster() || client.isEmpty()) {
                return;
            }
            PendingWrite write = pendingWrites.get(session + "#" + sequence);
            if (write != null) {
                write.client = client;
                write.reply = reply;
                completeIfInvalidated(session + "#" + sequence, write);
            } else {
                ctx.send(NodeId.of(client), new CallReply(session, sequence, reply));
            }
        }

        @Override
        public void event(String client, String session, CellEvent event) {
            Lease lease = isMaster() ? leases.get(session) : null;
            if (lease != null) {
                lease.events.add(event);
                deliverNow(session, lease);
            }
        }

        @Override
        public void invalidate(String path, String writer, long sequence, Set<String> sessions) {
            if (isMaster()) {
                LockServer.this.invalidate(path, writer, sequence, sessions);
            }
        }

        @Override
        public void expired(String client, String session) {
            if (isMaster()) {
                sessionEnded(client, session);
            }
        }

        @Override
        public void lockDelayStarted(String lock, long generation) {
            if (isMaster()) {
                timeLockDelay(lock, generation);
            }
        }
    }

    private static void cancel(Timer timer) {
        if (timer != null) {
            timer.cancel();
        }
    }

    // ------------------------------------------------------------------ for tests

    /** Whether this server is the cell's master now: its replica leads, and its take-over is applied. */
    public boolean isMaster() {
        checkStillMaster();
        return masterGeneration != 0;
    }

    /** Whether this master serves calls (not only KeepAlives): every inherited session acknowledged its fail-over or expired. */
    public boolean isServing() {
        return isMaster() && serving();
    }

    /** The generation it is master of (0: none). */
    public long masterGeneration() {
        return masterGeneration;
    }

    /** Its replica of the cell's state. */
    public LockCell cell() {
        return cell;
    }

    /** Its replica of the log. */
    public ReplicaNode replica() {
        return replica;
    }

    @Override
    public String toString() {
        return ctx.self() + (isMaster() ? " (master of generation " + masterGeneration + ")" : "") + " " + replica;
    }
}
