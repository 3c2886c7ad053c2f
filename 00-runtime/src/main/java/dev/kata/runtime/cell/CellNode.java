package dev.kata.runtime.cell;

import dev.kata.runtime.disk.FileDisk;
import dev.kata.runtime.net.ClusterSecret;
import dev.kata.runtime.net.TcpNode;
import dev.kata.runtime.net.TcpNodeConfig;
import dev.kata.runtime.node.NodeId;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The launcher: runs one node of a cell as its own process, until it is killed or fails.
 * <pre>
 * java -cp CLASSPATH dev.kata.runtime.cell.CellNode \
 *      --address-book cell.book --node n1 --data data/n1 --program dev.kata.runtime.example.RegisterProgram
 * </pre>
 * ({@code CellNode --new-secret} prints a fresh cluster secret for a {@code cell.secret} file.)
 * Restarting a node is running the same command again: it finds its files in its data directory.
 * Its standard input is a control channel ({@link CellControl}): the line {@code cut n2 n3} cuts it
 * off from n2 and n3 both ways, {@code cut *} from everyone, {@code heal} ends the cuts.
 * The exit status says how it ended, for a supervisor (systemd, a shell loop, {@link ProcessCell}):
 * 143 after SIGTERM and 130 after SIGINT (the JVM's, once the node has stopped cleanly), 64 for a
 * wrong command line or address book, 70 when the node failed (its handler threw, or it ran out of
 * memory: restart it), 137 when it was killed with -9.
 */
public final class CellNode {

    static final int EXIT_USAGE = 64;
    static final int EXIT_FAILED = 70;
    static final String USAGE = "usage: CellNode --address-book FILE --node ID --data DIR --program CLASS\n"
            + "       CellNode --new-secret    (prints a fresh cluster secret for a secret file)";

    private CellNode() {
    }

    public static void main(String[] args) {
        if (args.length == 1 && args[0].equals("--new-secret")) {
            System.out.println(ClusterSecret.random().toHex()); // for a cell.secret file
            return;
        }
        TcpNode node;
        try {
            node = start(args);
        } catch (IllegalArgumentException | ReflectiveOperationException | java.io.UncheckedIOException e) {
            System.err.println("cannot start the node: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(EXIT_USAGE);
            return;
        }
        CellControl control = new CellControl(node.id());
        node.cutOff(control);
        Thread controller = new Thread(() -> control.serve(
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)), System.out),
                "kata-cell-control");
        controller.setDaemon(true); // the control channel never keeps the node alive
        controller.start();
        Runtime.getRuntime().addShutdownHook(new Thread(node::stop, "kata-cell-shutdown"));
        // A line a person (or a script) can wait for; the node's own log goes to System.Logger.
        System.out.println("kata cell node " + node.id() + " listening on " + node.listenAddress().orElseThrow()
                + ", pid " + ProcessHandle.current().pid());
        node.whenStopped().join();
        if (node.failure().isPresent()) {
            System.err.println(node.id() + " failed: " + node.failure().get());
            Runtime.getRuntime().halt(EXIT_FAILED); // halt: the shutdown hook would only stop it again
        }
    }

    static TcpNode start(String[] args) throws ReflectiveOperationException {
        Map<String, String> options = options(args);
        AddressBookFile book = AddressBookFile.read(Path.of(required(options, "--address-book")));
        NodeId self = NodeId.of(required(options, "--node"));
        if (!book.servers().containsKey(self) && !book.listeners().containsKey(self)) {
            throw new IllegalArgumentException(self + " is not in the address book; it lists " + book.servers().keySet()
                    + (book.listeners().isEmpty() ? "" : " and the listeners " + book.listeners().keySet()));
        }
        Path data = Path.of(required(options, "--data"));
        NodeProgram program = (NodeProgram) Class.forName(required(options, "--program"))
                .getDeclaredConstructor().newInstance();
        TcpNodeConfig config = TcpNodeConfig.of(self, book.servers(), program.codec(), new FileDisk(data))
                .withSecret(book.secret())
                .withListeners(book.listeners())
                .withClientMessages(program.clientMessages());
        return TcpNode.start(config, program.factory());
    }

    /** {@code --name value} pairs. */
    static Map<String, String> options(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected an option and its value at '" + args[i] + "'");
            }
            options.put(args[i], args[i + 1]);
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing " + name);
        }
        return value;
    }
}
