package dev.kata.runtime.cluster;

import dev.kata.runtime.checker.KvCommand;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Listeners on the simulation")
class ListenersOnSimulationTest extends ListenerScenarios {

    @Override
    protected Cluster<KvCommand, String> start() {
        return SimulatedCluster.of(1, SERVERS, new PushProgram(), CLIENTS);
    }
}
