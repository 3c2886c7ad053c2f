package dev.kata.log;

/**
 * What a log entry carries: a command for the {@link StateMachine}. Not sealed, on purpose: each
 * command is a record registered in the log's codec ({@link LogMessage#CODEC} for this module's
 * {@link ClientCommand}); a later module registers its own with {@code LogMessage.CODEC.extend()} and
 * hands that codec to {@link ReplicaConfig#withCodec}, with a state machine that understands them.
 */
public interface Command {
}
