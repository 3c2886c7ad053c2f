package dev.kata.runtime.net;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.WARNING;

import dev.kata.runtime.net.Frames.BadFrameException;
import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.wire.MalformedMessageException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One TCP connection, with a reader thread and a writer thread of its own. Blocking I/O on two
 * threads is the plainest correct design: the event loop never touches the socket, it only puts
 * frames in the {@link #offer outbox}, and a slow or dead peer stalls nothing but its own threads.
 *
 * <p>A connection is either <em>dialed</em> (we connect to a server in the address book; the
 * writer thread connects, says hello, then starts the reader) or <em>accepted</em> (a peer
 * connected to us; the reader thread reads its hello first). Messages flow both ways on either
 * kind: that is how a server's reply reaches a client that has no address of its own.
 *
 * <p>Any failure closes the connection, and only it. The endpoint dials a new one when it next
 * needs one.
 */
final class Connection {

    /** Frames waiting to be written; when it is full, further sends are dropped (the network is lossy anyway). */
    static final int OUTBOX_CAPACITY = 4096;

    private final TcpEndpoint endpoint;
    private final Socket socket;
    private final InetSocketAddress dialAddress; // null for an accepted connection
    private final BlockingQueue<byte[]> outbox = new ArrayBlockingQueue<>(OUTBOX_CAPACITY);
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread reader;
    private final Thread writer;
    private volatile NodeId peer; // known at once when dialed, from the hello when accepted

    private Connection(TcpEndpoint endpoint, Socket socket, NodeId peer, InetSocketAddress dialAddress) {
        this.endpoint = endpoint;
        this.socket = socket;
        this.peer = peer;
        this.dialAddress = dialAddress;
        String name = "kata-" + endpoint.self() + (dialAddress != null ? "-to-" + peer : "-from-" + socket.getPort());
        this.reader = endpoint.newThread(this::readLoop, name + "-reader");
        this.writer = endpoint.newThread(dialAddress != null ? this::dialThenWrite : () -> writeLoop(null), name + "-writer");
    }

    /** A connection to a server in the address book; it connects on its own thread once started. */
    static Connection dial(TcpEndpoint endpoint, NodeId peer, InetSocketAddress address) {
        return new Connection(endpoint, new Socket(), peer, address);
    }

    /** A connection a peer opened to us; its first frame must be a hello. */
    static Connection accepted(TcpEndpoint endpoint, Socket socket) {
        return new Connection(endpoint, socket, null, null);
    }

    void start() {
        writer.start();
        if (dialAddress == null) {
            reader.start();
        }
    }

    NodeId peer() {
        return peer;
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Queues a frame for the writer thread; false if it was dropped (closed, or the outbox is full). */
    boolean offer(byte[] payload) {
        return !closed.get() && outbox.offer(payload);
    }

    /** Closes the socket and stops both threads; safe to call from any thread, any number of times. */
    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            socket.close(); // wakes a reader blocked in read, a writer blocked in connect or write
        } catch (IOException ignored) {
            // Closing is best effort; the socket is unusable either way.
        }
        writer.interrupt(); // wakes a writer waiting for the next frame
        outbox.clear();
        endpoint.closed(this);
    }

    /** Waits until both threads have ended, at most until {@code deadlineNanos} (of {@link System#nanoTime()}). */
    void awaitThreads(long deadlineNanos) throws InterruptedException {
        for (Thread thread : new Thread[] {writer, reader}) {
            long millis = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
            if (millis > 0) {
                thread.join(millis);
            }
        }
    }

    private void dialThenWrite() {
        try {
            socket.setTcpNoDelay(true); // small messages should leave at once, not wait for more bytes
            socket.connect(dialAddress, (int) TcpEndpoint.CONNECT_TIMEOUT.toMillis());
        } catch (IOException e) {
            if (!closed.get()) {
                endpoint.dialFailed(peer);
                endpoint.log(DEBUG, "cannot connect to " + peer + " at " + dialAddress + ": " + e.getMessage());
            }
            close();
            return;
        }
        if (closed.get()) {
            return;
        }
        // Started only now that there is a socket to read. awaitThreads joins the writer first,
        // so a reader started here during a close is still waited for.
        reader.start();
        writeLoop(Frames.hello(endpoint.self()));
    }

    /** Writes {@code hello} (if not null), then every frame from the outbox, until the connection closes. */
    private void writeLoop(byte[] hello) {
        try {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 64 * 1024));
            if (hello != null) {
                Frames.write(out, hello);
                out.flush();
            }
            while (!closed.get()) {
                Frames.write(out, outbox.take());
                if (outbox.isEmpty()) {
                    out.flush(); // one flush for a burst of frames, not one per frame
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

    private void readLoop() {
        try {
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
            if (peer == null) {
                // A peer that connects and says nothing must not hold a thread forever.
                socket.setSoTimeout((int) TcpEndpoint.HELLO_TIMEOUT.toMillis());
                NodeId sender = Frames.readHello(Frames.readHelloFrame(in));
                socket.setSoTimeout(0);
                peer = sender;
                endpoint.helloReceived(sender, this);
            }
            while (!closed.get()) {
                Message message = endpoint.codec().decode(Frames.read(in, endpoint.maxFrameSize()));
                endpoint.received(peer, message);
            }
        } catch (BadFrameException | MalformedMessageException e) {
            // The one log line the brief asks for: this connection is dropped, nothing else is harmed.
            endpoint.log(WARNING, "closing connection " + describe() + ": " + e.getMessage());
        } catch (IOException e) {
            if (!closed.get()) {
                endpoint.log(DEBUG, "connection " + describe() + " ended: " + e);
            }
        } catch (RuntimeException e) {
            endpoint.log(WARNING, "closing connection " + describe() + " after an unexpected " + e);
        } finally {
            close();
        }
    }

    private String describe() {
        String remote = dialAddress != null ? dialAddress.toString() : String.valueOf(socket.getRemoteSocketAddress());
        String arrow = dialAddress != null ? " -> " : " <- ";
        return endpoint.self() + arrow + (peer != null ? peer + " (" + remote + ")" : remote);
    }
}
