// Generated from solutions/01-wal/src/test/java/dev/kata/wal/Step3DurabilityTest.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint 32ed704ebfed
package dev.kata.wal;

import static dev.kata.wal.Bytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.kata.runtime.disk.SimulatedDisk;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("step-3")
@DisplayName("Step 3: an append is acknowledged only once forced; group commit shares the forces")
class Step3DurabilityTest {

    private static final Duration BOUND = Duration.ofSeconds(5);

    @Test
    @DisplayName("force makes every appended byte durable")
    void forceMakesDurable() {
        SimulatedDisk disk = new SimulatedDisk();
        try (WriteAheadLog log = WriteAheadLog.open(disk)) {
            log.append(utf8("first"));
            log.append(utf8("second"));
            long size = disk.open(Bytes.FIRST_SEGMENT).size();
            assertThat(disk.forcedSize(Bytes.FIRST_SEGMENT)).as("before force, a crash could lose the appends").isLessThan(size);

            log.force();

            assertThat(disk.forcedSize(Bytes.FIRST_SEGMENT)).as("after force, every byte survives a crash").isEqualTo(size);
        }
    }

    @Nested
    @DisplayName("Group commit")
    class GroupCommit {

        private final SimulatedDisk simulated = new SimulatedDisk();
        private final ControllableDisk disk = new ControllableDisk(simulated);

        @Test
        @DisplayName("an append completes with its index once durable")
        void completesWithIndex() throws Exception {
            try (GroupCommitLog log = new GroupCommitLog(WriteAheadLog.open(disk))) {
                assertThat(log.append(utf8("a")).get(5, TimeUnit.SECONDS)).isEqualTo(1);
                assertThat(log.append(utf8("b")).get(5, TimeUnit.SECONDS)).isEqualTo(2);
            }
        }

        @Test
        @DisplayName("no append completes while its force is still under way")
        void notBeforeTheForce() {
            try (GroupCommitLog log = new GroupCommitLog(WriteAheadLog.open(disk))) {
                int forcesAtOpen = disk.forcesStarted.get();
                disk.holdForces();
                CompletableFuture<Long> append = log.append(utf8("wait for it"));

                await().atMost(BOUND).untilAsserted(() -> assertThat(disk.forcesStarted.get())
                        .as("the writer should force after appending").isGreaterThan(forcesAtOpen));
                assertThat(append).as("the append completed before its force returned: a crash now would lose"
                        + " an entry the caller was told is durable").isNotDone();

                disk.releaseForces();
                await().atMost(BOUND).until(append::isDone);
                assertThat(append).isCompletedWithValue(1L);
            }
        }

        @Test
        @DisplayName("at the moment an append's future completes, its entry is in what a crash would leave")
        void durableWhenAcknowledged() throws Exception {
            try (GroupCommitLog log = new GroupCommitLog(WriteAheadLog.open(disk))) {
                int forcesAtOpen = disk.forcesStarted.get();
                disk.holdForces(); // so every check below is in place before any future can complete
                Queue<String> problems = new ConcurrentLinkedQueue<>();
                List<CompletableFuture<Long>> appends = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    byte[] payload = utf8("entry " + i);
                    CompletableFuture<Long> append = log.append(payload);
                    // Runs in the writer thread the moment the future completes (or here, if it already has).
                    append.thenAccept(index -> CrashImage.of(simulated, WalConfig.DEFAULT)
                            .problemWith(index, payload).ifPresent(problems::add));
                    appends.add(append);
                    if (i == 0) {
                        await().atMost(BOUND).until(() -> disk.forcesStarted.get() > forcesAtOpen);
                    }
                }
                disk.releaseForces();
                CompletableFuture.allOf(appends.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
                assertThat(problems).as("appends acknowledged before they were durable").isEmpty();
            }
        }

