// Generated from solutions/06-lock-service/src/main/java/dev/kata/lock/LockCell.java by ./kata sync: maintainers edit there.
// Yours to write: replace each TODO stub (06-lock-service/README.md says how).
// kata:fingerprint af4472d81a65
package dev.kata.lock;

import dev.kata.lock.CellCommand.Call;
import dev.kata.lock.CellCommand.EndLockDelay;
import dev.kata.lock.CellCommand.ExpireSession;
import dev.kata.lock.CellCommand.NewMaster;
import dev.kata.lock.CellCommand.OpenSession;
import dev.kata.lock.CellCommand.ValidateSequencer;
import dev.kata.lock.LockReply.Done;
import dev.kata.lock.LockReply.Granted;
import dev.kata.lock.LockReply.NotGranted;
import dev.kata.lock.LockReply.Refused;
import dev.kata.lock.Namespace.Node;
import dev.kata.log.Command;
import dev.kata.log.StateMachine;
import dev.kata.runtime.checker.LockCommand.Mode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The Chubby cell as a state machine on 05's replicated log: sessions, handles, the namespace and its
 * advisory locks. Every replica applies the same commands in the same order and goes through the same
 * states: nothing here reads a clock or a random source. What depends on time (a lease running out, a
 * lock-delay ending) is decided by the master on its clock and comes in as a command.
 *
 * <ul>
 *   <li>Step 1, a lock on the log: Acquire (waits in line), TryAcquire, Release; exclusive and shared;
 *       a release wakes one exclusive waiter, not the herd; the lock generation grows with each tenure.</li>
 *   <li>Step 2, sessions: an expiry of the current master ends a session: its locks, its place in any
 *       line, its handles and ephemeral nodes go; a deposed master's expiry is void.</li>
 *   <li>Step 3, sequencers and lock-delay.</li>
 * </ul>
 *
 * <p>Given code: the namespace, handles, the Idempotent Receiver's table of each session's latest call,
 * and the dispatch of calls; the learner writes the marked parts.
 */
public final class LockCell implements StateMachine {

    /** A session: its client node, its latest call and answer (null while that call waits), its handles. */
    static final class Session {
        final String id;
        final String client;
        long lastSequence;
        LockReply lastReply;
        final Set<Long> handles = new LinkedHashSet<>();

        Session(String id, String client) {
            this.id = id;
            this.client = client;
        }
    }

    /** A handle: the session that opened it, the node instance it is tied to, the events it hears. */
    record Handle(String session, String path, long instance, Set<CellEvent.Kind> events) {
    }

    /** A call waiting in a lock's line: an Acquire of {@code session}, call number {@code sequence}. */
    record Waiter(String session, long sequence, Mode mode) {
    }

    /** A node's lock: its exclusive holder or shared holders (each with its grant's generation), its line, its lock-delay. */
    static final class Lock {
        String exclusive;
        final Set<String> shared = new LinkedHashSet<>();
        long heldGeneration;
        final Deque<Waiter> waiters = new ArrayDeque<>();
        /** Whether the lock is in its lock-delay: nobody may take it until the master ends it. */
        boolean delayed;

        boolean isFree() {
            return exclusive == null && shared.isEmpty();
        }

        boolean holds(String session) {
            return session.equals(exclusive) || shared.contains(session);
        }
    }

    private final LockServiceConfig config;
    private final Namespace namespace;
    private final Map<String, Session> sessions = new HashMap<>();
    private final Set<String> expired = new HashSet<>();
    private final Map<Long, Handle> handles = new TreeMap<>();
    private final Map<String, Lock> locks = new TreeMap<>();
    /** Step 4: per path, the sessions that read it since its last change, and so may cache it. */
    private final Map<String, Set<String>> cachers = new TreeMap<>();
    private long nextHandle;
    private long masterGeneration;
    private CellListener listener = CellListener.NONE;

    public LockCell(LockServiceConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.namespace = new Namespace(config.maxContentBytes());
    }

