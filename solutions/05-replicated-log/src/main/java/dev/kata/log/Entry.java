package dev.kata.log;

import java.util.Objects;

/**
 * One entry of the replicated log: a {@link Command}, and the generation of the leader that put it at
 * its index. The generation plays the part of a Paxos ballot: at one index, an entry of a higher
 * generation supersedes one of a lower, and two entries with the same index and generation are the
 * same entry (only one leader ever leads a generation, and it writes each index once in it).
 * Encoded with the log's codec ({@link ReplicaConfig#codec()}) into a payload of 01's write-ahead log.
 */
public record Entry(long generation, Command command) {
    public Entry {
        if (generation < 1) {
            throw new IllegalArgumentException("an entry's generation is at least 1 (a leader's), not " + generation);
        }
        Objects.requireNonNull(command, "command");
    }
}
