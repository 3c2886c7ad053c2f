package dev.kata.paxos;

import static dev.kata.paxos.PaxosCluster.ms;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.paxos.PaxosMessage.Accept;
import dev.kata.paxos.PaxosMessage.Prepare;
import dev.kata.paxos.PaxosMessage.Promise;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.sim.Hold;
import dev.kata.runtime.sim.MessageMatch;
import dev.kata.runtime.sim.NetworkConfig;
import dev.kata.runtime.sim.Probe;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The proposer: two phases, each to a majority. Every scenario runs with {@link Agreement} checked after
 * every event: a run in which a majority of acceptors accepted two different values for one register
 * stops at that event.
 */
@Tag("step-4")
@DisplayName("Step 4: the proposer (both phases, to a majority)")
class Step4ProposerTest {

    private static Promise promise(Proposal accepted) {
        return new Promise("x", new Ballot(9, "p"), Optional.ofNullable(accepted), 7);
    }

    @Test
    @DisplayName("the promises carry on the proposal of the highest ballot, not the first nor the latest to arrive")
    void highestAccepted() {
        Proposal low = new Proposal(new Ballot(2, "n3"), "low");
        Proposal high = new Proposal(new Ballot(4, "n1"), "high");
        Proposal tie = new Proposal(new Ballot(4, "n0"), "tie");
        assertThat(Proposer.highestAccepted(List.of(promise(null), promise(null))))
                .as("no promise reports an accepted value").isEmpty();
        assertThat(Proposer.highestAccepted(List.of(promise(low), promise(null), promise(high))))
                .as("promises reporting %s, nothing, %s", low, high).contains(high);
        assertThat(Proposer.highestAccepted(List.of(promise(high), promise(low), promise(tie))))
                .as("promises reporting %s, %s, %s", high, low, tie).contains(high);
    }

    @Test
    @DisplayName("two proposals of one generation: the promises carry on the one with the higher ballot, node id included")
    void highestAcceptedSameGeneration() {
        Proposal lower = new Proposal(new Ballot(4, "n1"), "lower");
        Proposal higher = new Proposal(new Ballot(4, "n2"), "higher");
        assertThat(Proposer.highestAccepted(List.of(promise(lower), promise(higher))))
                .as("promises reporting %s, then %s: the same generation, so the node id decides (Ballot.compareTo); "
                        + "comparing generations only keeps whichever came first, and %s may be the value chosen",
                        lower, higher, higher.value()).contains(higher);
        assertThat(Proposer.highestAccepted(List.of(promise(higher), promise(lower))))
                .as("promises reporting %s, then %s", higher, lower).contains(higher);
    }

    @Test
    @DisplayName("on a healthy cluster a proposal is chosen and answered, and a majority accepted it")
    void healthy() {
        PaxosCluster cluster = PaxosCluster.of(1).build();
        Probe probe = cluster.probe("p");
        String value = cluster.proposeAndWait(probe, cluster.id(1), "x", "a", Duration.ofMillis(200));
        assertThat(value).as("n1's answer to the first proposal of x").isEqualTo("a");
        assertThat(cluster.chosen("x")).as("the value a majority of acceptors accepted for x (%s)",
                cluster.acceptors("x")).contains("a");
    }

    @Test
    @DisplayName("a later proposal gets the value chosen before, not its own")
    void laterProposal() {
        PaxosCluster cluster = PaxosCluster.of(1).build();
        Probe probe = cluster.probe("p");
        cluster.proposeAndWait(probe, cluster.id(1), "x", "a", Duration.ofMillis(200));
        String second = cluster.proposeAndWait(probe, cluster.id(3), "x", "b", Duration.ofMillis(500));
        assertThat(second).as("n3's answer to a proposal of b for x, after a was chosen (%s)", cluster.acceptors("x"))
                .isEqualTo("a");
    }

    @Test
    @DisplayName("a proposer that ignores an accepted value in the promises: a value chosen by an earlier proposer "
            + "is carried on")
    void carriesOnAcceptedValue() {
        PaxosCluster cluster = PaxosCluster.of(1).build();
        Probe old = cluster.probe("old");
        // An earlier proposer got 'old' accepted by n1 and n2 (a majority: it is chosen), then vanished.
        old.send(cluster.id(1), new Accept("x", new Ballot(1, "old"), "old", 7));
        old.send(cluster.id(2), new Accept("x", new Ballot(1, "old"), "old", 7));
        cluster.sim.runFor(ms(20));
        assertThat(cluster.chosen("x")).as("chosen before n3 proposes").contains("old");
        String value = cluster.proposeAndWait(old, cluster.id(3), "x", "new", Duration.ofMillis(500));
        assertThat(value).as("n3's answer to its proposal of 'new', when 'old' was already accepted by n1 and n2 "
                + "(%s)", cluster.acceptors("x")).isEqualTo("old");
    }

    @Test
    @DisplayName("a proposer that ignores an accepted value: a value accepted by a minority may be carried on too")
    void recoversMinorityValue() {
        PaxosCluster cluster = PaxosCluster.of(1).build();
        Probe old = cluster.probe("old");
        // An earlier proposer got 'old' accepted by n2 only, then vanished; n1 cannot hear n3.
        old.send(cluster.id(2), new Accept("x", new Ballot(1, "old"), "old", 7));
        cluster.sim.runFor(ms(20));
        cluster.sim.network().partition(Set.of(cluster.id(1), cluster.id(2)), Set.of(cluster.id(3)));
        String value = cluster.proposeAndWait(old, cluster.id(1), "x", "new", Duration.ofMillis(500));
        assertThat(value).as("n1's answer: its majority is n1 and n2, and n2 reported 'old' in its promise (%s)",
                cluster.acceptors("x")).isEqualTo("old");
    }