    /** Who hears about answers and expiries (the server this replica runs in). */
    public void listener(CellListener newListener) {
        this.listener = Objects.requireNonNull(newListener, "listener");
    }

    @Override
    public String apply(Command command) {
        if (command instanceof NewMaster master) {
            masterGeneration = Math.max(masterGeneration, master.generation());
            return "master " + masterGeneration;
        }
        if (command instanceof OpenSession open) {
            if (!sessions.containsKey(open.session()) && !expired.contains(open.session())) {
                sessions.put(open.session(), new Session(open.session(), open.client()));
            }
            return sessions.containsKey(open.session()) ? "open" : "expired";
        }
        if (command instanceof Call call) {
            onCall(call);
            return null;
        }
        if (command instanceof ExpireSession expiry) {
            return expire(expiry) ? "expired" : "void";
        }
        if (command instanceof EndLockDelay end) {
            endLockDelay(end.lock(), end.generation());
            return null;
        }
        if (command instanceof ValidateSequencer validate) {
            return String.valueOf(isValid(validate.sequencer()));
        }
        throw new IllegalArgumentException("the lock cell applies CellCommands, not " + command);
    }

    /** The Idempotent Receiver: a call is applied once; its retry gets the first answer. */
    private void onCall(Call call) {
        Session session = sessions.get(call.session());
        if (session == null) {
            String why = expired.contains(call.session()) ? "session " + call.session() + " has expired: open a new"
                    + " session (its handles, locks and ephemeral nodes are gone)" : "no session " + call.session()
                    + ": open a session first";
            listener.answered("", call.session(), call.sequence(), new Refused(ErrorCode.SESSION_EXPIRED, why));
            return;
        }
        if (call.sequence() <= session.lastSequence) {
            if (call.sequence() == session.lastSequence && session.lastReply != null) {
                listener.answered(session.client, session.id, call.sequence(), session.lastReply);
            }
            return; // an older call's copy: its client has moved on
        }
        session.lastSequence = call.sequence();
        LockReply reply;
        try {
            reply = execute(session, call.sequence(), call.op());
        } catch (LockServiceException refused) {
            reply = new Refused(refused.code(), refused.getMessage().substring(refused.code().name().length() + 2));
        }
        session.lastReply = reply; // null: it waits in a lock's line
        if (reply != null) {
            listener.answered(session.client, session.id, call.sequence(), reply);
        }
    }

    private LockReply execute(Session session, long sequence, LockOp op) {
        if (op instanceof LockOp.Open open) {
            return open(session, open);
        }
        long handleId = handleOf(op);
        Handle handle = handle(session, handleId);
        Node node = namespace.find(handle.path()).filter(n -> n.instance == handle.instance())
                .orElseThrow(() -> new LockServiceException(ErrorCode.HANDLE_STALE, "handle " + handleId + " was for "
                        + handle.path() + " (instance " + handle.instance() + "), which was deleted since: open it again"));
        if (op instanceof LockOp.Close) {
            handles.remove(handleId);
            session.handles.remove(handleId);
            return new Done();
        }
        if (op instanceof LockOp.GetContents) {
            cachers.computeIfAbsent(node.path, path -> new TreeSet<>()).add(session.id);
            return new LockReply.Contents(node.contents, node.metadata());
        }
        if (op instanceof LockOp.SetContents set) {
            namespace.write(node, set.contents(), set.expectedGeneration());
            changed(session, sequence, node.path, CellEvent.Kind.CONTENTS_MODIFIED);
            return new Done();
        }
        if (op instanceof LockOp.Delete) {
            namespace.delete(node);
            locks.remove(node.path);
            changed(session, sequence, node.path, CellEvent.Kind.HANDLE_INVALID);
            announce(Namespace.parent(node.path), new CellEvent(CellEvent.Kind.CHILD_REMOVED, node.path));
            return new Done();
        }
        if (node.directory) {
            throw new LockServiceException(ErrorCode.WRONG_KIND, node.path + " is a directory: only files have locks");
        }
        Lock lock = locks.computeIfAbsent(node.path, path -> new Lock());
        if (op instanceof LockOp.Acquire || op instanceof LockOp.TryAcquire) {
            boolean wait = op instanceof LockOp.Acquire;
            Mode mode = op instanceof LockOp.Acquire a ? a.mode() : ((LockOp.TryAcquire) op).mode();
            LockReply reply = acquire(session.id, sequence, node, lock, mode, wait);
            if (reply instanceof Granted) {
                announce(node.path, new CellEvent(CellEvent.Kind.LOCK_ACQUIRED, node.path));
            }
            return reply;
        }
        if (op instanceof LockOp.Release release) {
            LockReply reply = release(session.id, node, lock, release.generation());
            wake(node, lock);
            return reply;
        }
        if (op instanceof LockOp.GetSequencer) {
            return new LockReply.SequencerIs(sequencer(session.id, node, lock));
        }
        if (op instanceof LockOp.CheckSequencer check) {
            if (!check.sequencer().lock().equals(node.path)) {
                throw new LockServiceException(ErrorCode.WRONG_LOCK, "the sequencer " + check.sequencer() + " is for "
                        + check.sequencer().lock() + ", not for " + node.path + ": check it through a handle to its own lock");
            }
            return new LockReply.Valid(isValid(check.sequencer()));
        }
        throw new IllegalArgumentException("unknown call " + op);
    }

