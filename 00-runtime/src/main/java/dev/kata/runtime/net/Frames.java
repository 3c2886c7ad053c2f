package dev.kata.runtime.net;

import dev.kata.runtime.node.NodeId;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The TCP framing: every frame is a 4-byte big-endian length and that many bytes. TCP is a byte
 * stream with no message boundaries; the length prefix puts them back.
 *
 * <p>The first frame on a connection is a <em>hello</em> from the side that connected:
 * <pre>
 *   magic "KATA" (4 bytes) | protocol version (1 byte) | sender's node id (4-byte length + UTF-8)
 * </pre>
 * Every later frame carries exactly one message as the {@link dev.kata.runtime.wire.MessageCodec}
 * encoded it. Only the connecting side says hello: the side that accepted knows who it is.
 */
final class Frames {

    /** "KATA" in ASCII: tells a kata peer from anything else that connects to the port. */
    static final int HELLO_MAGIC = 0x4B415441;
    /** The version of this framing and hello; a peer that speaks another one is turned away. */
    static final int PROTOCOL_VERSION = 1;
    /** A hello is tiny; a larger first frame is not a hello. */
    static final int MAX_HELLO_SIZE = 128;

    private Frames() {
    }

    static void write(DataOutputStream out, byte[] payload) throws IOException {
        out.writeInt(payload.length);
        out.write(payload);
    }

    /**
     * Reads one frame. A length outside 1 to {@code maxSize} is rejected before anything is
     * allocated for it.
     *
     * @throws java.io.EOFException if the stream ends, cleanly or in the middle of a frame
     * @throws BadFrameException    if the length is impossible
     */
    static byte[] read(DataInputStream in, int maxSize) throws IOException {
        int length = in.readInt();
        if (length < 1 || length > maxSize) {
            throw new BadFrameException("frame length " + length + " is outside the allowed 1 to " + maxSize + " bytes");
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        return payload;
    }

    /**
     * Reads the first frame of an accepted connection, which must be a hello. Something that is not
     * a kata peer (a browser, a port scanner) usually fails here, on a length no hello has.
     */
    static byte[] readHelloFrame(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 9 || length > MAX_HELLO_SIZE) {
            StringBuilder text = new StringBuilder();
            for (int shift = 24; shift >= 0; shift -= 8) {
                int b = (length >>> shift) & 0xFF;
                text.append(b >= 0x20 && b < 0x7F ? (char) b : '.');
            }
            throw new BadFrameException("not a kata peer: the first frame should be a hello of 9 to "
                    + MAX_HELLO_SIZE + " bytes, but it claims " + length + " (its first bytes read \"" + text + "\")");
        }
        byte[] payload = new byte[length];
        in.readFully(payload);
        return payload;
    }

    static byte[] hello(NodeId sender) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(HELLO_MAGIC);
            out.writeByte(PROTOCOL_VERSION);
            byte[] name = sender.name().getBytes(StandardCharsets.UTF_8);
            out.writeInt(name.length);
            out.write(name);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // cannot happen: the stream is in memory
        }
    }

    /** Reads the sender's id from a hello frame's payload. */
    static NodeId readHello(byte[] payload) throws BadFrameException {
        if (payload.length < 9) {
            throw new BadFrameException("hello of " + payload.length + " bytes is too short (9 at least)");
        }
        int magic = (payload[0] & 0xFF) << 24 | (payload[1] & 0xFF) << 16 | (payload[2] & 0xFF) << 8 | (payload[3] & 0xFF);
        if (magic != HELLO_MAGIC) {
            throw new BadFrameException(String.format("not a kata peer: hello starts with 0x%08X, not \"KATA\"", magic));
        }
        int version = payload[4] & 0xFF;
        if (version != PROTOCOL_VERSION) {
            throw new BadFrameException("peer speaks protocol version " + version + "; this node speaks "
                    + PROTOCOL_VERSION);
        }
        int length = (payload[5] & 0xFF) << 24 | (payload[6] & 0xFF) << 16 | (payload[7] & 0xFF) << 8 | (payload[8] & 0xFF);
        if (length != payload.length - 9) {
            throw new BadFrameException("hello's name length " + length + " does not match its "
                    + (payload.length - 9) + " remaining bytes");
        }
        try {
            return new NodeId(new String(payload, 9, length, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new BadFrameException("hello names an invalid node id: " + e.getMessage());
        }
    }

    /** A frame that breaks the protocol: the connection that carried it is closed. */
    static final class BadFrameException extends IOException {
        BadFrameException(String message) {
            super(message);
        }
    }
}
