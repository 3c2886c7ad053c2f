package dev.kata.runtime.net;

import dev.kata.runtime.net.Frames.BadFrameException;
import dev.kata.runtime.node.NodeId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The three frames that open a connection, before any message. The side that connected (the
 * <em>dialer</em>) says who it is and whom it meant to reach; the side that accepted proves it knows
 * the cluster secret and challenges the dialer to prove it too:
 * <pre>
 *   dialer   -> acceptor  HELLO      "KATA" | version 2 | dialer id | acceptor id | dialer nonce (16) | client token (16)
 *   acceptor -> dialer    CHALLENGE  "KATA" | acceptor nonce (16) | acceptor proof (32)
 *   dialer   -> acceptor  PROOF      dialer proof (32)
 * </pre>
 * A proof is HMAC-SHA256, keyed with the cluster secret, over a label saying which side proves,
 * both ids, both nonces and the token. Fresh nonces on both sides mean a recorded proof is worth
 * nothing later, and the label means a proof cannot be reflected back to the side that asked.
 *
 * <p>A dialer whose id is a server's must prove; a client (an id not in the address book) sends
 * zeros instead and may then send only what {@link ClientMessages} allows. A listener that is not a
 * server (see {@link TcpNodeConfig#withListeners}) is dialed like a server but proves nothing unless it
 * was given the secret; its dialer does not ask it to, and it takes a dialer it cannot check for a client. Its random token, the
 * same for every connection of one client object, tells that client's reconnection apart from a
 * second client claiming the same id.
 */
final class Handshake {

    static final int HELLO_MAGIC = 0x4B415441; // "KATA"
    /** Version 1 had a hello with the sender's id only; version 2 adds the challenge. */
    static final int PROTOCOL_VERSION = 2;
    static final int NONCE_BYTES = 16;
    static final int TOKEN_BYTES = 16;
    static final int PROOF_BYTES = 32;
    /** Magic, version, two ids of at most 64 ASCII bytes each with their lengths, nonce and token. */
    static final int MAX_HELLO_SIZE = 4 + 1 + 2 * (4 + 64) + NONCE_BYTES + TOKEN_BYTES;
    static final int CHALLENGE_SIZE = 4 + NONCE_BYTES + PROOF_BYTES;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] NO_PROOF = new byte[PROOF_BYTES];

    /** What the dialer's first frame says. */
    record Hello(NodeId dialer, NodeId acceptor, byte[] nonce, byte[] token) {
    }

    /** What the acceptor answers. */
    record Challenge(byte[] nonce, byte[] proof) {
    }

    private Handshake() {
    }

    static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    static byte[] encodeHello(Hello hello) {
        byte[] dialer = hello.dialer().name().getBytes(StandardCharsets.UTF_8);
        byte[] acceptor = hello.acceptor().name().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + 1 + 4 + dialer.length + 4 + acceptor.length + NONCE_BYTES + TOKEN_BYTES)
                .putInt(HELLO_MAGIC).put((byte) PROTOCOL_VERSION)
                .putInt(dialer.length).put(dialer).putInt(acceptor.length).put(acceptor)
                .put(hello.nonce()).put(hello.token())
                .array();
    }

    static Hello decodeHello(byte[] payload) throws BadFrameException {
        ByteBuffer in = ByteBuffer.wrap(payload);
        if (payload.length < 5) {
            throw new BadFrameException("hello of " + payload.length + " bytes is too short");
        }
        int magic = in.getInt();
        if (magic != HELLO_MAGIC) {
            throw new BadFrameException(String.format("not a kata peer: hello starts with 0x%08X, not \"KATA\"", magic));
        }
        int version = in.get() & 0xFF;
        if (version != PROTOCOL_VERSION) {
            throw new BadFrameException("peer speaks protocol version " + version + "; this node speaks "
                    + PROTOCOL_VERSION);
        }
        NodeId dialer = readId(in, "dialer");
        NodeId acceptor = readId(in, "acceptor");
        if (in.remaining() != NONCE_BYTES + TOKEN_BYTES) {
            throw new BadFrameException("hello ends with " + in.remaining() + " bytes where its nonce and token take "
                    + (NONCE_BYTES + TOKEN_BYTES));
        }
        byte[] nonce = new byte[NONCE_BYTES];
        byte[] token = new byte[TOKEN_BYTES];
        in.get(nonce).get(token);
        return new Hello(dialer, acceptor, nonce, token);
    }

    private static NodeId readId(ByteBuffer in, String which) throws BadFrameException {
        if (in.remaining() < 4) {
            throw new BadFrameException("hello is cut off before the " + which + "'s id");
        }
        int length = in.getInt();
        if (length < 1 || length > in.remaining()) {
            throw new BadFrameException("hello's " + which + " id length " + length + " does not fit its "
                    + in.remaining() + " remaining bytes");
        }
        byte[] name = new byte[length];
        in.get(name);
        try {
            return new NodeId(new String(name, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new BadFrameException("hello names an invalid " + which + " id: " + e.getMessage());
        }
    }

    static byte[] encodeChallenge(Challenge challenge) {
        return ByteBuffer.allocate(CHALLENGE_SIZE).putInt(HELLO_MAGIC).put(challenge.nonce()).put(challenge.proof())
                .array();
    }

    static Challenge decodeChallenge(byte[] payload) throws BadFrameException {
        if (payload.length != CHALLENGE_SIZE) {
            throw new BadFrameException("a challenge has " + CHALLENGE_SIZE + " bytes, not " + payload.length);
        }
        ByteBuffer in = ByteBuffer.wrap(payload);
        if (in.getInt() != HELLO_MAGIC) {
            throw new BadFrameException("not a kata peer: its challenge does not start with \"KATA\"");
        }
        byte[] nonce = new byte[NONCE_BYTES];
        byte[] proof = new byte[PROOF_BYTES];
        in.get(nonce).get(proof);
        return new Challenge(nonce, proof);
    }

    /** The acceptor's proof that it knows the secret, for this hello and its own nonce. */
    static byte[] acceptorProof(ClusterSecret secret, Hello hello, byte[] acceptorNonce) {
        // A listener without the secret (a client that servers dial) has nothing to prove it with.
        return secret == null ? NO_PROOF.clone() : proof(secret, "kata acceptor", hello, acceptorNonce);
    }

    /** The dialer's proof; zeros from a dialer without the secret (a client). */
    static byte[] dialerProof(ClusterSecret secret, Hello hello, byte[] acceptorNonce) {
        return secret == null ? NO_PROOF.clone() : proof(secret, "kata dialer", hello, acceptorNonce);
    }

    /** Compares in constant time, so the time an answer takes tells an attacker nothing. */
    static boolean matches(byte[] expected, byte[] actual) {
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] proof(ClusterSecret secret, String label, Hello hello, byte[] acceptorNonce) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.bytes(), "HmacSHA256"));
            for (String text : new String[] {label, hello.dialer().name(), hello.acceptor().name()}) {
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                mac.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
                mac.update(bytes);
            }
            mac.update(hello.nonce());
            mac.update(acceptorNonce);
            mac.update(hello.token());
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot compute HmacSHA256, which every Java 17 must", e);
        }
    }
}
