// Generated from solutions/05-replicated-log/src/main/java/dev/kata/log/LogProgram.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint ac8da138a6a9
package dev.kata.log;

import dev.kata.election.ClientMessage.KvRequest;
import dev.kata.election.ElectionConfig;
import dev.kata.runtime.cell.NodeProgram;
import dev.kata.runtime.net.ClientMessages;
import dev.kata.runtime.node.NodeFactory;
import dev.kata.runtime.wire.MessageCodec;
import java.time.Duration;
import java.util.List;

/**
 * The replicated log as a cell's processes run it ({@code dev.kata.runtime.cell.CellNode --program
 * dev.kata.log.LogProgram}): a {@link ReplicaNode} with the key-value state machine on a real disk,
 * clients may send 03's {@link KvRequest}s and nothing else. Given code.
 *
 * <p>The timing is {@link #REAL_TIME}'s, not the simulation's: on a real machine a garbage collection,
 * a slow force or a busy processor holds a process up for tens of milliseconds, and 03's defaults
 * (elections after 150 ms of silence) would then change leaders for nothing. {@code maxAppend} can be
 * set for a run with the JVM option {@code -Dkata.log.maxAppend=N}, and step 8's batch window with
 * {@code -Dkata.log.batchMicros=N} (0: every command appended on its own, no batches); without it, the
 * batches are {@link ReplicaConfig#NATURAL_BATCH natural}: whatever came while the leader forced the last
 * one. A benchmark's tuning knobs.
 */
public final class LogProgram implements NodeProgram {

    /** Heartbeats every 50 ms; elections after 500 to 1000 ms of silence; a leader alone steps down after 500 ms. */
    public static final ElectionConfig REAL_TIME = ElectionConfig.DEFAULT
            .withElectionTimeout(Duration.ofMillis(500), Duration.ofMillis(1000))
            .withStepDownAfter(Duration.ofMillis(500))
            .withRequestTimeout(Duration.ofMillis(500));

    /** The system property that sets {@link ReplicaConfig#maxAppend()} for the processes of a run. */
    public static final String MAX_APPEND_PROPERTY = "kata.log.maxAppend";

    /** The system property that sets {@link ReplicaConfig#batch()}, in microseconds, for the processes of a run. */
    public static final String BATCH_PROPERTY = "kata.log.batchMicros";

    /** What a benchmark's {@code --batch-micros} says for the default: natural batches, no window set. */
    public static final String NATURAL = "natural";

    /**
     * The JVM options that set the knobs in each process of a run: {@code -Dkata.log.maxAppend=N
     * -Dkata.log.batchMicros=N}; {@code batchMicros} {@value #NATURAL} (or empty) leaves the natural batches.
     */
    public static List<String> tuning(int maxAppend, String batchMicros) {
        String maxAppendOption = "-D" + MAX_APPEND_PROPERTY + "=" + maxAppend;
        if (batchMicros.isEmpty() || batchMicros.equals(NATURAL)) {
            return List.of(maxAppendOption);
        }
        long micros;
        try {
            micros = Long.parseLong(batchMicros);
        } catch (NumberFormatException e) {
            micros = -1;
        }
        if (micros < 0) {
            throw new IllegalArgumentException("the batch window is a number of microseconds (0: no batches) or "
                    + NATURAL + ", not " + batchMicros);
        }
        return List.of(maxAppendOption, "-D" + BATCH_PROPERTY + "=" + micros);
    }

    private final ReplicaConfig config = ReplicaConfig.DEFAULT.withTiming(REAL_TIME)
            .withMaxAppend(Integer.getInteger(MAX_APPEND_PROPERTY, ReplicaConfig.DEFAULT.maxAppend()))
            .withBatch(batchWindow());

    private static Duration batchWindow() {
        Long micros = Long.getLong(BATCH_PROPERTY);
        return micros == null ? ReplicaConfig.NATURAL_BATCH : Duration.ofNanos(1000L * micros);
    }

    /** What each process runs: {@link ReplicaConfig#DEFAULT} with the {@link #REAL_TIME} timing and natural batches. */
    public ReplicaConfig config() {
        return config;
    }

    @Override
    public MessageCodec codec() {
        return config.codec();
    }

    @Override
    public NodeFactory factory() {
        return ReplicaNode.factory(config);
    }

    @Override
    public ClientMessages clientMessages() {
        return ClientMessages.only(KvRequest.class);
    }
}
