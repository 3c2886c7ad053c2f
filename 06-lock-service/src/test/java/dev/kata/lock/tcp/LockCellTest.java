// Generated from solutions/06-lock-service/src/test/java/dev/kata/lock/tcp/LockCellTest.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint e008b35e477b
package dev.kata.lock.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.kata.lock.ErrorCode;
import dev.kata.lock.LockMessage;
import dev.kata.lock.LockOp;
import dev.kata.lock.LockReply;
import dev.kata.lock.LockServiceException;
import dev.kata.lock.Sequencer;
import dev.kata.lock.tcp.CellAdmin.Status;
import dev.kata.runtime.cell.AddressBookFile;
import dev.kata.runtime.cell.ProcessCell;
import dev.kata.runtime.checker.History;
import dev.kata.runtime.checker.LinearizabilityChecker;
import dev.kata.runtime.checker.LockCommand;
import dev.kata.runtime.checker.LockCommand.Mode;
import dev.kata.runtime.checker.LockModel;
import dev.kata.runtime.net.RefusedByPeerException;
import dev.kata.runtime.net.TcpNode;
import dev.kata.runtime.net.TcpNodeConfig;
import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.Node;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.wire.RecordCodec;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lock service for real: three {@link LockProgram} processes (06's LockServer on 05's log, each
 * with its data directory), clients over TCP ({@link LockSession}, 06's LockClient). Every process a
 * test starts is killed when its cell closes, pass or fail.
 */
@Tag("real-time")
@DisplayName("A lock-service cell of processes")
class LockCellTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final List<NodeId> SERVERS = IntStream.rangeClosed(1, 3).mapToObj(i -> NodeId.of("n" + i)).toList();
    private static final String LOCK = "/ls/cell/leader";

    @TempDir
    Path directory;

    @Test
    @DisplayName("a client keeps its session, its lock and its file when the master's process is killed with -9")
    void aClientSurvivesTheMastersKill() {
        try (ProcessCell cell = ProcessCell.start(directory, SERVERS, LockProgram.class)) {
            AddressBookFile book = AddressBookFile.read(cell.addressBookFile());
            Status first = awaitMaster(book, 0);
            try (LockSession a = LockSession.open(book, "a", LockProgram.CONFIG);
                 LockSession b = LockSession.open(book, "b", LockProgram.CONFIG)) {
                long handle = a.open(LOCK, true);
                Sequencer held = a.acquire(handle, Mode.EXCLUSIVE, WAIT);
                a.write(handle, "a leads");

                cell.crash(NodeId.of(first.server()));
                Status next = awaitMaster(book, first.generation());

                assertThat(next.sessions()).as("the sessions the new master inherited").contains(a.id(), b.id());
                assertThat(next.locks()).as("the locks after the fail-over").containsExactly(LOCK + " " + a.id());
                long other = b.open(LOCK, false);
                assertThat(b.tryAcquire(other, Mode.EXCLUSIVE)).as("b's try for a's lock after the fail-over").isEmpty();
                assertThat(b.read(other).contents()).isEqualTo("a leads");
                assertThat(a.check(handle, held)).as("a's sequencer after the fail-over").isTrue();
                assertThat(a.<Boolean>inspect(client -> client.believesHolding(LOCK))).as("a believes it holds its lock").isTrue();
                a.release(handle, held);
                assertThat(b.tryAcquire(other, Mode.EXCLUSIVE)).as("b's try once a released").isPresent();
            }
        }
    }

    @Test
    @DisplayName("a cell whose every process was killed starts again from its disks with its files and lock generations")
    void restartRecoversFromDisk() {
        try (ProcessCell cell = ProcessCell.start(directory, SERVERS, LockProgram.class)) {
            AddressBookFile book = AddressBookFile.read(cell.addressBookFile());
            awaitMaster(book, 0);
            long generation;
            try (LockSession a = LockSession.open(book, "a", LockProgram.CONFIG)) {
                long handle = a.open("/ls/cell/config", true);
                a.write(handle, "replicas=3");
                Sequencer held = a.acquire(handle, Mode.EXCLUSIVE, WAIT);
                a.release(handle, held);
                generation = held.generation();
            }
            SERVERS.forEach(cell::crash);
            SERVERS.forEach(cell::restart);
            awaitMaster(book, 0);
            try (LockSession c = LockSession.open(book, "c", LockProgram.CONFIG)) {
                long handle = c.open("/ls/cell/config", false);
                assertThat(c.read(handle).contents()).as("the file after every process was killed").isEqualTo("replicas=3");
                assertThat(c.acquire(handle, Mode.EXCLUSIVE, WAIT).generation())
                        .as("the next grant's generation: the old one is remembered").isGreaterThan(generation);
            }
        }
    }

    @Test
    @DisplayName("bad input over the wire (garbage, a frame claiming 2 GiB, a request over the frame limit, files too large, an unknown session) is refused, its sender told why, and the cell keeps serving")
    void badInputOverTheWire() throws IOException {
        try (ProcessCell cell = ProcessCell.start(directory, SERVERS, LockProgram.class)) {
            AddressBookFile book = AddressBookFile.read(cell.addressBookFile());
            Status master = awaitMaster(book, 0);
            InetSocketAddress address = book.servers().get(NodeId.of(master.server()));
            try (LockSession a = LockSession.open(book, "a", LockProgram.CONFIG)) {
                long handle = a.open("/ls/cell/kept", true);
                a.write(handle, "before");

                assertThat(errorBeforeClose(address, "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes()))
                        .as("what the master tells a connection that speaks HTTP, before it closes it")
                        .startsWith("not a kata peer").contains("\"GET \"");
                assertThat(errorBeforeClose(address, new byte[] {0x7f, 0, 0, 0, 1, 2, 3}))
                        .as("what the master tells a connection whose first frame claims 2 GiB, before it closes it")
                        .startsWith("not a kata peer").contains("its length claims 2130706432");
                int limit = LockProgram.CODEC.maxMessageSize();
                assertThat(refusalOfAnOversizedCall(book, master.server(), limit + 1024))
                        .as("what the master tells a client node whose call is over the cell's frame limit")
                        .satisfies(refusal -> assertThat(refusal.peer()).isEqualTo(NodeId.of(master.server())))
                        .extracting(RefusedByPeerException::reason).asString()
                        .startsWith("frame of ").contains(" bytes claimed, the limit is " + limit);
                for (int size : new int[] {LockProgram.CONFIG.maxContentBytes() + 1, 1 << 20, limit + 1}) {
                    // Above the cell's file limit (refused as it applies), above what a log entry holds (refused
                    // before), and above what the wire carries (refused by the session before it is sent)
                    assertThatThrownBy(() -> a.write(handle, "x".repeat(size))).as("a write of %d bytes", size)
                            .isInstanceOfSatisfying(LockServiceException.class,
                                    e -> assertThat(e.code()).isEqualTo(ErrorCode.TOO_LARGE));
                }

                assertThat(callWithoutASession(book, master.server())).as("a call of a session the cell never opened")
                        .isInstanceOfSatisfying(LockReply.Refused.class,
                                refused -> assertThat(refused.code()).isEqualTo(ErrorCode.UNKNOWN_SESSION));

                assertThat(a.read(handle).contents()).as("the file after the bad input").isEqualTo("before");
                a.write(handle, "after");
                assertThat(a.read(handle).contents()).isEqualTo("after");
                assertThat(CellProbe.master(book, Duration.ofSeconds(2))).as("the same master").map(Status::server)
                        .contains(master.server());
            }
        }
    }

    @Test
    @DisplayName("three clients taking turns on one lock while the master's process is killed: the history fits the lock model")
    void lockHistoryAcrossAFailOver() throws InterruptedException {
        History<LockCommand, Long> history = new History<>();
        AtomicBoolean running = new AtomicBoolean(true);
        try (ProcessCell cell = ProcessCell.start(directory, SERVERS, LockProgram.class)) {
            AddressBookFile book = AddressBookFile.read(cell.addressBookFile());
            Status first = awaitMaster(book, 0);
            List<LockSession> sessions = List.of(LockSession.open(book, "a", LockProgram.CONFIG),
                    LockSession.open(book, "b", LockProgram.CONFIG), LockSession.open(book, "c", LockProgram.CONFIG));
            AtomicInteger grants = new AtomicInteger();
            List<Thread> workers = sessions.stream().map(session -> started(() -> {
                String holder = session.id();
                long handle = session.open(LOCK, true);
                while (running.get()) {
                    long acquire = history.invoke(holder, new LockCommand.Acquire(LOCK, Mode.EXCLUSIVE), System.nanoTime());
                    Sequencer held;
                    try {
                        held = session.acquire(handle, Mode.EXCLUSIVE, WAIT);
                        history.ok(acquire, held.generation(), System.nanoTime());
                        grants.incrementAndGet();
                    } catch (RuntimeException e) {
                        history.unknown(acquire, System.nanoTime());
                        return; // it may hold the lock: it stops here, as a client that died
                    }
                    long release = history.invoke(holder, new LockCommand.Release(LOCK), System.nanoTime());
                    try {
                        session.release(handle, held);
                        history.ok(release, null, System.nanoTime());
                    } catch (RuntimeException e) {
                        history.unknown(release, System.nanoTime());
                        return;
                    }
                }
            })).toList();
            await("grants before the kill").atMost(WAIT).until(() -> grants.get() >= 10);
            cell.crash(NodeId.of(first.server()));
            awaitMaster(book, first.generation());
            int before = grants.get();
            await("grants after the fail-over").atMost(WAIT).until(() -> grants.get() >= before + 10);
            running.set(false);
            for (Thread worker : workers) {
                worker.join(WAIT.toMillis());
            }
            sessions.forEach(LockSession::close);
        }
        LinearizabilityChecker.of(LockModel.INSTANCE).check(history).assertLinearizable();
    }

    /** A raw client's call, for a session it never opened, to the master; the answer it gets. */
    private static LockReply callWithoutASession(AddressBookFile book, String master) {
        java.util.concurrent.CompletableFuture<LockReply> answer = new java.util.concurrent.CompletableFuture<>();
        TcpNodeConfig config = TcpNodeConfig.of(NodeId.of("intruder"), book.servers(), LockProgram.CODEC, null);
        TcpNode intruder = TcpNode.start(config, ctx -> new Node() {
            @Override
            public void onStart() {
                ctx.send(NodeId.of(master), new LockMessage.CallRequest("made-up", 1, new LockOp.Open(LOCK, true, false, false)));
            }

            @Override
            public void onMessage(NodeId from, Message message) {
                if (message instanceof LockMessage.CallReply reply) {
                    answer.complete(reply.reply());
                }
            }
        });
        try {
            await("an answer to the intruder's call").atMost(WAIT).until(answer::isDone);
            return answer.join();
        } finally {
            intruder.stop();
        }
    }

    /**
     * A client node whose codec carries more than the cell's (as a client built against another
     * version might) sends the master a call of {@code bytes}: the refusal it is told of.
     */
    private static RefusedByPeerException refusalOfAnOversizedCall(AddressBookFile book, String master, int bytes) {
        java.util.concurrent.CompletableFuture<RefusedByPeerException> told = new java.util.concurrent.CompletableFuture<>();
        RecordCodec larger = LockProgram.CODEC.extend().maxMessageSize(bytes + 1024).build();
        TcpNodeConfig config = TcpNodeConfig.of(NodeId.of("too-big"), book.servers(), larger, null);
        LockOp.SetContents huge = new LockOp.SetContents(1, "x".repeat(bytes), -1);
        TcpNode client = TcpNode.start(config, ctx -> new Node() {
            @Override
            public void onStart() {
                ctx.send(NodeId.of(master), new LockMessage.CallRequest("made-up", 1, huge));
            }

            @Override
            public void onMessage(NodeId from, Message message) {
            }
        });
        client.onRefused(told::complete);
        try {
            await("the refusal of a call of " + bytes + " bytes").atMost(WAIT).until(told::isDone);
            return told.join();
        } finally {
            client.stop();
        }
    }

    private static Thread started(Runnable body) {
        Thread thread = new Thread(body, "lock-cell-test-client");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /**
     * Sends {@code bytes} on a fresh connection; what the server says in the error frame it closes the
     * connection with (the runtime's wire: the length -1, then a length and the UTF-8 text; see
     * 00-runtime/docs/wire-and-tcp.md), read within a few seconds.
     */
    private static String errorBeforeClose(InetSocketAddress address, byte[] bytes) throws IOException {
        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            socket.setSoTimeout(10_000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.write(bytes);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int mark = in.readInt();
            assertThat(mark).as("the first frame the server answers with: an error frame's mark").isEqualTo(-1);
            byte[] text = new byte[in.readInt()];
            in.readFully(text);
            assertThat(in.read()).as("the server closes the connection after its error frame").isEqualTo(-1);
            return new String(text, StandardCharsets.UTF_8);
        }
    }

    private static Status awaitMaster(AddressBookFile book, long after) {
        Status[] master = new Status[1];
        await("a master serving, of a generation after " + after).atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    Optional<Status> found = CellProbe.master(book, Duration.ofSeconds(1));
                    master[0] = found.orElse(null);
                    return found.isPresent() && found.get().serving() && found.get().generation() > after;
                });
        return master[0];
    }
}
