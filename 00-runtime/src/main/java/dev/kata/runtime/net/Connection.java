package dev.kata.runtime.net;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.WARNING;

import dev.kata.runtime.net.FrameReader.Deadline;
import dev.kata.runtime.net.Frames.BadFrameException;
import dev.kata.runtime.net.Frames.DeadlineException;
import dev.kata.runtime.net.Frames.ErrorFrameException;
import dev.kata.runtime.net.Handshake.Challenge;
import dev.kata.runtime.net.Handshake.Hello;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.wire.MalformedMessageException;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import jdk.net.ExtendedSocketOptions;

/**
 * One TCP connection, with a reader thread and a writer thread of its own. Blocking I/O on two
 * threads is the plainest correct design: the event loop never waits on the socket, it only puts
 * frames in the {@link #offer outbox}, and a slow or dead peer stalls nothing but its own threads.
 * One shortcut (see {@link SocketIo}): on a plain socket, a frame with nothing queued ahead of it is
 * written by the sender itself, without waiting, and only what the socket does not take at once is
 * left to the writer thread.
 *
 * <p>A connection is either <em>dialed</em> (we connect to a server in the address book; the
 * writer thread connects and does the {@link Handshake}, then starts the reader) or
 * <em>accepted</em> (a peer connected to us; the reader thread does the handshake, then starts the
 * writer). Messages flow both ways on either kind: that is how a server's reply reaches a client
 * that has no address of its own.
 *
 * <p>Nothing a peer does can make a connection hold more than its {@link TcpLimits}: the handshake
 * and each frame once begun have deadlines, a quiet connection is closed, a frame's buffer grows
 * only as its bytes arrive and only within the byte budgets, and the outbox is bounded in bytes.
 * Any failure closes the connection, and only it. The endpoint dials a new one when it next needs one.
 *
 * <p>When the failure is the peer's bad input (a frame too long, bytes that do not decode, a message
 * its role may not send, a refused hello), the peer is told why in an {@link Frames error frame}
 * before the close, so a client learns what it did wrong; a peer's own error frame is logged and
 * handed to the endpoint's {@link TcpEndpoint#refusedBy listeners}, never answered.
 */
final class Connection {

    /** What the peer proved to be in its hello. */
    enum Role {
        /** A server of the address book that proved it knows the cluster secret (or that we dialed). */
        SERVER,
        /** Anyone else: it may send only what {@link ClientMessages} allows. */
        CLIENT
    }

    /** A frame's buffer starts this small and doubles as its bytes arrive. */
    static final int FIRST_CHUNK = 64 * 1024;
    /**
     * After an error frame, how long the connection waits for the peer to read it and close, reading
     * and forgetting what still comes (at most the frame timeout, if that is shorter).
     */
    static final Duration LINGER = Duration.ofSeconds(2);

    private final TcpEndpoint endpoint;
    private final TcpLimits limits;
    private final Socket socket;
    private final InetSocketAddress dialAddress; // null for an accepted connection
    /** In the outbox, a frame that only wakes the writer: a {@link #remainder} waits to be written. */
    private static final byte[] REMAINDER = new byte[0];

    private final BlockingQueue<byte[]> outbox = new LinkedBlockingQueue<>();
    /** Frames in the outbox or taken by the writer and not yet written: none, and a frame may go directly. */
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong outboxBytes = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean handshaking;
    private final ByteBudget inbound;
    private final Thread reader;
    private final Thread writer;
    private volatile Socket io; // the socket, or the TLS socket layered on it
    private volatile SocketIo wire; // how io's bytes move, once it is set up
    private volatile boolean direct; // after the handshake, on a wire that writes without waiting
    private volatile FrameReader frames;
    private volatile DataOutputStream out;
    private volatile NodeId peer; // known at once when dialed, from the hello when accepted
    private volatile Role role;
    private volatile byte[] token; // a client's, from its hello
    private volatile long lastActivityNanos = System.nanoTime();
    private volatile long writeStartedNanos; // 0 while the writer is not writing
    private volatile long helloDeadlineNanos; // while the hello (and TLS handshake) runs; 0 after
    /** Held for each frame written: the reader writes the error frame, and nothing may follow it. */
    private final ReentrantLock writing = new ReentrantLock();
    private boolean finished; // guarded by writing: the error frame has been written (or tried)
    /** Guarded by writing: the bytes of a frame written directly that the socket did not take, to go first. */
    private byte[] remainder;