    private LockReply open(Session session, LockOp.Open open) {
        Namespace.checkPath(open.path());
        Optional<Node> existing = namespace.find(open.path());
        Node node;
        if (existing.isPresent()) {
            node = existing.get();
        } else if (open.create()) {
            node = namespace.create(open.path(), open.directory(), open.ephemeral() ? session.id : null);
            announce(Namespace.parent(node.path), new CellEvent(CellEvent.Kind.CHILD_ADDED, node.path));
        } else {
            throw new LockServiceException(ErrorCode.NOT_FOUND, "no node " + open.path() + ": open it with create");
        }
        long id = ++nextHandle;
        handles.put(id, new Handle(session.id, node.path, node.instance, open.events()));
        session.handles.add(id);
        return new LockReply.Opened(id, node.metadata());
    }

    private Handle handle(Session session, long id) {
        Handle handle = handles.get(id);
        if (handle == null || !handle.session().equals(session.id)) {
            throw new LockServiceException(ErrorCode.HANDLE_CLOSED, "handle " + id + " is closed (or not this"
                    + " session's): open the node again");
        }
        return handle;
    }

    private static long handleOf(LockOp op) {
        if (op instanceof LockOp.Close c) {
            return c.handle();
        } else if (op instanceof LockOp.GetContents c) {
            return c.handle();
        } else if (op instanceof LockOp.SetContents c) {
            return c.handle();
        } else if (op instanceof LockOp.Delete c) {
            return c.handle();
        } else if (op instanceof LockOp.Acquire c) {
            return c.handle();
        } else if (op instanceof LockOp.TryAcquire c) {
            return c.handle();
        } else if (op instanceof LockOp.Release c) {
            return c.handle();
        } else if (op instanceof LockOp.GetSequencer c) {
            return c.handle();
        } else if (op instanceof LockOp.CheckSequencer c) {
            return c.handle();
        }
        throw new IllegalArgumentException("unknown call " + op);
    }

    // ------------------------------------------------------------------ step 1: a lock on the log

    /**
     * An Acquire ({@code wait}) or TryAcquire of {@code session}'s call {@code sequence}: granted now if
     * the lock is free for {@code mode} and nobody waits before it; else a TryAcquire is refused and an
     * Acquire joins the line (null: its answer comes when {@link #wake} grants it).
     */
    private LockReply acquire(String session, long sequence, Node node, Lock lock, Mode mode, boolean wait) {
        // TODO step-1: Grant the lock if it is free for the mode and nobody waits; else refuse a try, or queue an acquire
        throw new UnsupportedOperationException("TODO step-1 (06-lock-service): grant the lock if it is free for the mode and nobody waits; else refuse a try, or queue an acquire; see 06-lock-service/README.md#step-1");
    }