    @Test
    @DisplayName("the answer waits for a majority of accepts: a proposer whose Accepts reach only itself answers nothing")
    void answersAfterAMajorityAccepted() {
        PaxosCluster cluster = PaxosCluster.of(1).build();
        Probe probe = cluster.probe("p");
        NodeId n1 = cluster.id(1);
        // n1's Accepts to n2 and n3 are held; the one to itself goes through.
        Hold toN2 = cluster.sim.network().hold(MessageMatch.of(Accept.class).from(n1).to(cluster.id(2)));
        Hold toN3 = cluster.sim.network().hold(MessageMatch.of(Accept.class).from(n1).to(cluster.id(3)));
        long seq = cluster.propose(probe, n1, "x", "a");
        cluster.sim.runFor(ms(300));
        assertThat(PaxosCluster.answer(probe, seq)).as("n1's answer to a proposal of a, while its Accepts to n2 and n3 "
                + "are held (acceptors: %s): a majority promised, but only n1 accepted. A value is chosen once a "
                + "majority accepted it, so a proposer that answers after phase 1, or at its first Accepted, can "
                + "answer a value that is never chosen", cluster.acceptors("x")).isEmpty();
        toN2.release();
        toN3.release();
        cluster.sim.runUntil(() -> PaxosCluster.answer(probe, seq).isPresent(), Duration.ofSeconds(1),
                "n1 answers once its Accepts get through");
        assertThat(PaxosCluster.answer(probe, seq).orElseThrow().value()).as("n1's answer").isEqualTo("a");
    }

    @Test
    @DisplayName("deciding on a minority: a proposer cut off from the majority decides nothing")
    void isolatedProposer() {
        PaxosCluster cluster = PaxosCluster.of(1).build();
        Probe probe = cluster.probe("p");
        NodeId n1 = cluster.id(1);
        cluster.sim.network().partition(Set.of(n1), Set.of(cluster.id(2), cluster.id(3)));
        long seq = cluster.propose(probe, n1, "x", "a");
        cluster.sim.runFor(Duration.ofSeconds(1));
        assertThat(PaxosCluster.answer(probe, seq)).as("n1's answer, when it hears only itself of 3 acceptors (%s)",
                cluster.acceptors("x")).isEmpty();
    }

    @Test
    @DisplayName("deciding on a minority: half of four is not a majority, so a 2-2 split decides nothing")
    void halfIsNotAMajority() {
        PaxosCluster cluster = PaxosCluster.of(1).servers(4).build();
        Probe probe = cluster.probe("p");
        cluster.sim.network().partition(Set.of(cluster.id(1), cluster.id(2)), Set.of(cluster.id(3), cluster.id(4)));
        long a = cluster.propose(probe, cluster.id(1), "x", "a");
        long b = cluster.propose(probe, cluster.id(3), "x", "b");
        cluster.sim.runFor(Duration.ofSeconds(1));
        assertThat(PaxosCluster.answer(probe, a).or(() -> PaxosCluster.answer(probe, b)))
                .as("answers to proposals on both sides of a 2-2 split of 4 acceptors (%s)", cluster.acceptors("x"))
                .isEmpty();
        cluster.sim.network().heal();
        cluster.sim.runUntil(() -> PaxosCluster.answer(probe, a).isPresent() && PaxosCluster.answer(probe, b).isPresent(),
                Duration.ofSeconds(3), "both proposals are answered once the split heals");
        assertThat(PaxosCluster.answer(probe, a).orElseThrow().value()).as("the two answers")
                .isEqualTo(PaxosCluster.answer(probe, b).orElseThrow().value());
    }

    @Test
    @DisplayName("a refused proposer's next ballot goes past the promise at once (step 1, in a round)")
    void refusedProposerJumps() {
        PaxosCluster cluster = PaxosCluster.of(1).build();
        Probe probe = cluster.probe("p");
        // Another proposer (the probe) got promises of a high ballot from n2 and n3.
        Ballot high = new Ballot(50, "zz");
        probe.send(cluster.id(2), new Prepare("x", high, 7));
        probe.send(cluster.id(3), new Prepare("x", high, 7));
        cluster.sim.runFor(ms(20));
        String value = cluster.proposeAndWait(probe, cluster.id(1), "x", "a", Duration.ofMillis(500));
        assertThat(value).as("the value chosen for x").isEqualTo("a");
        assertThat(cluster.node(cluster.id(1)).ballotGeneration())
                .as("n1's generation after its proposal: refused by acceptors that promised %s, it must jump past it, "
                        + "not climb one generation per refused round", high)
                .isBetween(51L, 53L);
    }

    @Test
    @DisplayName("ballots without the node id: two proposers of one generation at once are answered with one value")
    void sameGeneration() {
        PaxosCluster cluster = PaxosCluster.of(1).network(NetworkConfig.fixedLatency(ms(2))).build();
        Probe probe = cluster.probe("p");
        long a = cluster.propose(probe, cluster.id(1), "x", "a");
        long b = cluster.propose(probe, cluster.id(2), "x", "b");
        cluster.sim.runUntil(() -> PaxosCluster.answer(probe, a).isPresent() && PaxosCluster.answer(probe, b).isPresent(),
                Duration.ofSeconds(2), "both proposals of x are answered");
        assertThat(PaxosCluster.answer(probe, b).orElseThrow().value())
                .as("n1 proposed a and n2 proposed b, both in generation 1: the answers must name one value")
                .isEqualTo(PaxosCluster.answer(probe, a).orElseThrow().value());
    }
}