    private Connection(TcpEndpoint endpoint, Socket socket, NodeId peer, InetSocketAddress dialAddress) {
        this.endpoint = endpoint;
        this.limits = endpoint.limits();
        this.socket = socket;
        this.io = socket;
        this.peer = peer;
        this.dialAddress = dialAddress;
        this.handshaking = new AtomicBoolean(dialAddress == null);
        this.helloDeadlineNanos = dialAddress == null ? System.nanoTime() + limits.helloTimeout().toNanos() : 0;
        this.inbound = new ByteBudget("the connection's inbound budget", limits.connectionInboundBytes());
        String name = "kata-" + endpoint.self() + (dialAddress != null ? "-to-" + peer : "-from-" + socket.getPort());
        this.reader = endpoint.newThread(this::readLoop, name + "-reader");
        this.writer = endpoint.newThread(dialAddress != null ? this::dialThenWrite : this::writeLoop, name + "-writer");
    }

    /** A connection to a server in the address book; it connects on its own thread once started. */
    static Connection dial(TcpEndpoint endpoint, NodeId peer, InetSocketAddress address) {
        return new Connection(endpoint, newSocket(), peer, address);
    }

    /** A connection a peer opened to us; its first frame must be a hello. */
    static Connection accepted(TcpEndpoint endpoint, Socket socket) {
        return new Connection(endpoint, socket, null, null);
    }

    /** Starts the thread that goes first: the writer of a dialed connection, the reader of an accepted one. */
    void start() {
        (dialAddress != null ? writer : reader).start();
    }

    NodeId peer() {
        return peer;
    }

    Role role() {
        return role;
    }

    byte[] token() {
        return token;
    }

    boolean isAccepted() {
        return dialAddress == null;
    }

    boolean isClosed() {
        return closed.get();
    }

    /** True once, when an accepted connection's handshake ends (well or not): the endpoint counts handshakes. */
    boolean endHandshake() {
        return handshaking.compareAndSet(true, false);
    }

    ByteBudget inbound() {
        return inbound;
    }

    /**
     * Sends a frame: written at once if nothing is queued ahead of it and the socket takes it without
     * waiting, else queued for the writer thread; false if it was dropped (closed, or the outbox is full).
     */
    boolean offer(byte[] payload) {
        if (closed.get()) {
            return false;
        }
        if (direct && queued.get() == 0 && writing.tryLock()) {
            try {
                if (queued.get() == 0 && !finished) {
                    return writeDirectly(payload);
                }
            } finally {
                writing.unlock();
            }
        }
        if (outboxBytes.addAndGet(payload.length) > limits.outboxBytes()) {
            outboxBytes.addAndGet(-payload.length);
            return false;
        }
        queued.incrementAndGet();
        if (!outbox.offer(payload)) {
            queued.decrementAndGet();
            outboxBytes.addAndGet(-payload.length);
            return false;
        }
        return true;
    }

    /**
     * Writes a frame from the sending thread, holding {@link #writing}, with nothing queued: what the
     * socket does not take now becomes the {@link #remainder}, which the writer thread writes before
     * anything else (a frame queued meanwhile by another thread included).
     */
    private boolean writeDirectly(byte[] payload) {
        ByteBuffer[] frame = {ByteBuffer.allocate(Integer.BYTES).putInt(0, payload.length), ByteBuffer.wrap(payload)};
        try {
            wire.writeNow(frame);
        } catch (IOException e) {
            if (!closed.get()) {
                endpoint.log(DEBUG, "connection " + describe() + " failed while writing: " + e.getMessage());
            }
            close();
            return false;
        }
        lastActivityNanos = System.nanoTime();
        if (frame[1].hasRemaining()) {
            byte[] rest = new byte[frame[0].remaining() + frame[1].remaining()];
            ByteBuffer.wrap(rest).put(frame[0]).put(frame[1]);
            remainder = rest;
            outboxBytes.addAndGet(rest.length);
            queued.incrementAndGet();
            outbox.offer(REMAINDER);
        }
        return true;
    }

