package dev.kata.runtime.net;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * How a {@link Connection} moves its bytes: reads bounded by a deadline, blocking writes for the
 * connection's writer thread, and, where the socket allows it, a write that never waits.
 *
 * <p>That last one is for speed. A frame handed to the writer thread costs two context switches and a
 * wake-up of another core (on a virtual machine, a trip through the hypervisor), which on loopback is
 * a good part of a message's whole cost. When nothing is queued ahead of a frame and the socket's
 * buffer has room, the sending thread (the node's event loop, or a client's caller) writes it itself;
 * a socket that cannot take it now (a peer that stopped reading) leaves the rest to the writer thread,
 * so the event loop never waits on a peer.
 */
sealed interface SocketIo permits ChannelIo, StreamIo {

    /**
     * Reads up to {@code length} bytes, waiting for the first at most until {@code deadlineNanos} (of
     * {@link System#nanoTime()}).
     *
     * @return the number of bytes read; 0 if none came in time; -1 if the peer closed the connection
     */
    int read(byte[] destination, int offset, int length, long deadlineNanos) throws IOException;

    /** The stream the writer thread writes to; its writes wait as long as the peer does not read. */
    OutputStream output() throws IOException;

    /** Whether {@link #writeNow} can write at all (a TLS socket cannot write without waiting). */
    boolean writesNow();

    /** Writes what the socket takes at once, without waiting, from {@code data} in order. */
    void writeNow(ByteBuffer[] data) throws IOException;

    /** Half-closes: the peer reads to the end of what was written, then sees the end of the stream. */
    void shutdownOutput() throws IOException;

    /** Closes the socket and wakes every thread waiting to read or write on it. */
    void close() throws IOException;
}
