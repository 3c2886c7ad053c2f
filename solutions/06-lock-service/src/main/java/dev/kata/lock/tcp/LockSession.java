package dev.kata.lock.tcp;

import dev.kata.lock.CellEvent;
import dev.kata.lock.ErrorCode;
import dev.kata.lock.LockClient;
import dev.kata.lock.LockMessage.CallRequest;
import dev.kata.lock.LockOp;
import dev.kata.lock.LockReply;
import dev.kata.lock.LockServiceConfig;
import dev.kata.lock.LockServiceException;
import dev.kata.lock.Sequencer;
import dev.kata.lock.SessionEvent;
import dev.kata.runtime.cell.AddressBookFile;
import dev.kata.runtime.checker.LockCommand.Mode;
import dev.kata.runtime.net.RefusedByPeerException;
import dev.kata.runtime.net.TcpNode;
import dev.kata.runtime.net.TcpNodeConfig;
import dev.kata.runtime.node.NodeId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A session with a running cell, over TCP, for an application (and the {@link LockCli}): 06's
 * {@link LockClient}, the very node the simulation tests, run on its own event loop by a
 * {@link TcpNode} (a client node of the address book, or a listener if the book names it), with
 * blocking calls. Every call hops onto that event loop, so the client needs no locks. Given code.
 * <pre>{@code
 * try (LockSession session = LockSession.open(Path.of("cell.book"), "app-1")) {
 *     long handle = session.open("/ls/cell/leader", true);
 *     Sequencer mine = session.acquire(handle, Mode.EXCLUSIVE);   // waits in line
 *     session.write(handle, "app-1 at 10.0.0.7");
 *     session.release(handle, mine);
 * }
 * }</pre>
 * A call the cell refuses throws {@link LockServiceException} (its code says why); a call not answered
 * in time throws {@link SessionTimeoutException}; a call waiting when a server hung up on this client
 * because of what it sent (another version's messages, a frame over the cell's limit) throws the
 * runtime's {@link RefusedByPeerException} at once, saying what the server found wrong.
 */
public final class LockSession implements AutoCloseable {

