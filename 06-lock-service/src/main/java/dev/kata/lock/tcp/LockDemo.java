// Generated from solutions/06-lock-service/src/main/java/dev/kata/lock/tcp/LockDemo.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint bc2e9a4815a2
package dev.kata.lock.tcp;

import dev.kata.lock.FencedResource;
import dev.kata.lock.Sequencer;
import dev.kata.lock.tcp.CellAdmin.Status;
import dev.kata.runtime.cell.AddressBookFile;
import dev.kata.runtime.cell.ProcessCell;
import dev.kata.runtime.checker.LockCommand.Mode;
import dev.kata.runtime.node.NodeId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

/**
 * {@code ./kata demo}: a 5-process cell on this machine and a scenario to watch, about a minute long.
 * Client A (a process) holds a lock and writes to a fenced resource; client B waits for the lock; the
 * master's process is killed with -9 and a new master takes over with both sessions kept; A is frozen
 * with SIGSTOP between its check and its write, past its lease; the master expires A's session, B gets
 * the lock after the lock-delay and writes; A wakes, sends its stale write, and the resource rejects it
 * on its sequencer. It ends by itself and kills every process it started (on Ctrl-C too). Exit status
 * 0 when everything happened as told, 1 when not (the lines say what). Given code.
 */
public final class LockDemo {

    private static final String LOCK = "/ls/cell/printer";
    private static final NodeId RESOURCE = NodeId.of("r1");
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);

    private final long started = System.nanoTime();
    private final BlockingQueue<String> fromA = new LinkedBlockingQueue<>();
    private boolean passed = true;

    public static void main(String[] args) throws Exception {
        LockCli.quietLogs();
        System.exit(new LockDemo().run());
    }

    int run() throws Exception {
        Path directory = Files.createTempDirectory("kata-demo-");
        List<NodeId> servers = IntStream.rangeClosed(1, 5).mapToObj(i -> NodeId.of("n" + i)).toList();
        say("Starting a Chubby cell of 5 server processes (06's LockServer on 05's log, each with its data directory in "
                + directory + ") ...");
        Process writer = null;
        try (ProcessCell cell = ProcessCell.start(directory, servers, List.of(RESOURCE), LockProgram.class)) {
            AddressBookFile book = AddressBookFile.read(cell.addressBookFile());
            cell.startListener(RESOURCE, ctx -> {
                FencedResource resource = new FencedResource(ctx, servers, LockProgram.CONFIG);
                resource.onDecision(d -> say("resource r1: " + (d.accepted() ? "ACCEPTED" : "REJECTED") + " a write of "
                        + d.holder().substring(0, d.holder().indexOf('.')) + " with sequencer " + d.sequencer()
                        + (d.accepted() ? "" : "  <- a stale holder, fenced off")));
                return resource;
            });
            Status master = awaitMaster(book, 0);
            servers.forEach(id -> say("  " + id + " pid " + cell.process(id).pid() + (id.name().equals(master.server())
                    ? "  <- MASTER, generation " + master.generation() : "")));

            say("");
            say("1. Client A (a process of its own) takes " + LOCK + " and writes to resource r1 with its sequencer.");
            writer = startWriter(cell.addressBookFile());
            Process a = writer;
            Runtime.getRuntime().addShutdownHook(new Thread(a::destroyForcibly, "demo-writer-reaper"));
            expectFromA("holding");
            expectFromA("ACCEPTED");
            say("   Client B asks for the same lock and waits in line.");
            LockSession b = LockSession.open(book, "B", LockProgram.CONFIG);
            long handle = b.open(LOCK, true);
            CompletableFuture<Sequencer> bGranted = CompletableFuture.supplyAsync(
                    () -> b.acquire(handle, Mode.EXCLUSIVE, Duration.ofMinutes(2)));

            say("");
            say("2. The master's process (" + master.server() + ", pid " + cell.process(NodeId.of(master.server())).pid()
                    + ") is killed with kill -9.");
            cell.crash(NodeId.of(master.server()));
            Status next = awaitMaster(book, master.generation());
            say("   " + next.server() + " is the new master, generation " + next.generation() + ", with "
                    + next.sessions().size() + " sessions kept: " + String.join(" ", next.sessions()));
            check(next.sessions().size() == 2, "both sessions (A's and B's) survived the fail-over");
            expectFromA("ACCEPTED");
            say("   A still holds the lock and writes: the fail-over cost it nothing but a short wait.");

            say("");
            say("3. A is frozen with SIGSTOP between its check and its write (a long GC pause), past its "
                    + LockProgram.CONFIG.lease().toSeconds() + " s lease.");
            expectFromA("working on write");
            signal(writer, "STOP");
            say("   A is frozen. The master stops hearing its KeepAlives, expires its session, and keeps the lock"
                    + " in its lock-delay (" + LockProgram.CONFIG.lockDelay().toSeconds() + " s) ...");
            Sequencer sequencerB = bGranted.get(STEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            say("   B is granted the lock: sequencer " + sequencerB + ".");
            check(b.writeTo(RESOURCE.name(), LOCK, "B write 1"), "B, the lock's new holder, can write");

            say("");
            say("4. A is let go (SIGCONT): it goes on where it stopped and sends the write it prepared.");
            signal(writer, "CONT");
            expectFromA("REJECTED");
            say("   The resource has seen B's newer sequencer: A's older one is rejected (had B not written yet, the"
                    + " resource would have asked the cell, which says A's sequencer is stale).");
            b.close();

            say("");
            say(passed ? "What you saw:" : "The demo did not go as told (see above). What it should show:");
            say("  - a lock service is a cell of 5 replicas; one master serves, the others follow its log;");
            say("  - killing the master's process loses nothing: a new master takes over with every session and lock;");
            say("  - a client that stalls past its lease loses its lock, and lock-delay holds the lock back a while;");
            say("  - the stalled client still believes it holds the lock: only the resource's sequencer check stops it.");
            return passed ? 0 : 1;
        } catch (java.util.concurrent.TimeoutException | IllegalStateException e) {
            say("the demo stopped: " + e.getMessage());
            return 1;
        } finally {
            if (writer != null) {
                writer.destroyForcibly();
            }
            say("every process the demo started is gone.");
        }
    }

    private Status awaitMaster(AddressBookFile book, long after) {
        Status[] found = new Status[1];
        await(() -> {
            Optional<Status> master = CellProbe.master(book, Duration.ofSeconds(1));
            found[0] = master.orElse(null);
            return master.isPresent() && master.get().serving() && master.get().generation() > after;
        }, "a master serving");
        return found[0];
    }

    private Process startWriter(Path book) throws IOException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                DemoWriter.class.getName(), book.toString(), "A", LOCK, RESOURCE.name());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    say("      A | " + line);
                    fromA.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        }, "demo-writer-output");
        reader.setDaemon(true);
        reader.start();
        return process;
    }

    private void expectFromA(String words) throws InterruptedException {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            String line = fromA.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && line.contains(words)) {
                return;
            }
        }
        throw new IllegalStateException("A did not say '" + words + "' within " + STEP_TIMEOUT.toSeconds() + " s");
    }

    private static void signal(Process process, String signal) throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
    }

    private void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("no " + what + " within " + STEP_TIMEOUT.toSeconds() + " s");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    private void check(boolean condition, String what) {
        if (!condition) {
            passed = false;
            say("   NOT SO: " + what);
        }
    }

    private synchronized void say(String line) {
        System.out.printf("[%5.1fs] %s%n", (System.nanoTime() - started) / 1e9, line);
    }
}