        @Test
        @DisplayName("appends that arrive during a force share the next force")
        void sharedForce() throws Exception {
            try (GroupCommitLog log = new GroupCommitLog(WriteAheadLog.open(disk))) {
                int forcesAtOpen = disk.forcesStarted.get();
                disk.holdForces();
                CompletableFuture<Long> first = log.append(utf8("first"));
                await().atMost(BOUND).until(() -> disk.forcesStarted.get() > forcesAtOpen);

                // While the first force is held, 8 threads append 100 entries between them.
                ExecutorService writers = Executors.newFixedThreadPool(8);
                List<CompletableFuture<Long>> rest = new ArrayList<>();
                try {
                    List<java.util.concurrent.Future<CompletableFuture<Long>>> submitted = new ArrayList<>();
                    for (int i = 0; i < 100; i++) {
                        int n = i;
                        submitted.add(writers.submit(() -> log.append(utf8("entry " + n))));
                    }
                    for (var future : submitted) {
                        rest.add(future.get(5, TimeUnit.SECONDS));
                    }
                } finally {
                    writers.shutdown();
                }
                disk.releaseForces();
                CompletableFuture.allOf(rest.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);

                assertThat(first).isCompletedWithValue(1L);
                assertThat(rest).extracting(CompletableFuture::join).doesNotHaveDuplicates()
                        .allSatisfy(index -> assertThat(index).isBetween(2L, 101L));
                assertThat(disk.forcesStarted.get() - forcesAtOpen)
                        .as("forces for 101 appends, 100 of which queued up behind the first force:"
                                + " they should share one force, not take one each")
                        .isLessThanOrEqualTo(2);
            }
        }

        @Test
        @DisplayName("an oversized payload fails its own append and nobody else's")
        void badInputFailsAlone() throws Exception {
            try (GroupCommitLog log = new GroupCommitLog(WriteAheadLog.open(disk))) {
                CompletableFuture<Long> tooBig = log.append(new byte[WalConfig.DEFAULT.maxEntryBytes() + 1]);
                CompletableFuture<Long> fine = log.append(utf8("fine"));
                assertThat(fine.get(5, TimeUnit.SECONDS)).isEqualTo(1);
                assertThat(tooBig).isCompletedExceptionally();
            }
        }

        @Test
        @DisplayName("when a force fails, its appends fail too, and so do later ones, even once forces succeed again: none is acknowledged")
        void failedForce() {
            try (GroupCommitLog log = new GroupCommitLog(WriteAheadLog.open(disk))) {
                disk.failForces();
                CompletableFuture<Long> append = log.append(utf8("lost?"));
                await().atMost(BOUND).until(append::isDone);
                assertThatThrownBy(append::join).as("an append whose force failed must fail with the force's error")
                        .hasRootCauseInstanceOf(IOException.class);

                disk.stopFailingForces(); // as a retried fsync can succeed, though what the failed one lost stays lost
                CompletableFuture<Long> later = log.append(utf8("later"));
                await().atMost(BOUND).until(later::isDone);
                assertThatThrownBy(later::join).as("after a failed force, nothing may be acknowledged again,"
                                + " even once forces succeed: the failed force may have lost pages that no later force writes")
                        .hasRootCauseInstanceOf(IOException.class);
            }
        }

        @Test
        @DisplayName("an append that races with close still gets an answer: close runs while it is between its check and its queueing")
        void appendRacingClose() throws Exception {
            GroupCommitLog log = new GroupCommitLog(WriteAheadLog.open(disk));
            CountDownLatch inTheGap = new CountDownLatch(1);
            CountDownLatch closed = new CountDownLatch(1);
            log.beforeQueueing = () -> {
                inTheGap.countDown();
                try {
                    closed.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
            CompletableFuture<CompletableFuture<Long>> appending = CompletableFuture.supplyAsync(() -> log.append(utf8("raced")));
            assertThat(inTheGap.await(5, TimeUnit.SECONDS)).as("the append should reach the gap").isTrue();

            log.close(); // the writer drains what is queued and stops, while the append has not queued yet
            closed.countDown();

            CompletableFuture<Long> append = appending.get(5, TimeUnit.SECONDS);
            await().atMost(BOUND).untilAsserted(() -> assertThat(append)
                    .as("an append that raced with close was never answered: its caller would wait forever")
                    .isDone());
            assertThatThrownBy(append::join).hasRootCauseInstanceOf(IllegalStateException.class);
        }

        @Test
        @DisplayName("after close, appends fail at once instead of waiting forever")
        void closed() throws InterruptedException, ExecutionException {
            GroupCommitLog log = new GroupCommitLog(WriteAheadLog.open(disk));
            log.close();
            assertThat(log.append(utf8("too late"))).isCompletedExceptionally();
        }
    }
}
