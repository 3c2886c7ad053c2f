package dev.kata.log;

import dev.kata.runtime.sim.Simulation;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;

/** This module's log, Multi-Paxos with a stable leader ({@link ReplicaNode}), against the safety suite. */
@Tag("step-5")
@DisplayName("Steps 1-5 under a nemesis: the replicated log's safety suite, on Multi-Paxos")
class MultiPaxosLogContractTest extends ReplicatedLogContract {

    @Override
    protected Simulation cluster(long seed) {
        return LogCluster.of(seed).servers(5).withoutInvariants().build().sim;
    }

    @Override
    protected Class<? extends LogReplica> replicaType() {
        return ReplicaNode.class;
    }
}
