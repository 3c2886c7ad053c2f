package dev.kata.paxos;

import static dev.kata.paxos.PaxosCluster.ms;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.paxos.PaxosMessage.Accept;
import dev.kata.paxos.PaxosMessage.Accepted;
import dev.kata.paxos.PaxosMessage.Rejected;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.sim.Probe;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The acceptor's phase 2, message by message: a probe plays the proposer and talks to n1, whose promises
 * are put on its disk before it starts. The durability watch ({@link PaxosDurability}) checks that every
 * Accepted leaves after its value is on disk.
 */
@Tag("step-3")
@DisplayName("Step 3: the acceptor accepts (phase 2)")
class Step3AcceptTest {

    private final PaxosCluster cluster = PaxosCluster.of(1).build();
    private final NodeId n1 = cluster.id(1);

    private PaxosMessage ask(Probe probe, Accept accept) {
        int before = probe.received().size();
        probe.send(n1, accept);
        cluster.sim.runUntil(() -> probe.received().size() > before, Duration.ofSeconds(1),
                "n1 answers " + accept + " (it holds " + PaxosCluster.describe(cluster.node(n1).acceptorState("x")) + ")");
        return (PaxosMessage) probe.received().get(before).message();
    }

    @Test
    @DisplayName("an Accept of the promised ballot is accepted, and the acceptor holds the value")
    void acceptPromised() {
        cluster.preload(n1, "x", new AcceptorState(new Ballot(5, "p"), Optional.empty()));
        PaxosMessage answer = ask(cluster.probe("p"), new Accept("x", new Ballot(5, "p"), "v", 7));
        assertThat(answer).as("n1 promised (5,p); its answer to Accept(x, (5,p), v), from the proposer it promised: "
                + "refuse only a ballot below the promise")
                .isEqualTo(new Accepted("x", new Ballot(5, "p"), 7));
        assertThat(cluster.node(n1).acceptorState("x").accepted()).as("what n1 accepted for x")
                .contains(new Proposal(new Ballot(5, "p"), "v"));
    }

    @Test
    @DisplayName("an Accept with no promise before it is accepted, and promised too")
    void acceptUnpromised() {
        PaxosMessage answer = ask(cluster.probe("p"), new Accept("x", new Ballot(2, "p"), "v", 7));
        assertThat(answer).as("n1 promised nothing; its answer to Accept(x, (2,p), v)")
                .isEqualTo(new Accepted("x", new Ballot(2, "p"), 7));
        AcceptorState state = cluster.node(n1).acceptorState("x");
        assertThat(state.promised()).as("n1's promise after accepting in (2,p): nothing below it may be accepted now")
                .isEqualTo(new Ballot(2, "p"));
    }

    @Test
    @DisplayName("accepting below a promise: an Accept below the promised ballot is refused, and changes nothing")
    void belowPromiseRefused() {
        Proposal old = new Proposal(new Ballot(3, "n2"), "old");
        cluster.preload(n1, "x", new AcceptorState(new Ballot(5, "p"), Optional.of(old)));
        PaxosMessage answer = ask(cluster.probe("q"), new Accept("x", new Ballot(4, "q"), "late", 7));
        assertThat(answer).as("n1 promised (5,p) to a proposer that may already carry on another value; its answer "
                + "to Accept(x, (4,q), late)").isEqualTo(new Rejected("x", new Ballot(4, "q"), new Ballot(5, "p"), 7));
        assertThat(cluster.node(n1).acceptorState("x")).as("n1's state after refusing (4,q)")
                .isEqualTo(new AcceptorState(new Ballot(5, "p"), Optional.of(old)));
    }

    @Test
    @DisplayName("a later Accept replaces the earlier accepted value, and the promise goes up with it")
    void higherReplaces() {
        Probe probe = cluster.probe("p");
        ask(probe, new Accept("x", new Ballot(2, "p"), "v", 7));
        assertThat(ask(probe, new Accept("x", new Ballot(3, "q"), "w", 7))).as("Accept(x, (3,q), w) after (2,p)")
                .isEqualTo(new Accepted("x", new Ballot(3, "q"), 7));
        assertThat(cluster.node(n1).acceptorState("x")).as("n1's state after accepting w in (3,q): the accepted "
                + "proposal, and the promise raised with it")
                .isEqualTo(new AcceptorState(new Ballot(3, "q"), Optional.of(new Proposal(new Ballot(3, "q"), "w"))));
        assertThat(ask(probe, new Accept("x", new Ballot(2, "p"), "v", 7))).as("a late copy of Accept(x, (2,p), v)")
                .isEqualTo(new Rejected("x", new Ballot(2, "p"), new Ballot(3, "q"), 7));
    }

    @Test
    @DisplayName("a restarted acceptor keeps what it accepted, even after a crash that lost unforced bytes")
    void acceptedSurvivesCrash() {
        Probe probe = cluster.probe("p");
        ask(probe, new Accept("x", new Ballot(2, "p"), "v", 7));
        cluster.sim.crash(n1);
        cluster.sim.runFor(ms(10));
        cluster.sim.restart(n1);
        cluster.sim.runFor(ms(1));
        assertThat(cluster.node(n1).acceptorState("x").accepted()).as("what n1 holds for x after a crash and restart")
                .contains(new Proposal(new Ballot(2, "p"), "v"));
    }
}
