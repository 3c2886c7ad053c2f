package dev.kata.lock.tcp;

import dev.kata.lock.tcp.CellAdmin.Status;
import dev.kata.lock.tcp.CellAdmin.StatusRequest;
import dev.kata.runtime.cell.AddressBookFile;
import dev.kata.runtime.net.TcpNode;
import dev.kata.runtime.net.TcpNodeConfig;
import dev.kata.runtime.node.NodeId;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/** Asks every server of a running cell for its {@link Status}, as an operator's tool does. Given code. */
public final class CellProbe {

    private CellProbe() {
    }

    /** Each server's status, or empty for one that did not answer within {@code wait}. */
    public static Map<String, Optional<Status>> ask(AddressBookFile book, Duration wait) {
        return ask(book, wait, answers -> answers.size() == book.servers().size());
    }

    /** The master's status, if a server answered as master within {@code wait} (it returns at that answer). */
    public static Optional<Status> master(AddressBookFile book, Duration wait) {
        return ask(book, wait, answers -> answers.values().stream().anyMatch(Status::master)).values().stream()
                .flatMap(Optional::stream).filter(Status::master).findFirst();
    }

    private static Map<String, Optional<Status>> ask(AddressBookFile book, Duration wait,
                                                     java.util.function.Predicate<Map<String, Status>> enough) {
        Map<String, Status> answers = new ConcurrentHashMap<>();
        TcpNodeConfig config = TcpNodeConfig.of(NodeId.of("probe-" + ProcessHandle.current().pid()), book.servers(),
                LockProgram.CODEC, null);
        TcpNode probe = TcpNode.start(config, ctx -> new dev.kata.runtime.node.Node() {
            @Override
            public void onStart() {
                book.servers().keySet().forEach(server -> ctx.send(server, new StatusRequest(1)));
            }

            @Override
            public void onMessage(NodeId from, dev.kata.runtime.node.Message message) {
                if (message instanceof Status status) {
                    answers.put(from.name(), status);
                }
            }
        });
        try {
            long deadline = System.nanoTime() + wait.toNanos();
            while (!enough.test(answers) && System.nanoTime() - deadline < 0) {
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            }
        } finally {
            probe.stop();
        }
        Map<String, Optional<Status>> all = new TreeMap<>();
        book.servers().keySet().forEach(server -> all.put(server.name(), Optional.ofNullable(answers.get(server.name()))));
        return all;
    }
}