    /** Whether the writer has been stuck in one write longer than a frame may take (a peer that stopped reading). */
    boolean writeStalled(long nowNanos) {
        long started = writeStartedNanos;
        return started != 0 && nowNanos - started > limits.frameTimeout().toNanos();
    }

    /**
     * Whether the hello has outlived its deadline. The reader bounds the hello's reads itself; this
     * is the backstop for what it cannot bound: a TLS handshake's several reads within one, a write
     * of the hello to a peer that does not read.
     */
    boolean helloOverdue(long nowNanos) {
        long deadline = helloDeadlineNanos;
        return deadline != 0 && nowNanos - deadline > 0;
    }

    /** Closes the socket and stops both threads; safe to call from any thread, any number of times. */
    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        SocketIo open = wire;
        if (open != null) {
            try {
                open.close(); // wakes a reader waiting to read, a writer waiting to write
            } catch (IOException ignored) {
                // Closing is best effort; the socket is unusable either way.
            }
        }
        for (Socket socket : new Socket[] {io, socket}) {
            try {
                socket.close(); // wakes a reader blocked in read, a writer blocked in connect or write
            } catch (IOException ignored) {
                // Closing is best effort; the socket is unusable either way.
            }
        }
        writer.interrupt(); // wakes a writer waiting for the next frame
        outbox.clear();
        endpoint.closed(this);
    }

    /** Waits until both threads have ended, at most until {@code deadlineNanos} (of {@link System#nanoTime()}). */
    void awaitThreads(long deadlineNanos) throws InterruptedException {
        for (Thread thread : new Thread[] {writer, reader}) {
            long millis = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
            if (millis > 0 && thread.getState() != Thread.State.NEW) {
                thread.join(millis);
            }
        }
    }

    /**
     * A socket for dialing, with a channel when one can be had: its writes can then be tried without
     * waiting ({@link ChannelIo}).
     */
    static Socket newSocket() {
        try {
            return SocketChannel.open().socket();
        } catch (IOException e) {
            return new Socket(); // no channel (out of file descriptors, most likely): the connect will say
        }
    }

    /**
     * Sets up how the connection's bytes move, once {@link #io} is final: the channel of a plain socket,
     * the streams of a TLS one (which cannot write without waiting).
     */
    private void setUpWire() throws IOException {
        SocketChannel channel = io == socket ? socket.getChannel() : null;
        wire = channel != null ? new ChannelIo(channel) : new StreamIo(io);
        if (closed.get()) {
            wire.close(); // close() ran before the wire was there to close
        }
        frames = new FrameReader(wire);
        out = new DataOutputStream(new BufferedOutputStream(wire.output(), 64 * 1024));
    }

    /** Socket options for both kinds: small messages leave at once, and a vanished peer is noticed. */
    static void configure(Socket socket, TcpLimits limits) throws IOException {
        socket.setTcpNoDelay(true);
        if (!limits.keepAlive().isZero()) {
            socket.setKeepAlive(true);
            int seconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, limits.keepAlive().toSeconds()));
            if (socket.supportedOptions().contains(ExtendedSocketOptions.TCP_KEEPIDLE)) {
                socket.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, seconds);
                socket.setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL, Math.max(1, seconds / 3));
                socket.setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, 3);
            }
        }
    }

    private void dialThenWrite() {
        try {
            configure(socket, limits);
            socket.connect(dialAddress, (int) TcpEndpoint.CONNECT_TIMEOUT.toMillis());
        } catch (IOException e) {
            if (!closed.get()) {
                endpoint.dialFailed(peer);
                endpoint.log(DEBUG, "cannot connect to " + peer + " at " + dialAddress + ": " + e.getMessage());
            }
            close();
            return;
        }
        helloDeadlineNanos = System.nanoTime() + limits.helloTimeout().toNanos();
        try {
            if (endpoint.tls() != null) {
                io = Tls.dialed(endpoint.tls(), socket, peer, dialAddress, limits.helloTimeout());
            }
            setUpWire();
            Deadline deadline = Deadline.after(limits.helloTimeout(), "the hello of " + peer);
            Hello hello = new Hello(endpoint.self(), peer, Handshake.randomBytes(Handshake.NONCE_BYTES), endpoint.token());
            writeFrame(Handshake.encodeHello(hello), true);
            Challenge challenge = Handshake.decodeChallenge(
                    frames.readSmallFrame(Handshake.CHALLENGE_SIZE, Handshake.CHALLENGE_SIZE, deadline));
            ClusterSecret secret = endpoint.secret();
            boolean server = endpoint.isServer(peer); // a listener that is not a server cannot be asked to prove
            if (server && secret != null
                    && !Handshake.matches(Handshake.acceptorProof(secret, hello, challenge.nonce()), challenge.proof())) {
                throw new BadFrameException(peer + " did not prove that it knows the cluster secret: is the node at "
                        + dialAddress + " one of this cluster's, started with the same secret?");
            }
            writeFrame(Handshake.dialerProof(secret, hello, challenge.nonce()), true);
            role = server ? Role.SERVER : Role.CLIENT;
        } catch (ErrorFrameException e) {
            endpoint.dialFailed(peer);
            refusedByPeer(e);
            close();
            return;
        } catch (BadFrameException e) {
            endpoint.dialFailed(peer);
            endpoint.log(WARNING, "closing connection " + describe() + ": " + e.getMessage());
            sayWhyAndClose(e.getMessage());
            close();
            return;
        } catch (IOException e) {
            if (!closed.get()) {
                endpoint.dialFailed(peer);
                endpoint.log(DEBUG, "connection " + describe() + " failed in its hello: " + e);
            }
            close();
            return;
        }
        helloDeadlineNanos = 0;
        if (closed.get()) {
            return;
        }
        // Started only now that there is a socket to read. awaitThreads joins the writer first,
        // so a reader started here during a close is still waited for.
        direct = wire.writesNow();
        reader.start();
        writeLoop();
    }

    /** Writes every frame from the outbox, until the connection closes. */
    private void writeLoop() {
        try {
            while (!closed.get()) {
                byte[] frame = outbox.take();
                outboxBytes.addAndGet(-frame.length);
                try {
                    writeFrame(frame, outbox.isEmpty()); // one flush for a burst of frames, not one per frame
                } finally {
                    queued.decrementAndGet(); // after the write (and its flush): only then may a frame go directly
                }
            }
        } catch (InterruptedException e) {
            // close() interrupts the writer: the connection is over.
        } catch (IOException e) {
            if (!closed.get()) {
                endpoint.log(DEBUG, "connection " + describe() + " failed while writing: " + e.getMessage());
            }
        } finally {
            close();
        }
    }

    private void writeFrame(byte[] frame, boolean flush) throws IOException {
        writing.lock();
        try {
            if (finished) {
                return; // after the error frame: lost, as on a connection that has closed
            }
            writeStartedNanos = System.nanoTime(); // the endpoint's watchdog closes a write that never ends
            try {
                writeRemainder();
                if (frame != REMAINDER) {
                    Frames.write(out, frame);
                }
                if (flush) {
                    out.flush();
                }
            } finally {
                writeStartedNanos = 0;
                lastActivityNanos = System.nanoTime();
            }
        } finally {
            writing.unlock();
        }
    }

    /** The rest of a frame written directly goes before anything else (holding {@link #writing}). */
    private void writeRemainder() throws IOException {
        byte[] rest = remainder;
        if (rest != null) {
            remainder = null;
            outboxBytes.addAndGet(-rest.length);
            out.write(rest);
        }
    }

    /**
     * Tells the peer why the connection closes, in an error frame, the last frame written on it
     * (after what the writer had queued before). Then half-closes and, for at most {@link #LINGER},
     * reads and forgets what the peer still sends until it closes: closing a socket with unread bytes
     * sends a reset, which may destroy the error frame before the peer has read it. Best effort: a
     * peer that does not read is closed by the watchdog once the write has taken a frame's time.
     */
    private void sayWhyAndClose(String reason) {
        if (out == null || frames == null || closed.get()) {
            return; // before the socket was set up (a TLS handshake failed): no channel to say it on
        }
        try {
            writing.lock();
            try {
                if (finished) {
                    return;
                }
                finished = true;
                writeStartedNanos = System.nanoTime();
                try {
                    writeRemainder(); // a frame half written would garble the error frame
                    out.write(Frames.errorFrame(reason));
                    out.flush();
                } finally {
                    writeStartedNanos = 0;
                }
            } finally {
                writing.unlock();
            }
            wire.shutdownOutput();
            Duration linger = LINGER.compareTo(limits.frameTimeout()) < 0 ? LINGER : limits.frameTimeout();
            frames.skipToEnd(System.nanoTime() + linger.toNanos());
        } catch (IOException | UnsupportedOperationException e) {
            // The peer is gone, or the socket cannot half-close (TLS): closing is all that is left.
        }
    }

    /** The peer's error frame: it found fault with what this side sent. Logged, told to the endpoint, not answered. */
    private void refusedByPeer(ErrorFrameException e) {
        endpoint.log(WARNING, "connection " + describe() + " closed by the peer, which said: " + e.reason());
        if (peer != null) {
            endpoint.refusedBy(peer, e.reason());
        }
    }

    private void readLoop() {
        try {
            if (isAccepted()) {
                configure(socket, limits);
                if (endpoint.tls() != null) {
                    io = Tls.accepted(endpoint.tls(), socket, limits.helloTimeout());
                }
                setUpWire();
                acceptHandshake();
                direct = wire.writesNow();
                endpoint.admit(this);
                writer.start();
            }
            while (!closed.get()) {
                if (!awaitNextFrame()) {
                    endpoint.log(DEBUG, "closing connection " + describe() + ": idle for " + limits.idleTimeout());
                    return;
                }
                Deadline deadline = Deadline.after(limits.frameTimeout(), "a frame from " + peer);
                int length = frames.readLength(deadline);
                if (length > endpoint.maxFrameSize()) {
                    throw new BadFrameException("frame of " + length + " bytes claimed, the limit is "
                            + endpoint.maxFrameSize() + " (" + Frames.lengthAsText(length) + ")");
                }
                if (length < 1) {
                    throw new BadFrameException("frame length " + Frames.describeLength(length)
                            + " is not a length: a frame has 1 to " + endpoint.maxFrameSize() + " bytes");
                }
                endpoint.received(this, readPayload(length, deadline));
            }
        } catch (ErrorFrameException e) {
            refusedByPeer(e);
        } catch (BadFrameException | MalformedMessageException e) {
            // The one log line the brief asks for: this connection is dropped, nothing else is harmed;
            // and the peer is told why, so a client with a bug learns what it sent wrong.
            String reason = e instanceof MalformedMessageException ? "undecodable message: " + e.getMessage()
                    : e.getMessage();
            endpoint.log(WARNING, "closing connection " + describe() + ": " + reason);
            sayWhyAndClose(reason);
        } catch (IOException e) {
            if (!closed.get()) {
                endpoint.log(DEBUG, "connection " + describe() + " ended: " + e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            endpoint.log(WARNING, "closing connection " + describe() + " after an unexpected " + e);
        } catch (VirtualMachineError e) {
            // Out of memory or stack despite the budgets: this node cannot be trusted to carry on.
            endpoint.log(ERROR, "connection " + describe() + " hit " + e);
            endpoint.fatal(e);
        } finally {
            close();
            if (endHandshake()) {
                endpoint.handshakeEnded();
            }
        }
    }

    private void acceptHandshake() throws IOException {
        Deadline deadline = Deadline.after(limits.helloTimeout(), "the hello");
        Hello hello = Handshake.decodeHello(frames.readSmallFrame(9, Handshake.MAX_HELLO_SIZE, deadline));
        if (!hello.acceptor().equals(endpoint.self())) {
            throw new BadFrameException(hello.dialer() + " dialed this address for " + hello.acceptor()
                    + ", but this is " + endpoint.self() + ": do the address books agree?");
        }
        byte[] nonce = Handshake.randomBytes(Handshake.NONCE_BYTES);
        writeFrame(Handshake.encodeChallenge(new Challenge(nonce, Handshake.acceptorProof(endpoint.secret(), hello, nonce))), true);
        byte[] proof = frames.readSmallFrame(Handshake.PROOF_BYTES, Handshake.PROOF_BYTES, deadline);
        Tls.checkName(io, hello.dialer(), hello.dialer() + " (" + socket.getRemoteSocketAddress() + ")");
        boolean claimsServer = endpoint.isServer(hello.dialer());
        // Every server has the secret; a listener without it cannot check, and takes the dialer for a client.
        boolean canCheck = endpoint.secret() != null;
        if (claimsServer && canCheck && !Handshake.matches(Handshake.dialerProof(endpoint.secret(), hello, nonce), proof)) {
            throw new BadFrameException(hello.dialer() + " did not prove that it knows the cluster secret; only"
                    + " the servers of the address book may use their ids (is it started with another secret?)");
        }
        peer = hello.dialer();
        token = hello.token();
        role = claimsServer && canCheck ? Role.SERVER : Role.CLIENT;
        if (endHandshake()) {
            endpoint.handshakeEnded();
        }
        helloDeadlineNanos = 0;
        lastActivityNanos = System.nanoTime();
    }

    /**
     * Waits for the first byte of the next frame while the connection is not idle: silence both ways
     * (a connection we only write to is busy, not idle).
     */
    private boolean awaitNextFrame() throws IOException {
        long idleNanos = limits.idleTimeout().toNanos();
        while (!closed.get()) {
            long before = frames.bytesRead();
            if (frames.await(lastActivityNanos + idleNanos)) {
                return true;
            }
            if (frames.bytesRead() == before && System.nanoTime() - lastActivityNanos >= idleNanos) {
                return false;
            }
        }
        return false;
    }

    /**
     * Reads a frame's payload into a buffer that grows only as its bytes arrive, each growth taken
     * from the budgets first: a header that claims 16 MiB costs nothing until 16 MiB come.
     * The caller owns the returned buffer's charge ({@code payload.length} bytes).
     */
    private byte[] readPayload(int length, Deadline deadline) throws IOException, InterruptedException {
        int capacity = Math.min(length, FIRST_CHUNK);
        take(capacity, deadline);
        long held = capacity;
        try {
            byte[] payload = new byte[capacity];
            int have = 0;
            while (have < length) {
                if (have == payload.length) {
                    int bigger = (int) Math.min(length, 2L * payload.length);
                    take(bigger - payload.length, deadline);
                    held += bigger - payload.length;
                    payload = Arrays.copyOf(payload, bigger);
                }
                have += frames.readSome(payload, have, payload.length - have, deadline);
            }
            lastActivityNanos = System.nanoTime();
            held = 0;
            return payload;
        } finally {
            if (held > 0) {
                inbound.release(held);
                endpoint.inbound().release(held);
            }
        }
    }

    private void take(long bytes, Deadline deadline) throws InterruptedException, DeadlineException {
        if (!inbound.acquire(bytes, deadline.nanos(), closed::get)) {
            throw new DeadlineException(deadline.what() + " waited too long for room in " + inbound);
        }
        if (!endpoint.inbound().acquire(bytes, deadline.nanos(), closed::get)) {
            inbound.release(bytes);
            throw new DeadlineException(deadline.what() + " waited too long for room in " + endpoint.inbound());
        }
    }

    String describe() {
        String remote = dialAddress != null ? dialAddress.toString() : String.valueOf(socket.getRemoteSocketAddress());
        String arrow = dialAddress != null ? " -> " : " <- ";
        return endpoint.self() + arrow + (peer != null ? peer + " (" + remote + ")" : remote);
    }

    /** Sends a RST rather than a FIN: a refused connection leaves nothing behind in TIME_WAIT. */
    static void refuse(Socket socket) {
        try {
            socket.setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException | RuntimeException ignored) {
            // Best effort: a plain close below is fine too.
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // Refusing is best effort.
        }
    }
}
