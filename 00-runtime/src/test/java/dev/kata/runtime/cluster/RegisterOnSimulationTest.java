package dev.kata.runtime.cluster;

import dev.kata.runtime.checker.KvCommand;
import dev.kata.runtime.example.RegisterMessage;
import dev.kata.runtime.example.RegisterNode;
import dev.kata.runtime.sim.Simulation;
import dev.kata.runtime.sim.SimulationConfig;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The register's scenarios on the simulation")
class RegisterOnSimulationTest extends RegisterScenarios {

    @Override
    Cluster<KvCommand, String> start() {
        Simulation sim = new Simulation(SimulationConfig.of(1, RegisterMessage.CODEC));
        SERVERS.forEach(id -> sim.addServer(id.name(), RegisterNode::new));
        return new SimulatedCluster<>(sim, CLIENTS);
    }
}
