package dev.kata.election;

import dev.kata.runtime.checker.KvCommand;
import dev.kata.runtime.cluster.Cluster;
import dev.kata.runtime.cluster.SimulatedCluster;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The leader's real-time scenarios, on the simulation (virtual time)")
class LeaderOnSimulationTest extends LeaderScenarios {

    @Override
    protected Cluster<KvCommand, String> start() {
        return SimulatedCluster.of(1, SERVERS, new ElectionProgram(), CLIENTS);
    }
}