    /** Whether the lock can be granted in {@code mode} now: free, or shared among shared holders; never in its lock-delay. */
    private boolean grantable(Lock lock, Mode mode) {
        // TODO step-1: Free for exclusive: nobody holds it; for shared: nobody holds it exclusively (see 06-lock-service/README.md#step-1)
        return lock.isFree();
    }

    /** Makes {@code session} a holder; a new tenure (the lock was free) takes the next lock generation. */
    private long grant(String session, Node node, Lock lock, Mode mode) {
        // TODO step-1: Record the holder; a lock that was free starts a new tenure: the next lock generation
        throw new UnsupportedOperationException("TODO step-1 (06-lock-service): record the holder; a lock that was free starts a new tenure: the next lock generation; see 06-lock-service/README.md#step-1");
    }

    /**
     * A Release: only by a holder, and only of its own grant ({@code generation}), so that a Release that
     * comes late (a retry, a copy) cannot free a newer holder's lock.
     */
    private LockReply release(String session, Node node, Lock lock, long generation) {
        // TODO step-1: Release only the caller's own grant: it holds the lock, in the generation it names
        throw new UnsupportedOperationException("TODO step-1 (06-lock-service): release only the caller's own grant: it holds the lock, in the generation it names; see 06-lock-service/README.md#step-1");
    }

    /**
     * The lock may have come free: grant the head of the line. An exclusive waiter alone (one wakes, not
     * the herd); shared waiters at the head together.
     */
    private void wake(Node node, Lock lock) {
        // TODO step-1: Grant the line's head: one exclusive waiter, or every shared waiter at the head (see 06-lock-service/README.md#step-1)
        return;
    }

    /** A waiting Acquire has its answer: it becomes the session's latest answer, and its client hears it. */
    private void answerWaiter(String path, Waiter waiter, LockReply reply) {
        Session session = sessions.get(waiter.session());
        if (session != null && session.lastSequence == waiter.sequence()) {
            session.lastReply = reply;
            listener.answered(session.client, session.id, waiter.sequence(), reply);
            if (reply instanceof Granted) {
                announce(path, new CellEvent(CellEvent.Kind.LOCK_ACQUIRED, path));
            }
        }
    }

    // ------------------------------------------------------------------ step 4: events and the cache (given)

    /**
     * Call {@code sequence} of {@code writer} changed {@code path}: every session that may cache it must
     * drop it before the write completes, and every session with a handle on it hears of it.
     */
    private void changed(Session writer, long sequence, String path, CellEvent.Kind kind) {
        Set<String> readers = cachers.remove(path);
        if (readers != null) {
            readers.remove(writer.id);
            if (!readers.isEmpty()) {
                listener.invalidate(path, writer.id, sequence, Set.copyOf(readers));
            }
        }
        announce(path, new CellEvent(kind, path));
    }

    /** Tells {@code event} to every session with a handle on {@code path} that asked for its kind, once each. */
    private void announce(String path, CellEvent event) {
        Set<String> told = new TreeSet<>();
        for (Handle handle : handles.values()) {
            Session session = sessions.get(handle.session());
            if (handle.path().equals(path) && handle.events().contains(event.kind()) && session != null
                    && told.add(session.id)) {
                listener.event(session.client, session.id, event);
            }
        }
    }

    // ------------------------------------------------------------------ step 2: sessions

    /**
     * The master of {@code expiry.masterGeneration()} saw the session's lease run out. Void unless that
     * master is the cell's current one. Otherwise the session ends: it leaves every lock's line (its
     * waiting Acquire is refused), loses its locks (each into its lock-delay, step 3), its handles and
     * its ephemeral nodes.
     *
     * @return whether the session expired
     */
    private boolean expire(ExpireSession expiry) {
        // TODO step-2: Apply only the current master's expiry; then the session leaves every line, loses its locks, handles and ephemeral nodes (see 06-lock-service/README.md#step-2)
        return false;
    }

