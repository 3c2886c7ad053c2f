package dev.kata.runtime.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kata.runtime.net.RealTcpClusterTest.GreeterNode;
import dev.kata.runtime.net.RealTcpClusterTest.Hearing;
import dev.kata.runtime.net.RealTcpClusterTest.WhatDoYouHear;
import dev.kata.runtime.net.TestCertificates.Identity;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.wire.RecordCodec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Mutual TLS under the handshake: every peer shows a certificate the others trust, and the id it
 * claims in its hello must be its certificate's CN. Certificates are made in memory.
 */
@Tag("real-time")
@DisplayName("Mutual TLS, for hosts on a real network")
class MutualTlsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final NodeId N1 = NodeId.of("n1");
    private static final NodeId N2 = NodeId.of("n2");

    private final RecordCodec codec = RecordCodec.builder().registerSealed("chat", RealTcpClusterTest.Chat.class).build();
    private final Identity n1 = TestCertificates.identity("n1");
    private final Identity n2 = TestCertificates.identity("n2");
    private final Identity c1 = TestCertificates.identity("c1");
    private final List<Identity> everyone = List.of(n1, n2, c1);
    private final ClusterSecret secret = ClusterSecret.random();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final Map<NodeId, InetSocketAddress> book = new TreeMap<>();
    private NetLog log;

    @BeforeEach
    void startNodes() throws IOException {
        log = new NetLog();
        Map<NodeId, ServerSocket> sockets = Map.of(N1, bind(), N2, bind());
        sockets.forEach((id, socket) -> book.put(id, (InetSocketAddress) socket.getLocalSocketAddress()));
        for (Identity identity : List.of(n1, n2)) {
            NodeId id = NodeId.of(identity.name());
            TcpNodeConfig config = TcpNodeConfig.of(id, book, codec, new InMemoryDisk()).withSecret(secret)
                    .withTls(TestCertificates.context(identity, everyone));
            resources.add(TcpNode.start(config, GreeterNode::new, sockets.get(id)));
        }
    }

    @AfterEach
    void stopNodes() throws Exception {
        for (AutoCloseable resource : resources) {
            resource.close();
        }
        log.close();
    }

    private static ServerSocket bind() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return socket;
    }

    private TcpClient client(String id, SSLContext tls) {
        TcpClient client = new TcpClient(NodeId.of(id), book, codec, tls);
        resources.add(client);
        return client;
    }

    private static Optional<Hearing> ask(TcpClient client, NodeId node) throws InterruptedException {
        client.send(node, new WhatDoYouHear(1));
        Optional<Envelope> reply = client.receive(Duration.ofMillis(500));
        return reply.map(Envelope::message).filter(Hearing.class::isInstance).map(Hearing.class::cast);
    }

    @Test
    @DisplayName("servers and a client with certificates the cluster trusts talk over TLS, servers to servers too")
    void trustedPeersTalk() {
        TcpClient client = client("c1", TestCertificates.context(c1, everyone));
        await().atMost(WAIT).untilAsserted(() -> assertThat(ask(client, N1))
                .hasValueSatisfying(hearing -> assertThat(hearing.heard()).containsKey(N2)));
    }

    @Test
    @DisplayName("a client whose certificate names another id is refused")
    void certificateMustNameTheId() throws InterruptedException {
        TcpClient impostor = client("c2", TestCertificates.context(c1, everyone)); // c1's certificate, c2's id
        assertThat(ask(impostor, N1)).isEmpty();
        await().atMost(WAIT).until(() -> log.text().contains("c2 (/127.0.0.1"));
        assertThat(log.text()).contains("speaks as c2, but its certificate names c1");
    }

    @Test
    @DisplayName("a client whose certificate the cluster does not trust, or a plain TCP client, gets nowhere")
    void untrustedPeers() throws InterruptedException {
        Identity stranger = TestCertificates.identity("c1");
        TcpClient untrusted = client("c1", TestCertificates.context(stranger, everyone));
        TcpClient plain = client("c3", null);
        assertThat(ask(untrusted, N1)).isEmpty();
        assertThat(ask(plain, N1)).isEmpty();
        await().atMost(WAIT).until(() -> log.warnings().stream().filter(w -> w.contains("TLS handshake")).count() >= 2);
    }
}
