// Generated from solutions/04-paxos/src/test/java/dev/kata/paxos/Step0QuorumIsNotConsensusTest.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint 57dabefc9ede
package dev.kata.paxos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.quorum.QuorumConfig;
import dev.kata.quorum.QuorumMessage;
import dev.kata.quorum.QuorumMessage.ClientRead;
import dev.kata.quorum.QuorumMessage.ClientWrite;
import dev.kata.quorum.QuorumMessage.ReadOk;
import dev.kata.quorum.QuorumMessage.WriteOk;
import dev.kata.quorum.QuorumNode;
import dev.kata.runtime.checker.KvCommand;
import dev.kata.runtime.checker.LinearizabilityResult;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.sim.NetworkConfig;
import dev.kata.runtime.sim.Probe;
import dev.kata.runtime.sim.Simulation;
import dev.kata.runtime.sim.SimulationConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Given, to read and run: why module 02's quorums do not make a decision. Two clients each want to
 * decide the value of x, first come first served: "if x is absent, set it to mine". With 02's best
 * store (majorities, synchronous read repair, versions from a quorum: every single read and write is
 * linearizable), each reads x from a majority, finds nothing, and writes its own value to a majority.
 * Both succeed; both believe they decided. One link is down (n1 and n3 cannot talk), which is all it
 * takes for the two majorities to overlap only in n2, and n2 says "absent" to both reads.
 *
 * <p>The test records each client's read-then-write as the one compare-and-set it was meant to be, and
 * the runtime's checker says why no order explains them. It passes by showing that counterexample; the
 * trace page it writes marks it (the path is in the test's own assertion, should you break it).
 */
@Tag("step-0")
@DisplayName("Step 0: a quorum is not consensus (given: read and run)")
class Step0QuorumIsNotConsensusTest {

    @Test
    @DisplayName("two clients each read-then-write through 02's linearizable quorum store, and both decide")
    void twoDecisions() throws Exception {
        Simulation sim = new Simulation(SimulationConfig.of(1, QuorumMessage.CODEC)
                .withNetwork(NetworkConfig.fixedLatency(Duration.ofMillis(2))));
        List<NodeId> servers = sim.addServers(3, QuorumNode.factory(QuorumConfig.linearizable(3)));
        NodeId n1 = servers.get(0);
        NodeId n3 = servers.get(2);
        Probe alice = Probe.add(sim, "alice");
        Probe bob = Probe.add(sim, "bob");
        sim.network().block(n1, n3);
        sim.network().block(n3, n1);

        long aliceDecides = sim.history().invoke("alice", new KvCommand.CompareAndSet("x", null, "a"), sim.nanos());
        long bobDecides = sim.history().invoke("bob", new KvCommand.CompareAndSet("x", null, "b"), sim.nanos());
        // Both read first: x is absent on every replica.
        alice.send(n1, new ClientRead("alice", 1, "x"));
        bob.send(n3, new ClientRead("bob", 1, "x"));
        sim.runUntil(() -> alice.received(ReadOk.class).size() == 1 && bob.received(ReadOk.class).size() == 1,
                Duration.ofSeconds(1), "both reads of x are answered");
        assertThat(alice.received(ReadOk.class).get(0).value()).as("what alice read through n1").isNull();
        assertThat(bob.received(ReadOk.class).get(0).value()).as("what bob read through n3").isNull();
        // Then each writes its value: a majority acknowledges each write.
        alice.send(n1, new ClientWrite("alice", 2, "x", "a"));
        bob.send(n3, new ClientWrite("bob", 2, "x", "b"));
        sim.runUntil(() -> alice.received(WriteOk.class).size() == 1 && bob.received(WriteOk.class).size() == 1,
                Duration.ofSeconds(1), "both writes of x are acknowledged by a majority");
        sim.history().ok(aliceDecides, "true", sim.nanos());
        sim.history().ok(bobDecides, "true", sim.nanos());

        LinearizabilityResult verdict = sim.checkLinearizability();
        Path page = sim.writeTrace(Path.of(System.getProperty("kata.traces.dir", "target/kata-traces")));
        assertThat(verdict.isLinearizable())
                .as("alice and bob each decided x with a quorum read and a quorum write; the checker says:%n%s%n"
                        + "trace: %s", verdict.explanation(), page.toAbsolutePath())
                .isFalse();
        assertThat(verdict.explanation()).as("the checker's counterexample").contains("x");
        assertThat(Files.exists(page)).as("the trace page %s", page).isTrue();
    }
}
