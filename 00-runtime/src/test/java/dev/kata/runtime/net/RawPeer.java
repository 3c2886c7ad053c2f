package dev.kata.runtime.net;

import dev.kata.runtime.net.Handshake.Challenge;
import dev.kata.runtime.net.Handshake.Hello;
import dev.kata.runtime.node.NodeId;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * A peer written by hand on a raw socket, for the tests that attack the real driver: it says hello
 * as it pleases (as a client, as a server with or without the secret) and then writes any bytes.
 * Every read is bounded.
 */
final class RawPeer implements AutoCloseable {

    static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    final Socket socket = new Socket();
    final DataOutputStream out;
    final DataInputStream in;

    RawPeer(InetSocketAddress address) throws IOException {
        this(address, 0);
    }

    /** With a receive buffer of {@code receiveBuffer} bytes (0: the system's), set before connecting so TCP's window follows it. */
    RawPeer(InetSocketAddress address, int receiveBuffer) throws IOException {
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(address, 2_000);
        socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
        out = new DataOutputStream(socket.getOutputStream());
        in = new DataInputStream(socket.getInputStream());
    }

    /** Connects and completes the handshake as {@code self}, proving with {@code secret} (null: as a client). */
    static RawPeer connect(InetSocketAddress address, NodeId self, NodeId server, ClusterSecret secret,
                           byte[] token) throws IOException {
        RawPeer peer = new RawPeer(address);
        peer.handshake(self, server, secret, token);
        return peer;
    }

    /** Reads the next frame's payload. */
    byte[] readFrame() throws IOException {
        byte[] payload = new byte[in.readInt()];
        in.readFully(payload);
        return payload;
    }

    static RawPeer client(InetSocketAddress address, String self, NodeId server) throws IOException {
        return connect(address, NodeId.of(self), server, null, Handshake.randomBytes(Handshake.TOKEN_BYTES));
    }

    void handshake(NodeId self, NodeId server, ClusterSecret secret, byte[] token) throws IOException {
        Hello hello = new Hello(self, server, Handshake.randomBytes(Handshake.NONCE_BYTES), token);
        frame(Handshake.encodeHello(hello));
        int length = in.readInt();
        byte[] challenge = new byte[length];
        in.readFully(challenge);
        Challenge decoded = Handshake.decodeChallenge(challenge);
        frame(Handshake.dialerProof(secret, hello, decoded.nonce()));
    }

    void frame(byte[] payload) throws IOException {
        out.write(ByteBuffer.allocate(4 + payload.length).putInt(payload.length).put(payload).array());
        out.flush();
    }

    /**
     * Reads what the other side sends until it closes, skipping its messages; the text of the error
     * frame it closed with, or empty if it closed (or reset) without one, or stayed open.
     */
    Optional<String> errorBeforeClose() throws IOException {
        try {
            while (true) {
                int length = in.readInt();
                if (length == Frames.ERROR_MARK) {
                    byte[] text = new byte[in.readInt()];
                    in.readFully(text);
                    return Optional.of(new String(text, StandardCharsets.UTF_8));
                }
                in.skipNBytes(length);
            }
        } catch (EOFException | SocketException closedWithout) {
            return Optional.empty();
        }
    }

    /** Whether the other side closed the connection: end of stream, or a reset. Drains what it sent first. */
    boolean closedByPeer() throws IOException {
        InputStream input = socket.getInputStream();
        byte[] sink = new byte[64 * 1024];
        try {
            while (true) {
                if (input.read(sink) == -1) {
                    return true;
                }
            }
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (SocketException reset) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
