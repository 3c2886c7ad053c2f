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
import dev.kata.runtime.net.TcpNode;
import dev.kata.runtime.net.TcpNodeConfig;
import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.Node;
import dev.kata.runtime.node.NodeId;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
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
    @DisplayName("bad input over the wire (garbage, a frame claiming 2 GiB, files too large, an unknown session) is refused and the cell keeps serving")
    void badInputOverTheWire() throws IOException {
        try (ProcessCell cell = ProcessCell.start(directory, SERVERS, LockProgram.class)) {
            AddressBookFile book = AddressBookFile.read(cell.addressBookFile());
            Status master = awaitMaster(book, 0);
            InetSocketAddress address = book.servers().get(NodeId.of(master.server()));
            try (LockSession a = LockSession.open(book, "a", LockProgram.CONFIG)) {
                long handle = a.open("/ls/cell/kept", true);
                a.write(handle, "before");

                assertThat(closedAfter(address, "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes()))
                        .as("a connection that speaks HTTP is closed").isTrue();
                assertThat(closedAfter(address, new byte[] {0x7f, 0, 0, 0, 1, 2, 3}))
                        .as("a connection whose frame claims 2 GiB is closed").isTrue();
                for (int size : new int[] {LockProgram.CONFIG.maxContentBytes() + 1, 1 << 20}) {
                    // Above the cell's file limit (refused as it applies), and above what a log entry holds (refused before)
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

    private static Thread started(Runnable body) {
        Thread thread = new Thread(body, "lock-cell-test-client");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Sends {@code bytes} on a fresh connection; whether the server closes it within a few seconds. */
    private static boolean closedAfter(InetSocketAddress address, byte[] bytes) throws IOException {
        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            socket.setSoTimeout(10_000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.write(bytes);
            out.flush();
            InputStream in = socket.getInputStream();
            try {
                while (in.read() >= 0) {
                    // whatever the server says before it closes
                }
                return true;
            } catch (java.net.SocketException reset) {
                return true; // closed with a reset
            } catch (java.net.SocketTimeoutException open) {
                return false;
            }
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
