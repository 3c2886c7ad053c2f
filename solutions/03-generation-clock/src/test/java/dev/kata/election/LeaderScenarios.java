package dev.kata.election;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.runtime.checker.KvCommand;
import dev.kata.runtime.checker.LinearizabilityChecker;
import dev.kata.runtime.checker.Operation;
import dev.kata.runtime.checker.Outcome;
import dev.kata.runtime.client.ClientConfig;
import dev.kata.runtime.cluster.Cluster;
import dev.kata.runtime.cluster.ClusterClient;
import dev.kata.runtime.cluster.ClusterScenarios;
import dev.kata.runtime.node.NodeId;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The key-value store behind the leader, in the scenarios that make sense in real time, written once
 * against the runtime's {@link Cluster} seam; each driver's subclass only starts five servers of
 * {@link ElectionProgram} (the simulation, TCP in one JVM, a cell of processes), as Apache Ratis runs
 * one suite per transport. The scenarios see the cluster only as its clients do: who leads is who
 * answered. Every one ends with the history checked linearizable.
 */
@Tag("step-5")
abstract class LeaderScenarios extends ClusterScenarios<KvCommand, String> {

    /** Five: with the leader killed and a follower frozen, three are left, a majority. */
    static final List<NodeId> SERVERS = IntStream.rangeClosed(1, 5).mapToObj(i -> NodeId.of("n" + i)).toList();
    /**
     * A client never sends an operation twice to one server (a retry could be carried out twice, by
     * two leaders), and gives up after a few of the leader's rounds and a redirect or two.
     */
    static final ClientConfig CLIENTS = ClientConfig.defaults()
            .withOperationTimeout(Duration.ofSeconds(3)).withRetryInterval(Duration.ofSeconds(3));
    static final Duration WAIT = Duration.ofSeconds(30);
    /** Attempts at an operation while a leader is being elected; each lasts at most the client's timeout. */
    static final int ATTEMPTS = 10;

    private int clients;
    /** An operation that was answered, and the server that answered it: the leader, then. */
    record Answered(Operation<KvCommand, String> operation, NodeId leader) {
        String result() {
            return operation.result();
        }
    }

    /**
     * Performs {@code command} with a fresh client that asks {@code first} first, again and again
     * until it is answered by a leader other than {@code not} (null: any): while none is elected,
     * operations end unknown.
     */
    Answered performUntilAnswered(NodeId first, NodeId not, KvCommand command) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            KvClient protocol = KvClient.startingAt(SERVERS, first);
            ClusterClient<KvCommand, String> client = cluster.addClient("c" + ++clients, protocol);
            Operation<KvCommand, String> operation = cluster.perform(client, command, WAIT);
            if (operation.outcome() == Outcome.OK && !protocol.leader().equals(not)) {
                return new Answered(operation, protocol.leader());
            }
        }
        throw new AssertionError(command + " was not answered by a leader" + (not == null ? "" : " other than " + not)
                + " in " + ATTEMPTS + " attempts; the history: " + cluster.history().operations());
    }

    /** The first server that is none of {@code servers}. */
    static NodeId otherThan(NodeId... servers) {
        List<NodeId> excluded = List.of(servers);
        return SERVERS.stream().filter(s -> !excluded.contains(s)).findFirst().orElseThrow();
    }

    @Test
    @DisplayName("a write the leader answered survives the leader's crash: the next leader reads it")
    void writeSurvivesLeaderCrash() {
        NodeId leader = performUntilAnswered(SERVERS.get(0), null, new KvCommand.Write("x", "1")).leader();

        cluster.crash(leader); // kill -9 on a cell
        Answered read = performUntilAnswered(otherThan(leader), leader, new KvCommand.Read("x"));
        assertThat(read.result()).as("x, read through %s, the leader after %s crashed", read.leader(), leader)
                .isEqualTo("1");

        cluster.restart(leader);
        Answered again = performUntilAnswered(leader, null, new KvCommand.Read("x"));
        assertThat(again.result()).as("x, read through %s after %s restarted", again.leader(), leader).isEqualTo("1");
        LinearizabilityChecker.keyValue().check(cluster.history()).assertLinearizable();
    }

    @Test
    @DisplayName("the leader killed and a follower frozen at once: the three left elect a leader and lose no answered write")
    void leaderKilledFollowerFrozen() {
        NodeId leader = performUntilAnswered(SERVERS.get(0), null, new KvCommand.Write("x", "1")).leader();
        NodeId frozen = otherThan(leader);

        cluster.crash(leader); // kill -9 on a cell
        cluster.pause(frozen); // SIGSTOP
        Answered read = performUntilAnswered(otherThan(leader, frozen), leader, new KvCommand.Read("x"));
        assertThat(read.result()).as("x, read through %s with %s killed and %s frozen", read.leader(), leader, frozen)
                .isEqualTo("1");
        assertThat(performUntilAnswered(read.leader(), leader, new KvCommand.Write("x", "2")).leader())
                .as("who answers a write while %s is frozen", frozen).isNotEqualTo(frozen);

        cluster.resume(frozen);
        cluster.restart(leader);
        Answered after = performUntilAnswered(leader, null, new KvCommand.Read("x"));
        assertThat(after.result()).as("x, read through %s once %s is back and %s resumed", after.leader(), leader, frozen)
                .isEqualTo("2");
        LinearizabilityChecker.keyValue().check(cluster.history()).assertLinearizable();
    }

    /**
     * The zombie leader (see {@link ZombieLeaderTest}, which watches its messages on the simulation):
     * <pre>
     *   z ──write x=zombie──▶ L (paused: SIGSTOP on a cell)      z gives up: unknown
     *   the others elect L'; x=after is written through L'
     *   L resumes with z's write queued, in its old generation   every replica of L' refuses it
     *   L steps down; every read of x says "after"
     * </pre>
     */
    @Test
    @DisplayName("a zombie leader is fenced off: paused, replaced, resumed, its queued write never takes effect")
    void zombieLeaderIsFencedOff() {
        NodeId zombie = performUntilAnswered(SERVERS.get(0), null, new KvCommand.Write("x", "before")).leader();

        cluster.pause(zombie);
        ClusterClient<KvCommand, String> waiting = cluster.addClient("z", KvClient.startingAt(SERVERS, zombie));
        waiting.submit(new KvCommand.Write("x", "zombie"));
        NodeId next = performUntilAnswered(otherThan(zombie), zombie, new KvCommand.Write("x", "after")).leader();
        cluster.awaitUntil(() -> !waiting.busy(), WAIT, "the client waiting for the paused leader gives up");
        assertThat(waiting.lastOperation().outcome()).as("the write sent to the paused leader %s", zombie)
                .isEqualTo(Outcome.UNKNOWN);

        cluster.resume(zombie);
        // Asked first, the old leader either still believes it leads (and its round is refused) or
        // has learnt of the new generation and redirects: asked until someone else answers.
        Answered probe = performUntilAnswered(zombie, zombie, new KvCommand.Read("x"));
        assertThat(probe.result()).as("x, read after %s woke up (%s leads now)", zombie, next).isEqualTo("after");
        Answered last = performUntilAnswered(next, zombie, new KvCommand.Read("x"));
        assertThat(last.result()).as("x, read once more through %s", last.leader()).isEqualTo("after");
        LinearizabilityChecker.keyValue().check(cluster.history()).assertLinearizable();
    }
}