    /** How long a call other than Acquire waits for its answer. */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);

    private final TcpNode node;
    private final LockClient client;
    /** The answers callers wait for now: a server's refusal of this client ends every wait at once. */
    private final Set<CompletableFuture<?>> waiting;
    /** The path of each handle this session opened: a grant's sequencer names it. */
    private final Map<Long, String> paths = new ConcurrentHashMap<>();

    private LockSession(TcpNode node, LockClient client, Set<CompletableFuture<?>> waiting) {
        this.node = node;
        this.client = client;
        this.waiting = waiting;
    }

    /** Opens a session with the cell of {@code addressBook} as client {@code name}; returns once it is open. */
    public static LockSession open(Path addressBook, String name) {
        return open(AddressBookFile.read(addressBook), name, LockProgram.CONFIG);
    }

    /** Opens a session with the cell of {@code book}, with {@code config}'s lease and retries. */
    public static LockSession open(AddressBookFile book, String name, LockServiceConfig config) {
        List<NodeId> servers = List.copyOf(book.servers().keySet());
        AtomicReference<LockClient> created = new AtomicReference<>();
        TcpNodeConfig tcp = TcpNodeConfig.of(NodeId.of(name), book.servers(), LockProgram.CODEC, null)
                .withListeners(book.listeners());
        TcpNode node = TcpNode.start(tcp, ctx -> {
            LockClient client = new LockClient(ctx, servers, config);
            created.set(client);
            return client;
        });
        Set<CompletableFuture<?>> waiting = ConcurrentHashMap.newKeySet();
        CompletableFuture<Void> opened = awaited(waiting);
        // After the future joined the set: a refusal that came first is handed over at once.
        node.onRefused(refusal -> waiting.forEach(answer -> answer.completeExceptionally(refusal)));
        node.execute(() -> {
            if (created.get().isSafe()) {
                opened.complete(null);
            }
            created.get().onEvent(event -> {
                if (event == SessionEvent.OPENED) {
                    opened.complete(null);
                }
            });
        });
        try {
            await(waiting, opened, CALL_TIMEOUT, "open a session");
        } catch (RuntimeException e) {
            node.stop();
            throw e;
        }
        return new LockSession(node, created.get(), waiting); // set on the event loop before the task above ran
    }

    // ------------------------------------------------------------------ calls

    /**
     * Makes a call and waits up to {@code timeout} for its answer, which may be a {@link LockReply.Refused}.
     *
     * @throws LockServiceException {@code TOO_LARGE} at once, for a call larger than the wire carries
     */
    public LockReply call(LockOp op, Duration timeout) {
        refuseIfUnsendable(op);
        CompletableFuture<LockReply> answer = awaited(waiting);
        if (!node.execute(() -> client.call(op, answer::complete))) {
            waiting.remove(answer);
            throw new IllegalStateException("the session is closed");
        }
        return await(waiting, answer, timeout, op.toString());
    }

    /**
     * A call the codec cannot carry would throw in the client's event loop and stop it (a node's
     * exception is a crash): the caller hears TOO_LARGE, as the cell would say for a smaller one.
     */
    private static void refuseIfUnsendable(LockOp op) {
        try {
            // A session id is a client id (at most 64 characters), a dot and 16 hex digits: 128 covers it.
            LockProgram.CODEC.encode(new CallRequest("s".repeat(128), Long.MAX_VALUE, op));
        } catch (IllegalArgumentException tooLarge) {
            throw new LockServiceException(ErrorCode.TOO_LARGE, "the call cannot be sent: " + tooLarge.getMessage()
                    + "; write smaller files");
        }
    }

    /** Opens {@code path} (a file, created if {@code create}); returns the handle. */
    public long open(String path, boolean create) {
        return open(new LockOp.Open(path, create, false, false));
    }

    /** Opens {@code path} with every option of {@link LockOp.Open}. */
    public long open(LockOp.Open open) {
        long handle = expect(call(open, CALL_TIMEOUT), LockReply.Opened.class).handle();
        paths.put(handle, open.path());
        return handle;
    }

    /** Reads the file, from the client's cache when it holds it and its lease runs. */
    public LockReply.Contents read(long handle) {
        CompletableFuture<LockReply> answer = awaited(waiting);
        node.execute(() -> client.read(handle, answer::complete));
        return expect(await(waiting, answer, CALL_TIMEOUT, "read"), LockReply.Contents.class);
    }

    /** Writes the whole file; returns once every client that may cache it has dropped it. */
    public void write(long handle, String contents) {
        expect(call(new LockOp.SetContents(handle, contents, -1), CALL_TIMEOUT), LockReply.Done.class);
    }

    /** Deletes the handle's node. */
    public void delete(long handle) {
        expect(call(new LockOp.Delete(handle), CALL_TIMEOUT), LockReply.Done.class);
    }

    /** Takes the node's lock, waiting in line as long as {@code timeout}; returns the grant's sequencer. */
    public Sequencer acquire(long handle, Mode mode, Duration timeout) {
        long generation = expect(call(new LockOp.Acquire(handle, mode), timeout), LockReply.Granted.class).generation();
        return granted(handle, mode, generation);
    }

    /** Takes the node's lock if it is free now; empty if it is not. */
    public Optional<Sequencer> tryAcquire(long handle, Mode mode) {
        LockReply reply = call(new LockOp.TryAcquire(handle, mode), CALL_TIMEOUT);
        if (reply instanceof LockReply.NotGranted) {
            return Optional.empty();
        }
        return Optional.of(granted(handle, mode, expect(reply, LockReply.Granted.class).generation()));
    }

    /** The grant's sequencer, from what the client knows (the grant names the generation): no second call. */
    private Sequencer granted(long handle, Mode mode, long generation) {
        String path = paths.get(handle);
        if (path == null) {
            throw new IllegalStateException("handle " + handle + " was not opened through this session");
        }
        return new Sequencer(path, mode, generation);
    }

    /** Gives the lock of {@code sequencer}'s grant back. */
    public void release(long handle, Sequencer sequencer) {
        expect(call(new LockOp.Release(handle, sequencer.generation()), CALL_TIMEOUT), LockReply.Done.class);
    }

    /** The sequencer of the lock this session holds through {@code handle}. */
    public Sequencer sequencer(long handle) {
        return expect(call(new LockOp.GetSequencer(handle), CALL_TIMEOUT), LockReply.SequencerIs.class).sequencer();
    }

    /** Whether {@code sequencer} is still valid (checked through a handle to its lock's node). */
    public boolean check(long handle, Sequencer sequencer) {
        return expect(call(new LockOp.CheckSequencer(handle, sequencer), CALL_TIMEOUT), LockReply.Valid.class).valid();
    }

    /**
     * Writes {@code data} to the fenced resource {@code resource} (a listener of the address book) as
     * {@code lock}'s holder; true if the resource accepted it. False at once if this client does not
     * believe it holds the lock ({@link LockClient#writeTo}).
     */
    public boolean writeTo(String resource, String lock, String data) {
        CompletableFuture<Boolean> accepted = awaited(waiting);
        node.execute(() -> client.writeTo(NodeId.of(resource), lock, data, accepted::complete));
        return await(waiting, accepted, CALL_TIMEOUT, "write to " + resource);
    }

    // ------------------------------------------------------------------ what the session hears

    /** Calls {@code listener} on each later session event (on the client's event loop: return quickly). */
    public void onSessionEvent(Consumer<SessionEvent> listener) {
        node.execute(() -> client.onEvent(listener));
    }

    /** Calls {@code listener} on each later event of a node this session has a handle on (on the event loop). */
    public void onCellEvent(Consumer<CellEvent> listener) {
        node.execute(() -> client.onCellEvent(listener));
    }

    /** Asks the client something on its event loop. */
    public <T> T inspect(Function<LockClient, T> question) {
        CompletableFuture<T> answer = awaited(waiting);
        node.execute(() -> answer.complete(question.apply(client)));
        return await(waiting, answer, CALL_TIMEOUT, "inspect the client");
    }

    /** The session's id. */
    public String id() {
        return inspect(LockClient::session);
    }

    /**
     * Ends this process's part: the client stops. The cell expires the session when its lease runs out
     * (its locks then wait out their lock-delay): release what you hold first.
     */
    @Override
    public void close() {
        node.stop();
    }

    /** A future for an answer, in {@code waiting} before the call is sent: a refusal can end it from then on. */
    private static <T> CompletableFuture<T> awaited(Set<CompletableFuture<?>> waiting) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        waiting.add(answer);
        return answer;
    }

    private static <T> T await(Set<CompletableFuture<?>> waiting, CompletableFuture<T> answer, Duration timeout,
                               String what) {
        try {
            return answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new SessionTimeoutException("no answer to '" + what + "' within " + timeout.toSeconds()
                    + " s: is a majority of the cell running? (./kata cell status)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SessionTimeoutException("interrupted while waiting for '" + what + "'");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RefusedByPeerException refused) {
                throw refused;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            waiting.remove(answer);
        }
    }

    private static <R extends LockReply> R expect(LockReply reply, Class<R> type) {
        Objects.requireNonNull(reply, "reply");
        if (reply instanceof LockReply.Refused refused) {
            throw refused.exception();
        }
        if (!type.isInstance(reply)) {
            throw new IllegalStateException("expected " + type.getSimpleName() + " but the cell answered " + reply);
        }
        return type.cast(reply);
    }
}
