package dev.kata.log;

import dev.kata.runtime.node.Message;
import dev.kata.runtime.wire.RecordCodec;

/**
 * Raft's election messages: all Raft adds to 05's wire. Replication needs nothing new: Raft's
 * AppendEntries is 05's {@link LogMessage.Append} (term, prevLogIndex, prevLogTerm, entries,
 * leaderCommit) and its answer is {@link LogMessage.Appended}. A term is 05's generation.
 */
public sealed interface RaftMessage extends Message {

    /**
     * 05's codec extended with Raft's messages ("raft.RequestVote", "raft.Vote") and the new leader's
     * {@link NoOp}: what a Raft cluster's simulation and {@link ReplicaConfig#codec()} need.
     */
    RecordCodec CODEC = LogMessage.CODEC.extend().registerSealed("raft", RaftMessage.class)
            .register("raft.NoOp", NoOp.class).build();

    /** The sender's term (its generation). */
    long term();

    /**
     * "Vote for me in {@code term}; my log ends at {@code lastIndex}, whose entry is of {@code lastTerm}".
     * The last two are all a voter needs for the election restriction: no log travels in a Raft election.
     * {@code round} is the id of the candidate's round (02's QuorumRound): the answer echoes it.
     */
    record RequestVote(long term, long lastIndex, long lastTerm, long round) implements RaftMessage {
    }

    /** The answer: {@code granted} if this replica gave its vote in {@code term} to the candidate, durably. */
    record Vote(long term, boolean granted, long round) implements RaftMessage {
    }
}
