// Generated from solutions/06-lock-service/src/main/java/dev/kata/lock/tcp/DemoWriter.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint 8fa7a08a5f2e
package dev.kata.lock.tcp;

import dev.kata.lock.LockMessage.ResourceWrite;
import dev.kata.lock.LockMessage.ResourceWriteResult;
import dev.kata.lock.Sequencer;
import dev.kata.runtime.cell.AddressBookFile;
import dev.kata.runtime.checker.LockCommand.Mode;
import dev.kata.runtime.net.TcpNode;
import dev.kata.runtime.net.TcpNodeConfig;
import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.Node;
import dev.kata.runtime.node.NodeId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The demo's client A, a process of its own so that the demo can freeze it (SIGSTOP): it takes a lock,
 * then, in a loop, checks it still holds it, does its work (a second and a half), and writes to the
 * fenced resource with its sequencer. A pause between the check and the write is the classic bug (a
 * garbage-collection pause, a VM migration): only the resource's check of the sequencer stops the stale
 * write. So the write goes out as the application sent it, not through {@link LockSession#writeTo}, which
 * would check the lease once more. Each step is one line on standard output, which the demo reads.
 * <pre>DemoWriter BOOK NAME LOCK RESOURCE</pre>
 */
public final class DemoWriter {

    private DemoWriter() {
    }

    public static void main(String[] args) throws Exception {
        LockCli.quietLogs();
        AddressBookFile book = AddressBookFile.read(Path.of(args[0]));
        String name = args[1];
        String lock = args[2];
        NodeId resource = NodeId.of(args[3]);
        try (LockSession session = LockSession.open(book, name, LockProgram.CONFIG)) {
            long handle = session.open(lock, true);
            Sequencer sequencer = session.acquire(handle, Mode.EXCLUSIVE, Duration.ofMinutes(5));
            System.out.println("holding " + lock + " with sequencer " + sequencer);
            Writes writes = new Writes();
            TcpNode sender = TcpNode.start(TcpNodeConfig.of(NodeId.of(name + "-app"), book.servers(), LockProgram.CODEC,
                    null).withListeners(book.listeners()), ctx -> writes.bind(ctx));
            String session0 = session.id();
            for (int n = 1; ; n++) {
                if (!session.inspect(client -> client.believesHolding(lock))) {
                    System.out.println("my session says the lock is no longer mine: I stop writing");
                    break;
                }
                System.out.println("checked: the lock is mine; working on write " + n + " ...");
                TimeUnit.MILLISECONDS.sleep(1500); // the work between the check and the write
                CompletableFuture<Boolean> accepted = writes.send(sender, new ResourceWrite(n, session0, sequencer,
                        name + " write " + n), resource);
                boolean ok = accepted.get(30, TimeUnit.SECONDS);
                System.out.println("write " + n + " with sequencer " + sequencer + ": " + (ok ? "ACCEPTED" : "REJECTED"));
                if (!ok) {
                    break;
                }
            }
            sender.stop();
        }
    }

    /** A node that only sends writes and hears their results. */
    private static final class Writes implements Node {
        private dev.kata.runtime.node.NodeContext ctx;
        private final java.util.Map<Long, CompletableFuture<Boolean>> waiting = new java.util.concurrent.ConcurrentHashMap<>();

        Node bind(dev.kata.runtime.node.NodeContext context) {
            this.ctx = context;
            return this;
        }

        CompletableFuture<Boolean> send(TcpNode node, ResourceWrite write, NodeId resource) {
            CompletableFuture<Boolean> result = new CompletableFuture<>();
            waiting.put(write.id(), result);
            node.execute(() -> ctx.send(resource, write));
            return result;
        }

        @Override
        public void onMessage(NodeId from, Message message) {
            if (message instanceof ResourceWriteResult result) {
                CompletableFuture<Boolean> done = waiting.remove(result.id());
                if (done != null) {
                    done.complete(result.accepted());
                }
            }
        }
    }
}
