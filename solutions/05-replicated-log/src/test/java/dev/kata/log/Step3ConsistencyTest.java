package dev.kata.log;

import static dev.kata.log.LogCluster.entry;
import static dev.kata.log.LogCluster.ms;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.runtime.node.NodeId;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Step 3: a follower takes an append only if it holds the entry just before it (the same index and
 * generation), and drops an uncommitted suffix that conflicts with the leader's log; the leader walks
 * back until they agree. Afterwards every log is the leader's (Log Matching).
 */
@Tag("step-3")
@DisplayName("Step 3: log consistency, and the leader's walk back")
class Step3ConsistencyTest {

    private static void awaitSameLogs(LogCluster cluster) {
        cluster.sim.runUntil(() -> {
            ReplicaNode leader = cluster.leader().orElse(null);
            return leader != null && cluster.servers.stream().allMatch(id -> cluster.commands(id).equals(
                    cluster.commands(leader.id())));
        }, Duration.ofSeconds(3), "every log is the leader's (see the logs in the trace)");
    }

    @Test
    @DisplayName("a follower far behind (an empty log) refuses the leader's append, and the leader walks back to index 1")
    void walksBack() {
        LogCluster cluster = LogCluster.of(1).favourite("n1")
                .preload("n1", 1, 3, entry(1, "c1", "x", "a"), entry(1, "c1", "x", "b"), entry(1, "c1", "x", "c"))
                .preload("n2", 1, 3, entry(1, "c1", "x", "a"), entry(1, "c1", "x", "b"), entry(1, "c1", "x", "c"))
                .build();
        cluster.awaitLeader(Duration.ofSeconds(2));
        cluster.sim.runUntil(() -> cluster.node(3).lastIndex() >= 3, ms(500),
                "n3, whose log is empty, gets the leader's three entries (" + cluster.describe() + ")");
        assertThat(cluster.logOf(cluster.id(3))).as("n3's log").isEqualTo(cluster.logOf(cluster.id(1)));
    }

    @Test
    @DisplayName("a follower drops its conflicting uncommitted suffix and takes the leader's entries instead")
    void dropsConflictingSuffix() {
        LogCluster cluster = LogCluster.of(2).favourite("n1")
                .preload("n1", 2, 1, entry(1, "c1", "x", "a"), entry(2, "c1", "x", "b"))
                .preload("n2", 2, 1, entry(1, "c1", "x", "a"), entry(2, "c1", "x", "b"))
                .preload("n3", 1, 1, entry(1, "c1", "x", "a"), entry(1, "c9", "x", "z"), entry(1, "c9", "x", "zz"))
                .build();
        cluster.awaitLeader(Duration.ofSeconds(2));
        awaitSameLogs(cluster);
        NodeId n3 = cluster.id(3);
        assertThat(LogCluster.describe(cluster.node(n3).entry(2))).as("n3's entry 2, where it held z of generation 1 "
                + "and the leader b of generation 2: %s", cluster.logOf(n3)).startsWith("b(");
    }
}
