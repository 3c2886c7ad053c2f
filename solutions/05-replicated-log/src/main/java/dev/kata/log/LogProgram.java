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
 * {@code -Dkata.log.batchMicros=N} (0, the default: every command appended on its own): a benchmark's
 * tuning knobs.
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

    /** The JVM options that set the knobs in each process of a run: {@code -Dkata.log.maxAppend=N -Dkata.log.batchMicros=N}. */
    public static List<String> tuning(int maxAppend, long batchMicros) {
        return List.of("-D" + MAX_APPEND_PROPERTY + "=" + maxAppend, "-D" + BATCH_PROPERTY + "=" + batchMicros);
    }

    private final ReplicaConfig config = ReplicaConfig.DEFAULT.withTiming(REAL_TIME)
            .withMaxAppend(Integer.getInteger(MAX_APPEND_PROPERTY, ReplicaConfig.DEFAULT.maxAppend()))
            .withBatch(Duration.ofNanos(1000L * Long.getLong(BATCH_PROPERTY, 0L)));

    /** What each process runs: {@link ReplicaConfig#DEFAULT} with the {@link #REAL_TIME} timing. */
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
