// Generated from solutions/03-generation-clock/src/test/java/dev/kata/election/LeaderOnSimulationTest.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint 814ea0c75b75
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
