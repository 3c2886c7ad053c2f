package dev.kata.election;

import dev.kata.runtime.node.NodeId;
import java.util.Map;
import java.util.Set;

/**
 * What a node is at the moment, with the state that only that role needs: the Leader and Followers
 * pattern's roles as types, so that a reader sees them, and the compiler sees that a follower has no
 * votes to count.
 */
public sealed interface Role {

    /** Follows {@code leader} (null while it knows no leader); stands for election if it hears nothing. */
    record Follower(NodeId leader) implements Role {
    }

    /** Stands for election in {@code generation}; {@code votes} holds who voted for it, itself included. */
    record Candidate(long generation, Set<NodeId> votes) implements Role {
    }

    /**
     * Leads {@code generation} since {@code since}; {@code lastHeard} holds when each follower last
     * answered a heartbeat, to notice a lost majority. Both are readings of the node's monotonic clock
     * ({@code NodeContext.nanoTime()}): a silence is a duration, and a wall clock that someone steps
     * would stretch or shrink it.
     */
    record Leader(long generation, long since, Map<NodeId, Long> lastHeard) implements Role {
    }
}