    // ------------------------------------------------------------------ step 3: sequencers and lock-delay

    /** The sequencer of the lock {@code session} holds on {@code node}. */
    private Sequencer sequencer(String session, Node node, Lock lock) {
        // TODO step-3: A sequencer names the lock, the mode the caller holds it in, and the grant's generation
        throw new UnsupportedOperationException("TODO step-3 (06-lock-service): a sequencer names the lock, the mode the caller holds it in, and the grant's generation; see 06-lock-service/README.md#step-3");
    }

    /** Whether {@code sequencer}'s tenure still holds: the lock is held in its mode, in its generation. */
    boolean isValid(Sequencer sequencer) {
        // TODO step-3: Valid while the lock is held in the sequencer's mode and generation (see 06-lock-service/README.md#step-3)
        return true;
    }

    /** A holder's session expired and the lock came free: nobody may take it until the master ends the delay. */
    private void startLockDelay(String path, Lock lock) {
        // TODO step-3: Hold the lock back for its lock-delay: mark it, and tell the master to time it (see 06-lock-service/README.md#step-3)
        return;
    }

    /** The master ended the lock-delay begun when the holder of {@code generation} expired: the line moves. */
    private void endLockDelay(String path, long generation) {
        Lock lock = locks.get(path);
        if (lock == null || !lock.delayed || lock.heldGeneration != generation) {
            return; // a copy of an older end, or the node is gone
        }
        lock.delayed = false;
        namespace.find(path).ifPresent(node -> wake(node, lock));
    }

    // ------------------------------------------------------------------ what the master and tests look at

    /** The cell's master generation: the last {@link NewMaster} applied. */
    public long masterGeneration() {
        return masterGeneration;
    }

    /** The sessions that are open, sorted. */
    public List<String> sessions() {
        return sessions.keySet().stream().sorted().toList();
    }

    /** Whether {@code session} has expired. */
    public boolean hasExpired(String session) {
        return expired.contains(session);
    }

    /** The client node of an open session. */
    public Optional<String> clientOf(String session) {
        return Optional.ofNullable(sessions.get(session)).map(s -> s.client);
    }

    /** The answer to {@code session}'s call {@code sequence}, if that is its latest call and it has one. */
    public Optional<LockReply> answerTo(String session, long sequence) {
        Session s = sessions.get(session);
        return s != null && s.lastSequence == sequence ? Optional.ofNullable(s.lastReply) : Optional.empty();
    }

    /** Whether {@code session}'s call {@code sequence} is its latest and waits in a lock's line. */
    public boolean waits(String session, long sequence) {
        Session s = sessions.get(session);
        return s != null && s.lastSequence == sequence && s.lastReply == null;
    }

    /** The locks in their lock-delay, with the generation whose expiry began it. */
    public Map<String, Long> delayedLocks() {
        Map<String, Long> delayed = new TreeMap<>();
        locks.forEach((path, lock) -> {
            if (lock.delayed) {
                delayed.put(path, lock.heldGeneration);
            }
        });
        return delayed;
    }

    /** The sessions that hold {@code path}'s lock (exclusive first), for tests. */
    public List<String> holders(String path) {
        Lock lock = locks.get(path);
        if (lock == null) {
            return List.of();
        }
        List<String> holders = new ArrayList<>();
        if (lock.exclusive != null) {
            holders.add(lock.exclusive);
        }
        holders.addAll(lock.shared);
        return holders;
    }

    /** The sessions waiting in {@code path}'s line, in order, for tests. */
    public List<String> waiting(String path) {
        Lock lock = locks.get(path);
        return lock == null ? List.of() : lock.waiters.stream().map(Waiter::session).toList();
    }

    /** The namespace, for tests. */
    public Namespace namespace() {
        return namespace;
    }
}
