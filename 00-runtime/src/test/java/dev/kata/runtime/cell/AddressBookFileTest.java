package dev.kata.runtime.cell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kata.runtime.net.ClusterSecret;
import dev.kata.runtime.node.NodeId;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A cell's address-book file")
class AddressBookFileTest {

    @TempDir
    Path directory;

    @Test
    @DisplayName("written with its secret beside it, it reads back the same servers and secret")
    void roundTrip() {
        AddressBookFile book = new AddressBookFile(Map.of(
                NodeId.of("n2"), new InetSocketAddress("10.0.0.2", 7001),
                NodeId.of("n1"), new InetSocketAddress("127.0.0.1", 7002)), ClusterSecret.random());
        Path file = directory.resolve("cell.book");
        book.write(file, "cell.secret");
        AddressBookFile read = AddressBookFile.read(file);
        assertThat(read.servers()).containsExactlyEntriesOf(book.servers());
        assertThat(read.secret()).isEqualTo(book.secret());
    }

    @Test
    @DisplayName("listeners, nodes that listen without being members, are written and read back apart from the servers")
    void listeners() throws IOException {
        AddressBookFile book = new AddressBookFile(Map.of(NodeId.of("n1"), new InetSocketAddress("127.0.0.1", 7001)),
                ClusterSecret.random(), Map.of(NodeId.of("c1"), new InetSocketAddress("127.0.0.1", 7101)));
        Path file = directory.resolve("cell.book");
        book.write(file, "cell.secret");
        assertThat(Files.readString(file)).contains("listener c1 127.0.0.1:7101");
        AddressBookFile read = AddressBookFile.read(file);
        assertThat(read.servers()).containsOnlyKeys(NodeId.of("n1"));
        assertThat(read.listeners()).containsExactlyEntriesOf(book.listeners());
        String secret = "secret " + ClusterSecret.random().toHex() + "\n";
        assertThatThrownBy(() -> AddressBookFile.read(Files.writeString(directory.resolve("twice"),
                secret + "node n1 h:1\nlistener n1 h:2\n"))).hasMessageContaining("twice:3: n1 is listed twice");
    }

    @Test
    @DisplayName("a hand-written book may carry the secret inline, with comments and blank lines")
    void handWritten() throws IOException {
        String hex = ClusterSecret.random().toHex();
        Path file = Files.writeString(directory.resolve("cell.book"), """
                # three nodes on one machine
                secret %s

                node n1 127.0.0.1:7001   # the first
                node n2 localhost:7002
                """.formatted(hex));
        AddressBookFile book = AddressBookFile.read(file);
        assertThat(book.servers()).containsOnlyKeys(NodeId.of("n1"), NodeId.of("n2"));
        assertThat(book.servers().get(NodeId.of("n2")).getPort()).isEqualTo(7002);
        assertThat(book.secret()).isEqualTo(ClusterSecret.fromHex(hex));
    }

    @Test
    @DisplayName("a mistake is reported with its line and what was expected")
    void mistakes() throws IOException {
        String secret = "secret " + ClusterSecret.random().toHex() + "\n";
        assertThatThrownBy(() -> AddressBookFile.read(Files.writeString(directory.resolve("a"), secret + "node n1 7001\n")))
                .hasMessageContaining("a:2: '7001' is not host:port");
        assertThatThrownBy(() -> AddressBookFile.read(Files.writeString(directory.resolve("b"), secret + "server n1 h:1\n")))
                .hasMessageContaining("b:2: unknown entry 'server'; expected node, listener, secret or secret-file");
        assertThatThrownBy(() -> AddressBookFile.read(Files.writeString(directory.resolve("c"), "node n1 h:1\n")))
                .hasMessageContaining("no secret");
        assertThatThrownBy(() -> AddressBookFile.read(Files.writeString(directory.resolve("d"),
                secret + "node n1 h:1\nnode n1 h:2\n"))).hasMessageContaining("d:3: node n1 is listed twice");
        assertThatThrownBy(() -> AddressBookFile.read(Files.writeString(directory.resolve("e"), "secret-file nowhere\n")))
                .hasMessageContaining("e:1: cannot read the cluster secret");
    }
}
