package dev.kata.log;

import dev.kata.runtime.node.NodeId;
import java.util.Map;

/**
 * What a replica is at the moment, with the state only that role needs (Leader and Followers).
 */
sealed interface Role {

    /** Follows {@code leader} (null while it knows none): takes its entries, stands for election if it hears nothing. */
    record Follower(NodeId leader) implements Role {
    }

    /**
     * Runs phase 1 in {@code generation}: asked a majority for their promises and their logs from
     * {@code fromIndex} (its High-Water Mark + 1) on.
     */
    record Candidate(long generation, long fromIndex) implements Role {
    }

    /** Leads {@code generation}; {@code followers} holds how far each other replica is known to match. */
    record Leader(long generation, Map<NodeId, Progress> followers) implements Role {
    }

    /**
     * The leader's view of one follower: {@code next} is the index of the next entry to send it,
     * {@code match} the highest index it confirmed to hold as the leader does, {@code lastHeard} when it
     * last answered (on the leader's monotonic clock).
     */
    final class Progress {
        long next;
        long match;
        long lastHeard;
        /** The newest {@code sentAt} (the leader's clock) the follower echoed; null before its first answer (step 6). */
        Long answeredSentAt;

        Progress(long next, long lastHeard) {
            this.next = next;
            this.lastHeard = lastHeard;
        }

        @Override
        public String toString() {
            return "next " + next + ", match " + match;
        }
    }
}
