// Generated from solutions/06-lock-service/src/test/java/dev/kata/lock/tcp/LockSessionTest.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint a71d6eed95b1
package dev.kata.lock.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kata.runtime.cell.AddressBookFile;
import dev.kata.runtime.net.ClusterSecret;
import dev.kata.runtime.net.RefusedByPeerException;
import dev.kata.runtime.node.NodeId;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link LockSession} against a "server" written by hand on a raw socket, which hangs up on every
 * hello with an error frame (the runtime's wire: the length -1, then a length and the UTF-8 reason),
 * as a cell of another version, or one that finds fault with what the client sent, would.
 */
@Tag("real-time")
@DisplayName("A lock session told off by a server")
class LockSessionTest {

    private static final NodeId N1 = NodeId.of("n1");
    private static final String REASON = "the test's server refuses every client";

    @Test
    @DisplayName("a session whose server hangs up with an error frame fails at once with the server's reason, not after the call's timeout")
    void refusedAtOnce() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread refuser = new Thread(() -> refuseEveryone(server), "lock-session-test-refuser");
            refuser.setDaemon(true);
            refuser.start();
            AddressBookFile book = new AddressBookFile(Map.of(N1, (InetSocketAddress) server.getLocalSocketAddress()),
                    ClusterSecret.random());
            long started = System.nanoTime();

            assertThatThrownBy(() -> LockSession.open(book, "app", LockProgram.CONFIG).close())
                    .as("opening a session with a server that refuses the client")
                    .isInstanceOfSatisfying(RefusedByPeerException.class, refused -> {
                        assertThat(refused.peer()).isEqualTo(N1);
                        assertThat(refused.reason()).isEqualTo(REASON);
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("how long the refused open took (a call"
                    + " waits %s for an answer that never comes)", LockSession.CALL_TIMEOUT).isLessThan(Duration.ofSeconds(10));
        }
    }

    /** Reads each connection's hello, answers it with an error frame, and waits for the client to close. */
    private static void refuseEveryone(ServerSocket server) {
        byte[] reason = REASON.getBytes(StandardCharsets.UTF_8);
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                socket.setSoTimeout(5_000);
                DataInputStream in = new DataInputStream(socket.getInputStream());
                in.readFully(new byte[in.readInt()]); // the hello
                DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                out.writeInt(-1);
                out.writeInt(reason.length);
                out.write(reason);
                out.flush();
                socket.shutdownOutput();
                while (in.read() >= 0) {
                    // until the client closes: closing first, with its bytes unread, would reset the connection
                }
            } catch (IOException e) {
                // closed by the test, or a client gone: on to the next
            }
        }
    }
}
