// Generated from solutions/05-replicated-log/src/main/java/dev/kata/log/Command.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint 04b84f5791f7
package dev.kata.log;

/**
 * What a log entry carries: a command for the {@link StateMachine}. Not sealed, on purpose: each
 * command is a record registered in the log's codec ({@link LogMessage#CODEC} for this module's
 * {@link ClientCommand}); a later module registers its own with {@code LogMessage.CODEC.extend()} and
 * hands that codec to {@link ReplicaConfig#withCodec}, with a state machine that understands them.
 */
public interface Command {
}
