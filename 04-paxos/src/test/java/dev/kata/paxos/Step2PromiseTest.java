// Generated from solutions/04-paxos/src/test/java/dev/kata/paxos/Step2PromiseTest.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint 560eab37daa7
package dev.kata.paxos;

import static dev.kata.paxos.PaxosCluster.ms;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.paxos.PaxosMessage.Prepare;
import dev.kata.paxos.PaxosMessage.Promise;
import dev.kata.paxos.PaxosMessage.Rejected;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.sim.Probe;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The acceptor's phase 1, message by message: a probe plays the proposer and talks to n1. Every send of
 * n1 is checked by the durability watch ({@link PaxosDurability}): a promise that is not on disk when it
 * leaves fails the test at that send.
 */
@Tag("step-2")
@DisplayName("Step 2: the acceptor promises (phase 1)")
class Step2PromiseTest {

    private final PaxosCluster cluster = PaxosCluster.of(1).build();
    private final NodeId n1 = cluster.id(1);

    private Probe probe() {
        return cluster.probe("p");
    }

    /** Sends {@code prepare} to n1 and returns its answer. */
    private PaxosMessage ask(Probe probe, Prepare prepare) {
        int before = probe.received().size();
        probe.send(n1, prepare);
        cluster.sim.runUntil(() -> probe.received().size() > before, Duration.ofSeconds(1),
                "n1 answers " + prepare + " (it holds " + PaxosCluster.describe(cluster.node(n1).acceptorState("x")) + ")");
        return (PaxosMessage) probe.received().get(before).message();
    }

    @Test
    @DisplayName("a first Prepare is promised, with nothing accepted")
    void firstPrepare() {
        PaxosMessage answer = ask(probe(), new Prepare("x", new Ballot(1, "p"), 7));
        assertThat(answer).as("n1's answer to Prepare(x, (1,p)), its first").isEqualTo(
                new Promise("x", new Ballot(1, "p"), Optional.empty(), 7));
        assertThat(cluster.node(n1).acceptorState("x").promised()).as("what n1 promised for x")
                .isEqualTo(new Ballot(1, "p"));
    }

    @Test
    @DisplayName("a Prepare below the promise is refused, and the refusal names the promise")
    void lowerRefused() {
        Probe probe = probe();
        ask(probe, new Prepare("x", new Ballot(5, "p"), 7));
        PaxosMessage answer = ask(probe, new Prepare("x", new Ballot(4, "q"), 7));
        assertThat(answer).as("n1 promised (5,p); its answer to Prepare(x, (4,q))")
                .isEqualTo(new Rejected("x", new Ballot(4, "q"), new Ballot(5, "p"), 7));
        assertThat(cluster.node(n1).acceptorState("x").promised()).as("n1's promise after refusing (4,q)")
                .isEqualTo(new Ballot(5, "p"));
    }

    @Test
    @DisplayName("a higher Prepare is promised; a copy of the promised one gets the same promise")
    void higherAndCopies() {
        Probe probe = probe();
        ask(probe, new Prepare("x", new Ballot(5, "p"), 7));
        assertThat(ask(probe, new Prepare("x", new Ballot(5, "p"), 7))).as("a copy of Prepare(x, (5,p))")
                .isEqualTo(new Promise("x", new Ballot(5, "p"), Optional.empty(), 7));
        assertThat(ask(probe, new Prepare("x", new Ballot(6, "a"), 7))).as("Prepare(x, (6,a)) after (5,p)")
                .isEqualTo(new Promise("x", new Ballot(6, "a"), Optional.empty(), 7));
    }

    @Test
    @DisplayName("each register has its own promise")
    void perRegister() {
        Probe probe = probe();
        ask(probe, new Prepare("x", new Ballot(5, "p"), 7));
        assertThat(ask(probe, new Prepare("y", new Ballot(1, "p"), 7))).as("Prepare(y, (1,p)) after a promise of (5,p) "
                + "for x").isEqualTo(new Promise("y", new Ballot(1, "p"), Optional.empty(), 7));
    }

    @Test
    @DisplayName("the promise carries the proposal accepted last, so the next proposer can carry it on")
    void promiseCarriesAccepted() {
        Proposal old = new Proposal(new Ballot(3, "n2"), "old");
        cluster.preload(n1, "x", new AcceptorState(new Ballot(3, "n2"), Optional.of(old)));
        PaxosMessage answer = ask(probe(), new Prepare("x", new Ballot(4, "p"), 7));
        assertThat(answer).as("n1 accepted 'old' in (3,n2); its answer to Prepare(x, (4,p)) must report it, or the "
                + "proposer of (4,p) may propose its own value over a value already chosen")
                .isEqualTo(new Promise("x", new Ballot(4, "p"), Optional.of(old), 7));
        assertThat(cluster.node(n1).acceptorState("x").accepted()).as("what n1 accepted, after the promise")
                .contains(old);
    }

    @Test
    @DisplayName("a restarted acceptor keeps its promise, even after a crash that lost unforced bytes")
    void promiseSurvivesCrash() {
        Probe probe = probe();
        ask(probe, new Prepare("x", new Ballot(5, "p"), 7));
        cluster.sim.crash(n1);
        cluster.sim.runFor(ms(10));
        cluster.sim.restart(n1);
        PaxosMessage answer = ask(probe, new Prepare("x", new Ballot(4, "q"), 7));
        assertThat(answer).as("n1 promised (5,p), crashed and restarted; its answer to Prepare(x, (4,q))")
                .isEqualTo(new Rejected("x", new Ballot(4, "q"), new Ballot(5, "p"), 7));
    }
}
