package dev.kata.runtime.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kata.runtime.net.Frames.BadFrameException;
import dev.kata.runtime.net.Handshake.Challenge;
import dev.kata.runtime.net.Handshake.Hello;
import dev.kata.runtime.node.NodeId;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("TCP frames and the handshake")
class FramesTest {

    private final ClusterSecret secret = ClusterSecret.random();
    private final Hello hello = new Hello(NodeId.of("n1"), NodeId.of("n2"), Handshake.randomBytes(16), Handshake.randomBytes(16));

    @Test
    @DisplayName("a frame is a 4-byte length and the payload")
    void frameLayout() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Frames.write(new DataOutputStream(bytes), new byte[] {7, 8, 9});
        assertThat(bytes.toByteArray()).containsExactly(0, 0, 0, 3, 7, 8, 9);
    }

    @Test
    @DisplayName("an error frame is the length -1 and a frame of text, cut to a bounded size, read back without control characters")
    void errorFrameLayout() throws IOException {
        assertThat(Frames.errorFrame("no")).containsExactly(-1, -1, -1, -1, 0, 0, 0, 2, 'n', 'o');
        assertThat(Frames.errorFrame("x".repeat(100_000)).length).isEqualTo(8 + Frames.MAX_ERROR_CHARS);
        assertThat(Frames.errorFrame("\u20ac".repeat(100_000)).length).isLessThanOrEqualTo(8 + Frames.MAX_ERROR_BYTES);
        assertThat(Frames.errorText("line\nforged: WARNING".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isEqualTo("line?forged: WARNING");
    }

    @Test
    @DisplayName("a hello carries the magic, the protocol version, both ids, a nonce and a token")
    void helloRoundTrip() throws IOException {
        byte[] encoded = Handshake.encodeHello(hello);
        assertThat(Arrays.copyOf(encoded, 5)).containsExactly('K', 'A', 'T', 'A', Handshake.PROTOCOL_VERSION);
        assertThat(encoded.length).isLessThanOrEqualTo(Handshake.MAX_HELLO_SIZE);
        Hello decoded = Handshake.decodeHello(encoded);
        assertThat(decoded.dialer()).isEqualTo(NodeId.of("n1"));
        assertThat(decoded.acceptor()).isEqualTo(NodeId.of("n2"));
        assertThat(decoded.nonce()).containsExactly(hello.nonce());
        assertThat(decoded.token()).containsExactly(hello.token());
        Challenge challenge = new Challenge(Handshake.randomBytes(16), Handshake.randomBytes(32));
        assertThat(Handshake.decodeChallenge(Handshake.encodeChallenge(challenge)).proof()).containsExactly(challenge.proof());
    }

    @Test
    @DisplayName("a hello with the wrong magic, version, length or name is rejected, saying which")
    void badHellos() {
        byte[] encoded = Handshake.encodeHello(hello);
        byte[] wrongMagic = encoded.clone();
        wrongMagic[0] = 'X';
        assertThatThrownBy(() -> Handshake.decodeHello(wrongMagic)).hasMessageContaining("not a kata peer");
        byte[] wrongVersion = encoded.clone();
        wrongVersion[4] = 1;
        assertThatThrownBy(() -> Handshake.decodeHello(wrongVersion))
                .hasMessage("peer speaks protocol version 1; this node speaks 2");
        assertThatThrownBy(() -> Handshake.decodeHello(Arrays.copyOf(encoded, encoded.length - 1)))
                .isInstanceOf(BadFrameException.class).hasMessageContaining("nonce and token");
        byte[] badName = encoded.clone();
        badName[9] = ' ';
        assertThatThrownBy(() -> Handshake.decodeHello(badName)).hasMessageContaining("invalid dialer id");
        assertThatThrownBy(() -> Handshake.decodeHello(new byte[3])).hasMessageContaining("too short");
    }

    @Test
    @DisplayName("a proof needs the secret, and binds the side, both ids, both nonces and the token")
    void proofs() {
        byte[] nonce = Handshake.randomBytes(16);
        byte[] proof = Handshake.dialerProof(secret, hello, nonce);
        assertThat(Handshake.matches(Handshake.dialerProof(secret, hello, nonce), proof)).isTrue();
        assertThat(Handshake.matches(Handshake.dialerProof(ClusterSecret.random(), hello, nonce), proof)).as("another secret").isFalse();
        assertThat(Handshake.matches(Handshake.acceptorProof(secret, hello, nonce), proof)).as("reflected").isFalse();
        assertThat(Handshake.matches(Handshake.dialerProof(secret, hello, Handshake.randomBytes(16)), proof)).as("replayed").isFalse();
        Hello otherId = new Hello(NodeId.of("n3"), hello.acceptor(), hello.nonce(), hello.token());
        assertThat(Handshake.matches(Handshake.dialerProof(secret, otherId, nonce), proof)).as("another id").isFalse();
        assertThat(Handshake.dialerProof(null, hello, nonce)).as("a client's").containsOnly(0);
    }

    @Test
    @DisplayName("a secret is at least 16 bytes, round-trips as hex, and never prints itself")
    void secrets() {
        assertThatThrownBy(() -> ClusterSecret.fromHex("00ff")).hasMessageContaining("at least 16 bytes");
        assertThatThrownBy(() -> ClusterSecret.fromHex("not hex at all!!")).hasMessageContaining("hexadecimal");
        assertThat(ClusterSecret.fromHex(secret.toHex() + "\n")).isEqualTo(secret);
        assertThat(secret.toString()).doesNotContain(secret.toHex()).contains("hidden");
    }

    @Test
    @DisplayName("a nonsense length says what its bytes read as text")
    void httpIsNotAPeer() {
        int get = 'G' << 24 | 'E' << 16 | 'T' << 8 | ' ';
        assertThat(Frames.describeLength(get)).contains("\"GET \"");
    }
}
