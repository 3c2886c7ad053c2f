package dev.kata.runtime.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kata.runtime.net.Frames.BadFrameException;
import dev.kata.runtime.node.NodeId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("TCP frames and the hello")
class FramesTest {

    private static DataInputStream input(byte[] bytes) {
        return new DataInputStream(new ByteArrayInputStream(bytes));
    }

    @Test
    @DisplayName("a frame is a 4-byte length and the payload")
    void frameRoundTrip() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Frames.write(new DataOutputStream(bytes), new byte[] {7, 8, 9});
        assertThat(bytes.toByteArray()).containsExactly(0, 0, 0, 3, 7, 8, 9);
        assertThat(Frames.read(input(bytes.toByteArray()), 3)).containsExactly(7, 8, 9);
    }

    @Test
    @DisplayName("an empty, negative or oversized length is rejected before the payload is read")
    void badLengths() {
        for (int length : new int[] {0, -1, 4, Integer.MAX_VALUE}) {
            byte[] header = ByteBuffer.allocate(4).putInt(length).array();
            assertThatThrownBy(() -> Frames.read(input(header), 3))
                    .isInstanceOf(BadFrameException.class)
                    .hasMessage("frame length " + length + " is outside the allowed 1 to 3 bytes");
        }
        assertThatThrownBy(() -> Frames.read(input(new byte[] {0, 0, 0, 3, 1}), 3)).isInstanceOf(EOFException.class);
    }

    @Test
    @DisplayName("a hello carries the magic, the protocol version and the sender's id")
    void helloRoundTrip() throws IOException {
        byte[] hello = Frames.hello(NodeId.of("client-7"));
        assertThat(Arrays.copyOf(hello, 5)).containsExactly('K', 'A', 'T', 'A', Frames.PROTOCOL_VERSION);
        assertThat(Frames.readHello(hello)).isEqualTo(NodeId.of("client-7"));
        byte[] framed = ByteBuffer.allocate(4 + hello.length).putInt(hello.length).put(hello).array();
        assertThat(Frames.readHelloFrame(input(framed))).containsExactly(hello);
    }

    @Test
    @DisplayName("a hello with the wrong magic, version, length or name is rejected, saying which")
    void badHellos() {
        byte[] hello = Frames.hello(NodeId.of("n1"));
        byte[] wrongMagic = hello.clone();
        wrongMagic[0] = 'X';
        assertThatThrownBy(() -> Frames.readHello(wrongMagic)).hasMessageContaining("not a kata peer");
        byte[] wrongVersion = hello.clone();
        wrongVersion[4] = 9;
        assertThatThrownBy(() -> Frames.readHello(wrongVersion))
                .hasMessage("peer speaks protocol version 9; this node speaks 1");
        assertThatThrownBy(() -> Frames.readHello(Arrays.copyOf(hello, hello.length - 1)))
                .hasMessageContaining("does not match");
        byte[] badName = hello.clone();
        badName[badName.length - 1] = ' ';
        assertThatThrownBy(() -> Frames.readHello(badName)).hasMessageContaining("invalid node id");
        assertThatThrownBy(() -> Frames.readHello(new byte[3])).hasMessageContaining("too short");
    }

    @Test
    @DisplayName("something that is not a kata peer is told apart by its first bytes")
    void httpIsNotAPeer() {
        byte[] http = "GET / HTTP/1.1\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> Frames.readHelloFrame(input(http)))
                .isInstanceOf(BadFrameException.class)
                .hasMessageContaining("not a kata peer")
                .hasMessageContaining("\"GET \"");
    }
}
