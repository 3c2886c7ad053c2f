package dev.kata.log;

import static dev.kata.log.LogCluster.ms;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.election.KvClient;
import dev.kata.runtime.checker.KvCommand;
import dev.kata.runtime.sim.SimClient;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** With a stable leader Raft and 05's Multi-Paxos cost the same: the difference is all in the leader change. */
@DisplayName("Raft with a stable leader: the message budget of 05's Multi-Paxos")
class RaftMessageBudgetTest {

    @Test
    @DisplayName("a write costs one round trip to the followers (3 and 5 servers), as in 05's Step5StateMachineTest#budget")
    void budget() {
        for (int size : new int[] {3, 5}) {
            RaftCluster sized = RaftCluster.of(size).servers(size).favourites("n1").build();
            RaftNode leader = sized.awaitLeader(Duration.ofSeconds(2));
            sized.sim.runUntil(() -> leader.highWaterMark() == 1, ms(200), "the leader commits its no-op");
            SimClient<KvCommand, String> client = sized.sim.addClient("c1", KvClient.startingAt(sized.servers, leader.id()));
            long op = client.submit(new KvCommand.Write("x", "1"));
            sized.sim.runUntil(() -> !client.busy(), Duration.ofSeconds(1), "the write is answered");
            sized.sim.runFor(ms(20)); // the late answers count too
            assertThat(sized.sim.costOf(op).messages()).as("messages of one write on %d servers: the request, an "
                    + "AppendEntries to and an answer from each of the %d followers, the answer to the client",
                    size, size - 1).isEqualTo(1 + 2L * (size - 1) + 1);
        }
    }
}
