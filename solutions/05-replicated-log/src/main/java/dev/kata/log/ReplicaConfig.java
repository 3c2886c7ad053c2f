package dev.kata.log;

import dev.kata.election.ElectionConfig;
import dev.kata.runtime.wire.RecordCodec;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How a replica of the log runs.
 *
 * @param timing         heartbeats, election timeouts and stepping down, as 03's elections use them; its
 *                       {@code requestTimeout} bounds a new leader's phase 1 round (its version stamp is
 *                       not used: the log orders every write)
 * @param maxAppend      at most this many entries in one {@link LogMessage.Append}
 * @param codec          the wire and log encoding: {@link LogMessage#CODEC}, or an extension of it that
 *                       carries a later module's commands
 * @param stateMachine   makes each replica's (empty) state machine, at every start: the log replays into it
 */
public record ReplicaConfig(ElectionConfig timing, int maxAppend, RecordCodec codec,
                            Supplier<StateMachine> stateMachine) {

    /** 03's default timing, 64 entries per append, this module's codec and key-value state machine. */
    public static final ReplicaConfig DEFAULT = new ReplicaConfig(ElectionConfig.DEFAULT, 64, LogMessage.CODEC,
            KeyValueStateMachine::new);

    public ReplicaConfig {
        Objects.requireNonNull(timing, "timing");
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(stateMachine, "stateMachine");
        if (maxAppend < 1) {
            throw new IllegalArgumentException("maxAppend must be at least 1 entry, but is " + maxAppend);
        }
        if (!codec.registeredTypes().containsValue(Entry.class)) {
            throw new IllegalArgumentException("the codec does not carry log entries: extend LogMessage.CODEC "
                    + "(LogMessage.CODEC.extend().register(...).build()) instead of building one from nothing");
        }
    }

    public ReplicaConfig withTiming(ElectionConfig newTiming) {
        return new ReplicaConfig(newTiming, maxAppend, codec, stateMachine);
    }

    public ReplicaConfig withMaxAppend(int newMaxAppend) {
        return new ReplicaConfig(timing, newMaxAppend, codec, stateMachine);
    }

    public ReplicaConfig withCodec(RecordCodec newCodec) {
        return new ReplicaConfig(timing, maxAppend, newCodec, stateMachine);
    }

    public ReplicaConfig withStateMachine(Supplier<StateMachine> newStateMachine) {
        return new ReplicaConfig(timing, maxAppend, codec, newStateMachine);
    }
}
