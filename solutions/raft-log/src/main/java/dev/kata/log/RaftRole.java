package dev.kata.log;

import dev.kata.runtime.node.NodeId;
import java.util.Map;

/** What a Raft replica is at the moment (Raft figure 2's three states), with the state only that role needs. */
sealed interface RaftRole {

    /** Follows {@code leader} (null while it knows none) in the current term. */
    record Follower(NodeId leader) implements RaftRole {
    }

    /** Asked for votes in {@code term}: its own given, durably. */
    record Candidate(long term) implements RaftRole {
    }

    /**
     * Leads {@code term}; {@code followers} holds Raft's nextIndex and matchIndex for each other replica:
     * 05's {@link Role.Progress} ({@code next}, {@code match}, {@code lastHeard}), the same bookkeeping.
     */
    record Leader(long term, Map<NodeId, Role.Progress> followers) implements RaftRole {
    }
}
