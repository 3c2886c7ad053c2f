package dev.kata.log;

import dev.kata.runtime.sim.Simulation;
import org.junit.jupiter.api.DisplayName;

/**
 * The Raft log ({@link RaftNode}) against 05's safety suite: the same nemesis, the same clients, the
 * same invariants and seeds as {@link MultiPaxosLogContractTest}, so that a seed that breaks one can be
 * run on the other.
 */
@DisplayName("Raft under a nemesis: the replicated log's safety suite, as 05's Multi-Paxos runs it")
class RaftLogContractTest extends ReplicatedLogContract {

    @Override
    protected Simulation cluster(long seed) {
        return RaftCluster.of(seed).servers(5).withoutInvariants().build().sim;
    }

    @Override
    protected Class<? extends LogReplica> replicaType() {
        return RaftNode.class;
    }
}
