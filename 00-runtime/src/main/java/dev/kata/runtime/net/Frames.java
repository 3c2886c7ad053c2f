package dev.kata.runtime.net;

import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The TCP framing: every frame is a 4-byte big-endian length and that many bytes. TCP is a byte
 * stream with no message boundaries; the length prefix puts them back.
 *
 * <p>A connection opens with the three frames of the {@link Handshake}; every later frame carries
 * exactly one message as the {@link dev.kata.runtime.wire.MessageCodec} encoded it. Frames are read
 * by a {@link FrameReader}, under deadlines and byte budgets.
 */
final class Frames {

    private Frames() {
    }

    static void write(DataOutputStream out, byte[] payload) throws IOException {
        out.writeInt(payload.length);
        out.write(payload);
    }

    /** Says what a frame length claims when it is nonsense (often: text from something that is not a kata peer). */
    static String describeLength(int length) {
        StringBuilder text = new StringBuilder();
        for (int shift = 24; shift >= 0; shift -= 8) {
            int b = (length >>> shift) & 0xFF;
            text.append(b >= 0x20 && b < 0x7F ? (char) b : '.');
        }
        return length + " (its bytes read \"" + text + "\")";
    }

    /** A frame that breaks the protocol, or comes too late: the connection that carried it is closed. */
    static class BadFrameException extends IOException {
        BadFrameException(String message) {
            super(message);
        }
    }

    /** A peer too slow for a deadline (the hello's, or a frame's once begun). */
    static final class DeadlineException extends BadFrameException {
        DeadlineException(String message) {
            super(message);
        }
    }
}
