package dev.kata.runtime.cell;

import dev.kata.runtime.net.ClusterSecret;
import dev.kata.runtime.node.NodeId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A cell's address book as a file: every server, where it listens, and the cluster secret (or the
 * file that holds it). One line each; {@code #} starts a comment:
 * <pre>
 * # a cell of three on one machine
 * secret-file cell.secret            # relative to this file; or: secret 8f3e... (hex)
 * node n1 127.0.0.1:7001
 * node n2 127.0.0.1:7002
 * node n3 127.0.0.1:7003
 * </pre>
 * Every node and every client of the cell reads the same file (clients ignore the secret). Lines
 * {@code listener c1 127.0.0.1:7101} name nodes that listen without being members of the cluster (a
 * client that servers push to, a resource server): servers dial them there to reach them
 * ({@link dev.kata.runtime.net.TcpNodeConfig#withListeners}).
 *
 * @param servers   every server and its address, sorted by id
 * @param secret    the cluster secret
 * @param listeners every listener and its address, sorted by id
 */
public record AddressBookFile(Map<NodeId, InetSocketAddress> servers, ClusterSecret secret,
                              Map<NodeId, InetSocketAddress> listeners) {

    public AddressBookFile {
        servers = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(servers, "servers")));
        listeners = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(listeners, "listeners")));
        Objects.requireNonNull(secret, "secret");
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("an address book needs at least one server");
        }
        for (NodeId id : listeners.keySet()) {
            if (servers.containsKey(id)) {
                throw new IllegalArgumentException(id + " is listed both as a node and as a listener");
            }
        }
    }

    /** An address book without listeners. */
    public AddressBookFile(Map<NodeId, InetSocketAddress> servers, ClusterSecret secret) {
        this(servers, secret, Map.of());
    }

    /** Reads an address book; every mistake is reported with its line number and what is expected. */
    public static AddressBookFile read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the address book " + file + ": " + e.getMessage(), e);
        }
        Map<NodeId, InetSocketAddress> servers = new TreeMap<>();
        Map<NodeId, InetSocketAddress> listeners = new TreeMap<>();
        ClusterSecret secret = null;
        for (int number = 1; number <= lines.size(); number++) {
            String line = lines.get(number - 1);
            int hash = line.indexOf('#');
            String[] words = (hash >= 0 ? line.substring(0, hash) : line).trim().split("\\s+");
            if (words.length == 1 && words[0].isEmpty()) {
                continue;
            }
            String where = file + ":" + number + ": ";
            try {
                switch (words[0]) {
                    case "node" -> {
                        expect(words, 3, "node <id> <host>:<port>");
                        NodeId id = NodeId.of(words[1]);
                        if (listeners.containsKey(id) || servers.put(id, address(words[2])) != null) {
                            throw new IllegalArgumentException("node " + id + " is listed twice");
                        }
                    }
                    case "listener" -> {
                        expect(words, 3, "listener <id> <host>:<port>");
                        NodeId id = NodeId.of(words[1]);
                        if (servers.containsKey(id) || listeners.put(id, address(words[2])) != null) {
                            throw new IllegalArgumentException(id + " is listed twice");
                        }
                    }
                    case "secret" -> {
                        expect(words, 2, "secret <hex digits>");
                        secret = ClusterSecret.fromHex(words[1]);
                    }
                    case "secret-file" -> {
                        expect(words, 2, "secret-file <path, relative to this file>");
                        Path parent = file.toAbsolutePath().getParent();
                        secret = ClusterSecret.fromFile(parent.resolve(words[1]));
                    }
                    default -> throw new IllegalArgumentException("unknown entry '" + words[0]
                            + "'; expected node, listener, secret or secret-file");
                }
            } catch (IllegalArgumentException | UncheckedIOException e) {
                throw new IllegalArgumentException(where + e.getMessage(), e);
            }
        }
        if (secret == null) {
            throw new IllegalArgumentException(file + ": no secret; add a line 'secret-file cell.secret' (a file"
                    + " holding ClusterSecret.random().toHex()) or 'secret <hex>'");
        }
        if (servers.isEmpty()) {
            throw new IllegalArgumentException(file + ": no servers; add lines like 'node n1 127.0.0.1:7001'");
        }
        return new AddressBookFile(servers, secret, listeners);
    }

    /**
     * Writes this address book to {@code file}, with the secret in {@code secretFileName} beside it,
     * readable by its owner only where the file system allows.
     */
    public void write(Path file, String secretFileName) {
        Path secretFile = file.toAbsolutePath().getParent().resolve(secretFileName);
        List<String> lines = new ArrayList<>();
        lines.add("# a kata cell: every server and where it listens; the secret is in " + secretFileName);
        lines.add("secret-file " + secretFileName);
        servers.forEach((id, address) -> lines.add("node " + id + " " + address.getHostString() + ":" + address.getPort()));
        listeners.forEach((id, address) -> lines.add("listener " + id + " " + address.getHostString() + ":"
                + address.getPort()));
        try {
            Files.writeString(secretFile, secret.toHex() + "\n", StandardCharsets.US_ASCII);
            try {
                Files.setPosixFilePermissions(secretFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the file keeps its directory's permissions.
            }
            Files.write(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the address book " + file + ": " + e.getMessage(), e);
        }
    }

    private static void expect(String[] words, int count, String form) {
        if (words.length != count) {
            throw new IllegalArgumentException("expected '" + form + "'");
        }
    }

    private static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("'" + hostPort + "' is not host:port");
        }
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + hostPort + "' has no port number after the colon");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 1 to 65535");
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1); // [::1]:7001
        }
        return new InetSocketAddress(host, port);
    }
}
