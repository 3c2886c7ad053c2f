package dev.kata.lock.tcp;

import dev.kata.lock.LockCell;
import dev.kata.lock.LockMessage;
import dev.kata.lock.LockMessage.CallRequest;
import dev.kata.lock.LockMessage.CheckSequencerRequest;
import dev.kata.lock.LockMessage.KeepAlive;
import dev.kata.lock.LockMessage.OpenSessionRequest;
import dev.kata.lock.LockServer;
import dev.kata.lock.LockServiceConfig;
import dev.kata.lock.tcp.CellAdmin.Status;
import dev.kata.lock.tcp.CellAdmin.StatusRequest;
import dev.kata.log.LogProgram;
import dev.kata.runtime.cell.NodeProgram;
import dev.kata.runtime.net.ClientMessages;
import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.Node;
import dev.kata.runtime.node.NodeContext;
import dev.kata.runtime.node.NodeFactory;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.wire.MessageCodec;
import dev.kata.runtime.wire.RecordCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The lock service as a cell's processes run it ({@code CellNode --program dev.kata.lock.tcp.LockProgram}):
 * each process runs 06's {@link LockServer}, the very class the simulation tests, on 05's log in its
 * data directory ({@code FileDisk}: every entry forced to disk before it counts towards a commit), and
 * answers an operator's {@link CellAdmin.StatusRequest} beside it. Clients may send the calls of a
 * session, a fenced resource's sequencer checks and status requests, nothing else. Given code.
 *
 * <p>The timing is {@link #CONFIG}'s, on 05's {@link LogProgram#REAL_TIME}: the simulation's 150 ms elections would change masters for
 * nothing on a real machine, where a garbage collection or a slow fsync holds a process up for tens of
 * milliseconds; and Chubby's 12 s leases would make a fail-over a long wait in front of an audience.
 * The log's tuning knobs are 05's {@link LogProgram}'s ({@code -Dkata.log.maxAppend=N},
 * {@code -Dkata.log.batchMicros=N} for each server's JVM: the benchmark's {@code --max-append} and
 * {@code --batch-micros}).
 */
public final class LockProgram implements NodeProgram {

    /**
     * What the processes and their clients run: 3 s leases (KeepAlives answered 1 s before they run out),
     * a 10 s grace period, a 3 s lock-delay, Chubby's 1% drift bound; files up to 8 KiB, since each
     * write is one entry of 05's log ({@code ReplicaLog.WAL}: 16 KiB at most). The log is configured as 05's
     * processes configure theirs ({@link LogProgram#config()}).
     */
    public static final LockServiceConfig CONFIG = LockServiceConfig.DEFAULT
            .withReplica(new LogProgram().config())
            .withLease(Duration.ofSeconds(3), Duration.ofSeconds(1))
            .withGracePeriod(Duration.ofSeconds(10))
            .withLockDelay(Duration.ofSeconds(3))
            .withMaxContentBytes(8 * 1024);

    /** The cell's wire encoding: 06's, with the operator's {@link CellAdmin} messages. */
    public static final RecordCodec CODEC = LockMessage.CODEC.extend().registerSealed("admin", CellAdmin.class).build();

    @Override
    public MessageCodec codec() {
        return CODEC;
    }

    @Override
    public NodeFactory factory() {
        return ctx -> new AdminServer(ctx, new LockServer(ctx, CONFIG));
    }

    @Override
    public ClientMessages clientMessages() {
        return ClientMessages.only(OpenSessionRequest.class, KeepAlive.class, CallRequest.class,
                CheckSequencerRequest.class, StatusRequest.class);
    }

    /** A {@link LockServer} that also answers status requests, from its own replica, on its own thread. */
    private static final class AdminServer implements Node {
        private final NodeContext ctx;
        private final LockServer server;

        AdminServer(NodeContext ctx, LockServer server) {
            this.ctx = ctx;
            this.server = server;
        }

        @Override
        public void onStart() {
            server.onStart();
        }

        @Override
        public void onMessage(NodeId from, Message message) {
            if (message instanceof StatusRequest request) {
                ctx.send(from, status(request.id()));
            } else {
                server.onMessage(from, message);
            }
        }

        private Status status(long id) {
            LockCell cell = server.cell();
            List<String> locks = new ArrayList<>();
            List<String> paths = cell == null ? List.of() : cell.namespace().paths();
            for (String path : paths) {
                List<String> holders = cell.holders(path);
                if (!holders.isEmpty()) {
                    locks.add(path + " " + String.join(",", holders));
                }
            }
            return new Status(id, ctx.self().name(), server.isMaster(), server.isServing(),
                    cell == null ? 0 : cell.masterGeneration(),
                    server.replica().knownLeader().map(NodeId::name).orElse(""), server.replica().lastApplied(),
                    cell == null ? List.of() : cell.sessions(), locks,
                    cell == null ? List.of() : List.copyOf(cell.delayedLocks().keySet()), paths);
        }
    }
}
