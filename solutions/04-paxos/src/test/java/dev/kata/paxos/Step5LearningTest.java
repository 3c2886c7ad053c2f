package dev.kata.paxos;

import static dev.kata.paxos.PaxosCluster.ms;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.paxos.ClientMessage.Decided;
import dev.kata.paxos.ClientMessage.WhatWasChosen;
import dev.kata.paxos.PaxosMessage.Accept;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.sim.Probe;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("step-5")
@DisplayName("Step 5: learning the chosen value")
class Step5LearningTest {

    private static Decided ask(PaxosCluster cluster, Probe probe, NodeId server, String key, long sequence) {
        probe.send(server, new WhatWasChosen(sequence, key));
        cluster.sim.runUntil(() -> probe.received(Decided.class).stream().anyMatch(d -> d.sequence() == sequence),
                Duration.ofSeconds(1), server + " answers what was chosen for " + key + " (" + cluster.acceptors(key)
                        + ")");
        return probe.received(Decided.class).stream().filter(d -> d.sequence() == sequence).findFirst().orElseThrow();
    }

    @Test
    @DisplayName("once a value is chosen, its proposer announces it and every node learns it")
    void everyNodeLearns() {
        PaxosCluster cluster = PaxosCluster.of(1).build();
        Probe probe = cluster.probe("p");
        cluster.proposeAndWait(probe, cluster.id(1), "x", "a", Duration.ofMillis(200));
        cluster.sim.runUntil(() -> cluster.servers.stream().allMatch(id -> cluster.node(id).learned("x").isPresent()),
                Duration.ofMillis(100), "every node learns what was chosen for x");
        for (NodeId id : cluster.servers) {
            assertThat(cluster.node(id).learned("x")).as("what %s learned for x", id).contains("a");
        }
    }

    @Test
    @DisplayName("a node that missed the announcement learns by running a round of its own")
    void missedAnnouncement() {
        PaxosCluster cluster = PaxosCluster.of(1).build();
        Probe probe = cluster.probe("p");
        NodeId n3 = cluster.id(3);
        cluster.sim.network().partition(Set.of(cluster.id(1), cluster.id(2)), Set.of(n3));
        cluster.proposeAndWait(probe, cluster.id(1), "x", "a", Duration.ofMillis(200));
        cluster.sim.runFor(ms(50));
        cluster.sim.network().heal();
        assertThat(cluster.node(n3).learned("x")).as("what n3 learned, cut off while a was chosen").isEmpty();
        Decided answer = ask(cluster, probe, n3, "x", 100);
        assertThat(answer.value()).as("n3's answer to 'what was chosen for x?', after it missed the announcement")
                .isEqualTo("a");
        assertThat(cluster.node(n3).learned("x")).as("what n3 learned for x").contains("a");
    }

    @Test
    @DisplayName("a learner's round that finds a value accepted by a minority writes it back: what it answers is then chosen")
    void learnerWritesBack() {
        PaxosCluster cluster = PaxosCluster.of(1).build();
        Probe probe = cluster.probe("p");
        NodeId n1 = cluster.id(1);
        NodeId n2 = cluster.id(2);
        NodeId n3 = cluster.id(3);
        // An earlier proposer got 'old' accepted by n2 only, then vanished: nothing is chosen yet.
        probe.send(n2, new Accept("x", new Ballot(1, "old"), "old", 7));
        cluster.sim.runFor(ms(20));
        // n1 asks n1 and n2 (n3 is cut off): n2 reports old.
        cluster.sim.network().partition(Set.of(n1, n2), Set.of(n3));
        String learned = ask(cluster, probe, n1, "x", 100).value();
        // Then n2 is cut off, and n3 proposes: its majority is n1 and n3.
        cluster.sim.network().heal();
        cluster.sim.network().partition(Set.of(n1, n3), Set.of(n2));
        String chosen = cluster.proposeAndWait(probe, n3, "x", "new", Duration.ofMillis(500));
        assertThat(chosen).as("n3's answer to a proposal of new, after n1 answered that %s was chosen (acceptors: %s): "
                + "a learner that answers what phase 1 found, without phase 2, answers a value that only a minority "
                + "holds, and that is never chosen", learned, cluster.acceptors("x")).isEqualTo(learned);
    }

    @Test
    @DisplayName("learning a register where nothing was chosen proposes nothing: it stays open for any value")
    void nothingChosen() {
        PaxosCluster cluster = PaxosCluster.of(1).build();
        Probe probe = cluster.probe("p");
        Decided answer = ask(cluster, probe, cluster.id(2), "y", 100);
        assertThat(answer.value()).as("n2's answer to 'what was chosen for y?', when nobody proposed anything")
                .isNull();
        for (NodeId id : cluster.servers) {
            assertThat(cluster.node(id).acceptorState("y").accepted())
                    .as("what %s accepted for y after a learner's round: a learner has no value of its own", id)
                    .isEqualTo(Optional.empty());
        }
        String value = cluster.proposeAndWait(probe, cluster.id(1), "y", "b", Duration.ofMillis(200));
        assertThat(value).as("the value chosen for y when b is proposed after the learner's round").isEqualTo("b");
    }
}
