package dev.kata.runtime.cluster;

import dev.kata.runtime.checker.KvCommand;
import dev.kata.runtime.example.RegisterProgram;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The register's scenarios on the simulation")
class RegisterOnSimulationTest extends RegisterScenarios {

    @Override
    protected Cluster<KvCommand, String> start() {
        return SimulatedCluster.of(1, SERVERS, new RegisterProgram(), CLIENTS);
    }
}
