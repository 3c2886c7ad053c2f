package dev.kata.runtime.net;

import dev.kata.runtime.net.Frames.BadFrameException;
import dev.kata.runtime.net.Frames.DeadlineException;
import dev.kata.runtime.net.Frames.ErrorFrameException;
import java.io.EOFException;
import java.io.IOException;

/**
 * Reads a socket under deadlines. A socket's timeout applies to one read, so a peer that sends a
 * byte every few seconds would never trip it; here every read gets only the time left until the
 * deadline of the whole thing being read (the hello, or a frame once begun), which bounds the whole.
 */
final class FrameReader {

    /** A point in {@link System#nanoTime()} and what must be done by then, for the message if it passes. */
    record Deadline(long nanos, String what) {
        static Deadline after(java.time.Duration timeout, String what) {
            return new Deadline(System.nanoTime() + timeout.toNanos(), what);
        }
    }

    private final SocketIo io;
    private final byte[] buffer = new byte[16 * 1024];
    private int position;
    private int limit;
    private long bytesRead;

    FrameReader(SocketIo io) {
        this.io = io;
    }

    /** Every byte read from the socket so far: a connection with nothing new is idle. */
    long bytesRead() {
        return bytesRead;
    }

    /**
     * Waits until a byte is there to read, at most until {@code deadlineNanos}.
     *
     * @return false if none came in time
     * @throws EOFException if the peer closed the connection
     */
    boolean await(long deadlineNanos) throws IOException {
        return position < limit || fill(deadlineNanos);
    }

    int readInt(Deadline deadline) throws IOException {
        byte[] four = new byte[4];
        readFully(four, 0, 4, deadline);
        return (four[0] & 0xFF) << 24 | (four[1] & 0xFF) << 16 | (four[2] & 0xFF) << 8 | (four[3] & 0xFF);
    }

    /**
     * Reads a frame's length, or the whole of an error frame if that is what comes.
     *
     * @throws ErrorFrameException if the peer sent an error frame: it says why it is closing
     */
    int readLength(Deadline deadline) throws IOException {
        int length = readInt(deadline);
        if (length == Frames.ERROR_MARK) {
            int size = readInt(deadline);
            if (size < 1 || size > Frames.MAX_ERROR_BYTES) {
                throw new BadFrameException("an error frame's text claims " + Frames.describeLength(size)
                        + " bytes, where it has 1 to " + Frames.MAX_ERROR_BYTES);
            }
            byte[] text = new byte[size];
            readFully(text, 0, size, deadline);
            throw new ErrorFrameException(Frames.errorText(text));
        }
        return length;
    }

    /**
     * Reads and forgets whatever the peer still sends until it closes or the deadline passes: after
     * an error frame, so that closing with unread bytes (which makes TCP send a reset) does not throw
     * the error frame away before the peer has read it.
     */
    void skipToEnd(long deadlineNanos) throws IOException {
        position = limit;
        try {
            while (fill(deadlineNanos)) {
                position = limit;
            }
        } catch (EOFException closed) {
            // The peer read the error (or gave up) and closed its side: done.
        }
    }

    void readFully(byte[] destination, int offset, int length, Deadline deadline) throws IOException {
        int done = 0;
        while (done < length) {
            done += readSome(destination, offset + done, length - done, deadline);
        }
    }

    /** Reads between 1 and {@code length} bytes, whatever has arrived, waiting for one at most until the deadline. */
    int readSome(byte[] destination, int offset, int length, Deadline deadline) throws IOException {
        if (position == limit && !fill(deadline.nanos())) {
            throw new DeadlineException(deadline.what() + " did not arrive in time");
        }
        int count = Math.min(length, limit - position);
        System.arraycopy(buffer, position, destination, offset, count);
        position += count;
        return count;
    }

    /** Reads a small frame of a known kind (a handshake frame): its length must be within the bounds. */
    byte[] readSmallFrame(int minSize, int maxSize, Deadline deadline) throws IOException {
        int length = readLength(deadline);
        if (length < minSize || length > maxSize) {
            throw new BadFrameException("not a kata peer: " + deadline.what() + " should be " + minSize + " to "
                    + maxSize + " bytes, but its length claims " + Frames.describeLength(length));
        }
        byte[] payload = new byte[length];
        readFully(payload, 0, length, deadline);
        return payload;
    }

    private boolean fill(long deadlineNanos) throws IOException {
        while (true) {
            if (deadlineNanos - System.nanoTime() <= 0) {
                return false;
            }
            int count = io.read(buffer, 0, buffer.length, deadlineNanos);
            if (count < 0) {
                throw new EOFException("the peer closed the connection");
            }
            if (count > 0) {
                position = 0;
                limit = count;
                bytesRead += count;
                return true;
            }
            // none in time: the loop looks at the deadline again
        }
    }
}
