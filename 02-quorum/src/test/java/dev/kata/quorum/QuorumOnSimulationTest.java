// Generated from solutions/02-quorum/src/test/java/dev/kata/quorum/QuorumOnSimulationTest.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint a32c5e808757
package dev.kata.quorum;

import dev.kata.runtime.checker.KvCommand;
import dev.kata.runtime.cluster.Cluster;
import dev.kata.runtime.cluster.SimulatedCluster;
import org.junit.jupiter.api.DisplayName;

@DisplayName("The quorum store's real-time scenarios, on the simulation (virtual time)")
class QuorumOnSimulationTest extends QuorumScenarios {

    @Override
    protected Cluster<KvCommand, String> start() {
        return SimulatedCluster.of(1, SERVERS, new QuorumProgram(), CLIENTS);
    }
}
