package dev.kata.runtime.net;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The TCP framing: every frame is a 4-byte big-endian length and that many bytes. TCP is a byte
 * stream with no message boundaries; the length prefix puts them back.
 *
 * <p>A connection opens with the three frames of the {@link Handshake}; every later frame carries
 * exactly one message as the {@link dev.kata.runtime.wire.MessageCodec} encoded it. Frames are read
 * by a {@link FrameReader}, under deadlines and byte budgets.
 *
 * <p>One frame is not a message: an <em>error frame</em>, the length {@value #ERROR_MARK} and then a
 * frame of UTF-8 text, says why its sender is about to close the connection ("frame of 2147483647
 * bytes claimed; the limit is 16777216"). It is the last frame its sender writes on that connection,
 * so a peer that sent bad input hears what was wrong instead of seeing the connection vanish. No
 * message is ever {@value #ERROR_MARK} bytes long, so no frame is ever mistaken for one.
 */
final class Frames {

    /** The length that announces an error frame. */
    static final int ERROR_MARK = -1;
    /** An error's text is cut to this many characters, so its frame stays small (at most 3 bytes each). */
    static final int MAX_ERROR_CHARS = 512;
    static final int MAX_ERROR_BYTES = 3 * MAX_ERROR_CHARS;

    private Frames() {
    }

    /** The bytes of an error frame saying {@code reason}: the mark, then the text as a frame. */
    static byte[] errorFrame(String reason) {
        String text = reason.length() > MAX_ERROR_CHARS ? reason.substring(0, MAX_ERROR_CHARS - 3) + "..." : reason;
        byte[] bytes = (text.isEmpty() ? "(no reason given)" : text).getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + bytes.length).putInt(ERROR_MARK).putInt(bytes.length).put(bytes).array();
    }

    /** An error frame's text as a peer sent it, with control characters (a forged log line) made harmless. */
    static String errorText(byte[] payload) {
        StringBuilder text = new StringBuilder(new String(payload, StandardCharsets.UTF_8));
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                text.setCharAt(i, '?');
            }
        }
        return text.toString();
    }

    static void write(DataOutputStream out, byte[] payload) throws IOException {
        out.writeInt(payload.length);
        out.write(payload);
    }

    /** Says what a frame length claims when it is nonsense (often: text from something that is not a kata peer). */
    static String describeLength(int length) {
        return length + " (" + lengthAsText(length) + ")";
    }

    /** A length's four bytes read as ASCII: {@code its bytes read "GET "}. */
    static String lengthAsText(int length) {
        StringBuilder text = new StringBuilder();
        for (int shift = 24; shift >= 0; shift -= 8) {
            int b = (length >>> shift) & 0xFF;
            text.append(b >= 0x20 && b < 0x7F ? (char) b : '.');
        }
        return "its bytes read \"" + text + "\"";
    }

    /** A frame that breaks the protocol, or comes too late: the connection that carried it is closed. */
    static class BadFrameException extends IOException {
        BadFrameException(String message) {
            super(message);
        }
    }

    /** The peer sent an error frame: it found something wrong with what we sent, and closes the connection. */
    static final class ErrorFrameException extends IOException {
        private final String reason;

        ErrorFrameException(String reason) {
            super("the peer closed the connection, saying: " + reason);
            this.reason = reason;
        }

        String reason() {
            return reason;
        }
    }

    /** A peer too slow for a deadline (the hello's, or a frame's once begun). */
    static final class DeadlineException extends BadFrameException {
        DeadlineException(String message) {
            super(message);
        }
    }
}
