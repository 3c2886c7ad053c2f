package dev.kata.runtime.net;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * A plain socket's channel in non-blocking mode: {@link #writeNow} writes what the socket's buffer
 * takes and returns at once. The reader thread waits with a selector, so a wait has a deadline and a
 * close wakes it; the writer thread waits with a second one, opened only the first time the socket's
 * buffer is full (most connections never need it, and each selector holds file descriptors).
 */
final class ChannelIo implements SocketIo {

    private final SocketChannel channel;
    private final Selector readable;
    private Selector writable; // guarded by this; opened by the first write that must wait
    private boolean closed; // guarded by this
    private final OutputStream output = new Output();

    ChannelIo(SocketChannel channel) throws IOException {
        this.channel = channel;
        channel.configureBlocking(false);
        this.readable = Selector.open();
        try {
            channel.register(readable, SelectionKey.OP_READ);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public int read(byte[] destination, int offset, int length, long deadlineNanos) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(destination, offset, length);
        while (true) {
            int count = channel.read(buffer); // try first: when bytes are there, one system call
            if (count != 0) {
                return count;
            }
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return 0;
            }
            await(readable, TimeUnit.NANOSECONDS.toMillis(left) + 1);
        }
    }

    @Override
    public OutputStream output() {
        return output;
    }

    @Override
    public boolean writesNow() {
        return true;
    }

    @Override
    public void writeNow(ByteBuffer[] data) throws IOException {
        channel.write(data);
    }

    @Override
    public void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    @Override
    public void close() throws IOException {
        Selector writer;
        synchronized (this) {
            closed = true;
            writer = writable;
        }
        try {
            channel.close();
        } finally {
            // Closing a selector wakes a thread waiting in it, and deregisters the channel, which
            // only then lets go of its socket.
            readable.close();
            if (writer != null) {
                writer.close();
            }
        }
    }

    private synchronized Selector writable() throws IOException {
        if (closed) {
            throw new ClosedChannelException();
        }
        if (writable == null) {
            Selector selector = Selector.open();
            try {
                channel.register(selector, SelectionKey.OP_WRITE);
            } catch (IOException | RuntimeException e) {
                selector.close();
                throw e;
            }
            writable = selector;
        }
        return writable;
    }

    private void await(Selector selector, long timeoutMillis) throws IOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("interrupted while waiting on the socket: the connection is closing");
        }
        try {
            selector.select(timeoutMillis);
            selector.selectedKeys().clear();
        } catch (ClosedSelectorException e) {
            throw new ClosedChannelException();
        }
        if (!channel.isOpen()) {
            throw new ClosedChannelException();
        }
    }

    /** Blocking writes for the writer thread: whatever the socket does not take at once is waited for. */
    private final class Output extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
            while (buffer.hasRemaining()) {
                if (channel.write(buffer) == 0) {
                    await(writable(), 0); // no timeout: the endpoint's watchdog closes a write that never ends
                }
            }
        }
    }
}
