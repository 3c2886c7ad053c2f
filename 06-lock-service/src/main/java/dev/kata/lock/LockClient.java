// Generated from solutions/06-lock-service/src/main/java/dev/kata/lock/LockClient.java by ./kata sync: maintainers edit there.
// Yours to write: replace each TODO stub (06-lock-service/README.md says how).
// kata:fingerprint 45775f8afd52
package dev.kata.lock;

import dev.kata.lock.LockMessage.CallReply;
import dev.kata.lock.LockMessage.CallRequest;
import dev.kata.lock.LockMessage.KeepAlive;
import dev.kata.lock.LockMessage.KeepAliveReply;
import dev.kata.lock.LockMessage.NotMaster;
import dev.kata.lock.LockMessage.OpenSessionRequest;
import dev.kata.lock.LockMessage.ResourceWrite;
import dev.kata.lock.LockMessage.ResourceWriteResult;
import dev.kata.lock.LockMessage.SessionExpired;
import dev.kata.lock.LockMessage.SessionOpened;
import dev.kata.runtime.checker.LockCommand.Mode;
import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.Node;
import dev.kata.runtime.node.NodeContext;
import dev.kata.runtime.node.NodeFactory;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.node.Timer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A client of the cell, with its session (Chubby's client library): a node of its own, not a member of
 * the cell. It opens a session, keeps it alive with KeepAlives, and trusts its lease for less than the
 * master grants it (the drift bound), counted from when it sent the KeepAlive. When that local lease runs
 * out it is in jeopardy: it cannot know whether its locks are still its, so it holds its calls and
 * looks for a master; if it finds one within the grace period it is safe again, else its session has
 * expired and every call fails.
 *
 * <p>Calls go one at a time, each with the next sequence number, sent again to the master (or the
 * server a {@link NotMaster} names) until answered. Given code, except the lease (step 2). Tests call
 * its methods between runs of the simulation; answers come to the callbacks.
 */
public final class LockClient implements Node {

    /** How many of the latest events {@link #cellEvents()} keeps; a listener ({@link #onCellEvent}) sees every one. */
    public static final int KEPT_EVENTS = 1000;

    private enum State { OPENING, SAFE, JEOPARDY, EXPIRED }

    /** A call: its sequence number (0 until first sent), what it asks, who waits for the answer. */
    private static final class Pending {
        long sequence;
        final LockOp op;
        final Consumer<LockReply> done;

        Pending(LockOp op, Consumer<LockReply> done) {
            this.op = op;
            this.done = done;
        }
    }

    private final NodeContext ctx;
    private final List<NodeId> servers;
    private final LockServiceConfig config;

    private String session;
    private State state;
    private int guess;
    private long openSentAt;
    private long leaseEnd;
    private long keepAliveRound;
    private long keepAliveSentAt;
    private long keepAlivesAnswered;
    /** The newest round whose answer this client has handled (its invalidations dropped from the cache). */
    private long taken;
    /** The newest master generation a KeepAlive answer came from: the fail-over event this client acknowledges. */
    private long masterGeneration;
    private Timer leaseTimer;
    private Timer graceTimer;
    private Timer retryTimer;
    private Timer searchTimer;

    private final Deque<Pending> queue = new ArrayDeque<>();
    private Pending inFlight;
    private long nextSequence;
    private int attempts;

    private final Map<Long, String> handlePaths = new HashMap<>();
    private final Map<String, Sequencer> held = new HashMap<>();
    private final List<SessionEvent> events = new ArrayList<>();
    private final List<Consumer<SessionEvent>> eventListeners = new ArrayList<>();
    private final Map<Long, Consumer<Boolean>> writes = new HashMap<>();
    /** Step 4: the cache of contents and metadata, by path, and how many invalidations each path has had. */
    private final Map<String, LockReply.Contents> cache = new HashMap<>();
    private final Map<String, Long> invalidations = new HashMap<>();
    /** The latest events of the cell, at most {@link #KEPT_EVENTS}: a client runs for months, its memory must not grow. */
    private final java.util.ArrayDeque<CellEvent> cellEvents = new java.util.ArrayDeque<>();
    private final List<Consumer<CellEvent>> cellEventListeners = new ArrayList<>();
    private long nextWrite;

    public LockClient(NodeContext ctx, List<NodeId> servers, LockServiceConfig config) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.servers = List.copyOf(servers);
        this.config = Objects.requireNonNull(config, "config");
        if (this.servers.isEmpty()) {
            throw new IllegalArgumentException("a client needs the cell's servers to find its master");
        }
    }

    /** The factory: {@code sim.addClientNode("c1", LockClient.factory(servers, config))}. */
    public static NodeFactory factory(List<NodeId> servers, LockServiceConfig config) {
        return ctx -> new LockClient(ctx, servers, config);
    }

    @Override
    public void onStart() {
        // A new life, a new session: what the last one held is the cell's to expire.
        session = ctx.self().name() + "." + Long.toHexString(ctx.random().nextLong() >>> 1);
        state = State.OPENING;
        openSentAt = ctx.nanoTime();
        sendOpen();
    }

    private void sendOpen() {
        if (state != State.OPENING) {
            return;
        }
        ctx.send(master(), new OpenSessionRequest(session));
        retryTimer = ctx.schedule(config.retryInterval(), () -> {
            guess++;
            sendOpen();
        });
    }

    @Override
    public void onMessage(NodeId from, Message message) {
        if (message instanceof SessionOpened opened && opened.session().equals(session) && state == State.OPENING) {
            cancel(retryTimer);
            state = State.SAFE;
            guess = servers.indexOf(from) >= 0 ? servers.indexOf(from) : guess;
            // The master's lease began when it applied the open, after this request (or an earlier copy) was sent.
            leaseEnd = openSentAt + config.driftBound().holderLease(config.lease()).toNanos();
            scheduleLeaseTimer();
            event(SessionEvent.OPENED);
            sendKeepAlive(true);
            pump();
        } else if (message instanceof KeepAliveReply reply && reply.session().equals(session)
                && (state == State.SAFE || state == State.JEOPARDY)) {
            // What an answer carries counts whatever its round; its lease only if it answers the current one.
            onInvalidated(reply.invalidated());
            taken = Math.max(taken, reply.round());
            boolean current = reply.round() == keepAliveRound;
            if (current) {
                guess = servers.indexOf(from) >= 0 ? servers.indexOf(from) : guess;
                keepAlivesAnswered++;
                onKeepAliveReply(reply.leaseNanos());
                if (state == State.JEOPARDY) {
                    cancel(graceTimer);
                    cancel(searchTimer);
                    state = State.SAFE;
                    event(SessionEvent.SAFE);
                    resend();
                }
            }
            if (reply.masterGeneration() > masterGeneration) {
                if (masterGeneration != 0) {
                    cache.clear(); // invalidations may have been lost with the old master
                    event(SessionEvent.MASTER_FAIL_OVER);
                }
                masterGeneration = reply.masterGeneration();
            }
            for (CellEvent cellEvent : reply.events()) {
                if (cellEvents.size() == KEPT_EVENTS) {
                    cellEvents.removeFirst();
                }
                cellEvents.addLast(cellEvent);
                List.copyOf(cellEventListeners).forEach(listener -> listener.accept(cellEvent));
            }
            if (current) {
                sendKeepAlive(true); // which acknowledges the master's generation and the invalidations
            }
        } else if (message instanceof SessionExpired expired && expired.session().equals(session)) {
            expire("the master expired the session");
        } else if (message instanceof NotMaster notMaster) {
            redirect(from, notMaster.master());
        } else if (message instanceof CallReply reply && reply.session().equals(session) && inFlight != null
                && reply.sequence() == inFlight.sequence) {
            complete(reply.reply());
        } else if (message instanceof ResourceWriteResult result) {
            Consumer<Boolean> done = writes.remove(result.id());
            if (done != null) {
                done.accept(result.accepted());
            }
        }
    }

    // ------------------------------------------------------------------ step 2: the local lease

    /**
     * The master granted a lease of {@code leaseNanos} on its clock, counted from when it received the
     * KeepAlive sent at {@link #keepAliveSentAt}: trust it, on this clock, from that send, for only what the
     * drift bound allows (never shortening a lease already held), and time its end.
     */
    private void onKeepAliveReply(long leaseNanos) {
        // TODO step-2: Extend the local lease: from the KeepAlive's send, for the drift bound's holder lease of what the master granted
        throw new UnsupportedOperationException("TODO step-2 (06-lock-service): extend the local lease: from the KeepAlive's send, for the drift bound's holder lease of what the master granted; see 06-lock-service/README.md#step-2");
    }

    /** The local lease ran out with no answer: jeopardy, a search for a master, and a grace period to find one. */
    private void onLeaseTimer() {
        if (state != State.SAFE || ctx.nanoTime() - leaseEnd < 0) {
            return; // extended meanwhile
        }
        cache.clear(); // without a lease, an invalidation may be missed: the master stops waiting for this client
        // TODO step-2: Enter jeopardy: hold the calls, look for a master; expire the session after the grace period
        throw new UnsupportedOperationException("TODO step-2 (06-lock-service): enter jeopardy: hold the calls, look for a master; expire the session after the grace period; see 06-lock-service/README.md#step-2");
    }

    private void scheduleLeaseTimer() {
        cancel(leaseTimer);
        leaseTimer = ctx.schedule(Duration.ofNanos(Math.max(0, leaseEnd - ctx.nanoTime())), this::onLeaseTimer);
    }

    /** In jeopardy: a KeepAlive to each server in turn, until one answers as master. */
    private void searchForMaster() {
        if (state != State.JEOPARDY) {
            return;
        }
        guess++;
        // A new round each time: the answer's lease then counts from this send, not from a KeepAlive long gone.
        sendKeepAlive(true);
        cancel(searchTimer);
        searchTimer = ctx.schedule(config.retryInterval(), this::searchForMaster);
    }

    /** Sends a KeepAlive: a new round (counted from now), or the same round again. */
    private void sendKeepAlive(boolean newRound) {
        if (newRound) {
            keepAliveRound++;
            keepAliveSentAt = ctx.nanoTime();
        }
        ctx.send(master(), new KeepAlive(session, keepAliveRound, masterGeneration, taken));
    }

    private void expire(String why) {
        if (state == State.EXPIRED) {
            return;
        }
        ctx.note("session " + session + " expired: " + why);
        state = State.EXPIRED;
        cancel(leaseTimer);
        cancel(graceTimer);
        cancel(retryTimer);
        cancel(searchTimer);
        held.clear();
        cache.clear();
        event(SessionEvent.EXPIRED);
        LockReply refused = new LockReply.Refused(ErrorCode.SESSION_EXPIRED, "session " + session + " has expired ("
                + why + "): its locks, handles and ephemeral nodes are gone; start a new client");
        List<Pending> failed = new ArrayList<>();
        if (inFlight != null) {
            failed.add(inFlight);
            inFlight = null;
        }
        failed.addAll(queue);
        queue.clear();
        failed.forEach(p -> p.done.accept(refused));
    }

    // ------------------------------------------------------------------ step 4: the cache

    /**
     * The master says {@code paths} changed: drop them from the cache (and count it, so that a read
     * answered after the change was applied, but arriving after this, is not cached). The next KeepAlive,
     * sent once this answer is handled, tells the master they are gone.
     */
    private void onInvalidated(List<String> paths) {
        // TODO step-4: Drop each invalidated path from the cache, and count the invalidation (see 06-lock-service/README.md#step-4)
        return;
    }

    /**
     * Reads the handle's file: from the cache if this client holds it there and its session is safe,
     * else through the cell, caching the answer unless the path was invalidated while the read was on
     * its way.
     */
    public void read(long handle, Consumer<LockReply> done) {
        String path = handlePaths.get(handle);
        LockReply.Contents cached = path == null ? null : cache.get(path);
        // Only within the lease: after a stall the cache may hold what a completed write has replaced.
        if (cached != null && state == State.SAFE && ctx.nanoTime() - leaseEnd < 0) {
            done.accept(cached);
            return;
        }
        long before = path == null ? 0 : invalidations.getOrDefault(path, 0L);
        call(new LockOp.GetContents(handle), reply -> {
            if (path != null && reply instanceof LockReply.Contents contents && state == State.SAFE
                    && invalidations.getOrDefault(path, 0L) == before) {
                cache.put(path, contents);
            }
            done.accept(reply);
        });
    }

    /** Whether {@code path}'s contents are in this client's cache. */
    public boolean caches(String path) {
        return cache.containsKey(path);
    }

    /** The events the cell told this session of, in order: the latest {@link #KEPT_EVENTS}. */
    public List<CellEvent> cellEvents() {
        return List.copyOf(cellEvents);
    }

    /** Calls {@code listener} on each later event of the cell. */
    public void onCellEvent(Consumer<CellEvent> listener) {
        cellEventListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    // ------------------------------------------------------------------ calls

    /**
     * Makes a call; {@code done} gets the answer (a {@link LockReply.Refused} for an error). Calls go one
     * at a time, in order; in jeopardy they wait; after the session expired they fail at once.
     */
    public void call(LockOp op, Consumer<LockReply> done) {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(done, "done");
        if (state == State.EXPIRED) {
            done.accept(new LockReply.Refused(ErrorCode.SESSION_EXPIRED, "session " + session
                    + " has expired: its handles are invalid; start a new client"));
            return;
        }
        queue.add(new Pending(op, done));
        pump();
    }

    private void pump() {
        if (inFlight != null || state != State.SAFE || queue.isEmpty()) {
            return;
        }
        inFlight = queue.poll();
        inFlight.sequence = ++nextSequence;
        attempts = 0;
        if (inFlight.op instanceof LockOp.Release release) {
            // From the moment it asks to give the lock up, the client must not act as its holder.
            heldThrough(release.handle()).ifPresent(held::remove);
        }
        long changes = inFlight.op instanceof LockOp.SetContents set ? set.handle()
                : inFlight.op instanceof LockOp.Delete delete ? delete.handle() : -1;
        String changing = handlePaths.get(changes);
        if (changing != null) {
            // The cell invalidates every other cacher; the writer drops its own copy (and a read on its way).
            cache.remove(changing);
            invalidations.merge(changing, 1L, Long::sum);
        }
        resend();
    }

    private void resend() {
        if (inFlight == null || state != State.SAFE) {
            return;
        }
        Pending call = inFlight;
        if (++attempts > 3) {
            attempts = 0;
            guess++; // no answer from the server we thought was master: try the next
        }
        ctx.send(master(), new CallRequest(session, call.sequence, call.op));
        cancel(retryTimer);
        retryTimer = ctx.schedule(config.retryInterval(), () -> {
            if (inFlight == call) {
                resend();
            }
        });
    }

    private void complete(LockReply reply) {
        Pending call = inFlight;
        inFlight = null;
        cancel(retryTimer);
        if (call.op instanceof LockOp.Open open && reply instanceof LockReply.Opened opened) {
            handlePaths.put(opened.handle(), open.path());
        } else if (reply instanceof LockReply.Granted granted) {
            Mode mode = call.op instanceof LockOp.Acquire a ? a.mode() : ((LockOp.TryAcquire) call.op).mode();
            String path = handlePaths.get(handleOf(call.op));
            if (path != null) {
                held.put(path, new Sequencer(path, mode, granted.generation()));
            }
        } else if (call.op instanceof LockOp.Close close) {
            handlePaths.remove(close.handle());
        }
        call.done.accept(reply);
        pump();
    }

    private static long handleOf(LockOp op) {
        return op instanceof LockOp.Acquire a ? a.handle() : op instanceof LockOp.TryAcquire t ? t.handle() : -1;
    }

    private Optional<String> heldThrough(long handle) {
        return Optional.ofNullable(handlePaths.get(handle)).filter(held::containsKey);
    }

    private void redirect(NodeId from, Optional<String> master) {
        int named = master.map(name -> servers.indexOf(NodeId.of(name))).orElse(-1);
        if (named >= 0) {
            guess = named;
        } else if (servers.get(Math.floorMod(guess, servers.size())).equals(from)) {
            guess++;
        }
        if (named >= 0 && state == State.SAFE && inFlight != null) {
            resend();
        }
        if (named >= 0 && state == State.OPENING) {
            ctx.send(master(), new OpenSessionRequest(session));
        }
        if (named >= 0 && (state == State.SAFE || state == State.JEOPARDY)) {
            sendKeepAlive(true);
        }
    }

    private NodeId master() {
        return servers.get(Math.floorMod(guess, servers.size()));
    }

    // ------------------------------------------------------------------ fenced resources

    /**
     * Writes {@code data} to a fenced resource as the holder of {@code lock}, with the lock's sequencer:
     * only while this client believes it holds the lock ({@link #believesHolding}); {@code done} gets
     * whether the resource accepted it (false at once if the client does not believe it holds the lock).
     */
    public void writeTo(NodeId resource, String lock, String data, Consumer<Boolean> done) {
        if (!believesHolding(lock)) {
            done.accept(false);
            return;
        }
        long id = ++nextWrite;
        writes.put(id, done);
        ctx.send(resource, new ResourceWrite(id, session, held.get(lock), data));
    }

    // ------------------------------------------------------------------ what the application (and the tests) see

    /**
     * Whether this client may act as {@code lock}'s holder now: it was granted the lock, has not asked to
     * release it, and its session is safe with its local lease still running on its own clock.
     */
    public boolean believesHolding(String lock) {
        return held.containsKey(lock) && state == State.SAFE && ctx.nanoTime() - leaseEnd < 0;
    }

    /** The sequencer of a lock this client was granted and has not released (even in jeopardy). */
    public Optional<Sequencer> sequencer(String lock) {
        return Optional.ofNullable(held.get(lock));
    }

    /** The session's id. */
    public String session() {
        return session;
    }

    /** How many KeepAlives a master has answered in this session. */
    public long keepAlivesAnswered() {
        return keepAlivesAnswered;
    }

    /** Every event of this client's session so far, in order. */
    public List<SessionEvent> events() {
        return List.copyOf(events);
    }

    /** Calls {@code listener} on each later event. */
    public void onEvent(Consumer<SessionEvent> listener) {
        eventListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Whether the session is open, with its lease running (not opening, in jeopardy or expired). */
    public boolean isSafe() {
        return state == State.SAFE;
    }

    public boolean inJeopardy() {
        return state == State.JEOPARDY;
    }

    public boolean hasExpired() {
        return state == State.EXPIRED;
    }

    /** How long the local lease has left on this client's clock (negative: it ran out). */
    public Duration leaseLeft() {
        return Duration.ofNanos(leaseEnd - ctx.nanoTime());
    }

    private void event(SessionEvent event) {
        events.add(event);
        ctx.note("session " + session + ": " + event);
        for (Consumer<SessionEvent> listener : List.copyOf(eventListeners)) {
            listener.accept(event);
        }
    }

    private static void cancel(Timer timer) {
        if (timer != null) {
            timer.cancel();
        }
    }

    @Override
    public String toString() {
        return ctx.self() + " (session " + session + ", " + state + ", held " + held.keySet() + ")";
    }
}
