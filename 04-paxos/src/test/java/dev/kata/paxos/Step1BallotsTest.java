// Generated from solutions/04-paxos/src/test/java/dev/kata/paxos/Step1BallotsTest.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint b842cfd99f24
package dev.kata.paxos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.runtime.disk.ScopedDisk;
import dev.kata.runtime.disk.SimulatedDisk;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.testing.RandomizedTest;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("step-1")
@DisplayName("Step 1: ballots, unique and totally ordered")
class Step1BallotsTest {

    private static final NodeId N1 = NodeId.of("n1");

    @Test
    @DisplayName("a higher generation is the higher ballot, whatever the proposers")
    void generationFirst() {
        assertThat(new Ballot(2, "n1").compareTo(new Ballot(1, "n3")))
                .as("(2,n1) against (1,n3): the generation decides first").isPositive();
        assertThat(new Ballot(1, "n3").compareTo(new Ballot(2, "n1")))
                .as("(1,n3) against (2,n1)").isNegative();
    }

    @Test
    @DisplayName("ballots without the node id: two proposers of one generation never hold equal ballots")
    void nodeIdBreaksTies() {
        Ballot mine = new Ballot(3, "n1");
        Ballot theirs = new Ballot(3, "n2");
        assertThat(mine.compareTo(theirs))
                .as("(3,n1) against (3,n2): two proposers took generation 3; if their ballots compare equal, an "
                        + "acceptor that promised one accepts the other's value too, and two values can be chosen")
                .isNegative();
        assertThat(theirs.compareTo(mine)).as("(3,n2) against (3,n1)").isPositive();
        assertThat(mine.compareTo(new Ballot(3, "n1"))).as("a ballot against itself").isZero();
        assertThat(Ballot.ZERO.compareTo(new Ballot(1, "n1"))).as("ZERO against the first real ballot").isNegative();
    }

    @Test
    @DisplayName("a new ballot is above the highest ballot the proposer was told about")
    void movesPastTheHighestSeen() {
        try (BallotClock clock = BallotClock.open(new SimulatedDisk(), N1)) {
            Ballot first = clock.next(Ballot.ZERO);
            assertThat(first).as("the first ballot of n1").isEqualTo(new Ballot(1, "n1"));
            Ballot seen = new Ballot(41, "n9");
            Ballot next = clock.next(seen);
            assertThat(next.isAbove(seen)).as("after a refusal that named %s, n1's next ballot %s must be above it, "
                    + "or it is refused again", seen, next).isTrue();
            assertThat(clock.next(Ballot.ZERO).isAbove(next)).as("every ballot is above the one before").isTrue();
        }
    }

    @RandomizedTest(seeds = 20)
    @DisplayName("a restarted proposer never reuses a ballot, even if the crash lost unforced bytes")
    void durable(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        SimulatedDisk disk = new SimulatedDisk();
        Ballot last = Ballot.ZERO;
        for (int restart = 0; restart < 5; restart++) {
            try (BallotClock clock = BallotClock.open(new ScopedDisk(disk, PaxosNode.BALLOT_FILES), N1)) {
                for (int i = random.nextInt(1, 4); i > 0; i--) {
                    Ballot next = clock.next(random.nextBoolean() ? Ballot.ZERO : new Ballot(random.nextInt(10), "n2"));
                    assertThat(next.isAbove(last)).as("after %d restarts, n1 took %s, but it had used %s before: a "
                            + "ballot used again can carry another value; persist the generation before you use it",
                            restart, next, last).isTrue();
                    last = next;
                }
            }
            disk.crash(random);
        }
    }
}
