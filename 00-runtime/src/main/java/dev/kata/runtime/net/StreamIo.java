package dev.kata.runtime.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * A socket's blocking streams: for a TLS socket (layered on the plain one), and a socket that has no
 * channel. Every write waits for the socket to take it, so only the writer thread writes.
 */
final class StreamIo implements SocketIo {

    private final Socket socket;
    private final InputStream in;

    StreamIo(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    @Override
    public int read(byte[] destination, int offset, int length, long deadlineNanos) throws IOException {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            return 0;
        }
        // Java's socket timeout bounds one read; the caller's loop bounds the whole by its deadline.
        socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(left) + 1)));
        try {
            return in.read(destination, offset, length);
        } catch (SocketTimeoutException e) {
            return 0;
        }
    }

    @Override
    public OutputStream output() throws IOException {
        return socket.getOutputStream();
    }

    @Override
    public boolean writesNow() {
        return false;
    }

    @Override
    public void writeNow(ByteBuffer[] data) {
        throw new UnsupportedOperationException("a stream socket's writes wait: use the writer thread");
    }

    @Override
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
