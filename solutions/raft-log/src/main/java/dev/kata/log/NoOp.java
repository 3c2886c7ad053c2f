package dev.kata.log;

/**
 * The entry a Raft leader appends first in its term (Raft paper §8): it commits nothing of its own,
 * but once a majority holds it, every older entry below it is committed with it, without waiting for a
 * client's write. The state machine never sees it. It carries its term so that two leaders' no-ops at
 * one index are different commands (the safety invariants compare commands).
 */
public record NoOp(long term) implements Command {
}
