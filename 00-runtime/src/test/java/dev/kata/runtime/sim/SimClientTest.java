package dev.kata.runtime.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kata.runtime.checker.KvCommand;
import dev.kata.runtime.checker.Operation;
import dev.kata.runtime.checker.Outcome;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.trace.TraceEvent;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A simulated client")
class SimClientTest {

    static final NodeId N1 = NodeId.of("n1");
    static final NodeId N2 = NodeId.of("n2");

    final Simulation sim = new Simulation(SimulationConfig.of(1, new TestCodec())
            .withNetwork(NetworkConfig.fixedLatency(Duration.ofMillis(1)))
            .withClients(ClientConfig.defaults().withOperationTimeout(Duration.ofSeconds(2))
                    .withRetryInterval(Duration.ofMillis(500))));

    /** Two servers of which {@code primary} answers and the other redirects to it. */
    List<NodeId> servers(NodeId primary) {
        return sim.addServers(2, ctx -> new TestKv.Server(ctx, primary));
    }

    void awaitAnswer(SimClient client) {
        sim.runUntil(() -> !client.busy(), Duration.ofSeconds(10), client.id() + " gets its answer");
    }

    @Test
    @DisplayName("records an answered operation as ok, with its result and its times in virtual time")
    void ok() {
        SimClient client = sim.addClient("c1", new TestKv.Protocol(servers(N1)));
        client.submit(new KvCommand.Write("x", "1"));
        awaitAnswer(client);
        sim.runFor(Duration.ofMillis(8));
        long read = client.submit(new KvCommand.Read("x"));
        awaitAnswer(client);
        Operation op = sim.history().operations().get((int) read);
        assertThat(op.outcome()).isEqualTo(Outcome.OK);
        assertThat(op.result()).isEqualTo("1");
        assertThat(op.invokedAt()).isEqualTo(Duration.ofMillis(10).toNanos());
        assertThat(op.completedAt()).isEqualTo(Duration.ofMillis(12).toNanos());
        assertThat(sim.trace().events()).contains(
                new TraceEvent.ClientInvoked(op.invokedAt(), "c1", read, "read(x)"),
                new TraceEvent.ClientCompleted(op.completedAt(), "c1", read, "ok", "1"));
    }

    @Test
    @DisplayName("records a refusal as fail")
    void fail() {
        SimClient client = sim.addClient("c1", new TestKv.Protocol(servers(N1)));
        client.submit(new KvCommand.CompareAndSet("refuse", "a", "b"));
        awaitAnswer(client);
        assertThat(client.lastOperation().outcome()).isEqualTo(Outcome.FAIL);
    }

    @Test
    @DisplayName("records a timeout as unknown, never as fail, and ignores an answer that comes later")
    void timeoutIsUnknown() {
        SimClient client = sim.addClient("c1", new TestKv.Protocol(servers(N1)));
        sim.network().slowLink(N1, client.id(), Duration.ofSeconds(3));
        client.submit(new KvCommand.Write("x", "1"));
        awaitAnswer(client);
        Operation op = client.lastOperation();
        assertThat(op.outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(op.completedAt()).as("it may take effect at any later time").isEqualTo(Long.MAX_VALUE);
        assertThat(sim.elapsed()).isEqualTo(Duration.ofSeconds(2));
        sim.runUntilIdle();
        assertThat(client.lastOperation().outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(sim.node(N1, TestKv.Server.class).values).containsEntry("x", "1");
    }

    @Test
    @DisplayName("retries at the server its protocol names next when no answer comes")
    void retriesElsewhere() {
        List<NodeId> ids = servers(N2);
        sim.start();
        sim.node(N1, TestKv.Server.class).mute = true;
        SimClient client = sim.addClient("c1", new TestKv.Protocol(ids));
        client.submit(new KvCommand.Write("x", "1"));
        awaitAnswer(client);
        assertThat(client.lastOperation().outcome()).isEqualTo(Outcome.OK);
        assertThat(client.lastOperation().completedAt()).isEqualTo(Duration.ofMillis(502).toNanos());
    }

    @Test
    @DisplayName("follows a redirection at once")
    void followsRedirect() {
        SimClient client = sim.addClient("c1", new TestKv.Protocol(servers(N2)));
        client.submit(new KvCommand.Write("x", "1"));
        awaitAnswer(client);
        assertThat(client.lastOperation().outcome()).isEqualTo(Outcome.OK);
        assertThat(client.lastOperation().completedAt()).as("n1, back, n2, back").isEqualTo(Duration.ofMillis(4).toNanos());
    }

    @Test
    @DisplayName("has one operation in flight at a time, and says so")
    void oneAtATime() {
        SimClient client = sim.addClient("c1", new TestKv.Protocol(servers(N1)));
        client.submit(new KvCommand.Write("x", "1"));
        assertThatThrownBy(() -> client.submit(new KvCommand.Read("x")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("c1 cannot submit read(x): it is still waiting for operation 0");
    }

    @Test
    @DisplayName("runs a workload: one operation after another, drawn from the seed")
    void workload() {
        List<NodeId> ids = servers(N1);
        List<SimClient> clients = sim.addClients(3, () -> new TestKv.Protocol(ids));
        Workload workload = Workload.readsWritesAndCas("x", "y");
        for (SimClient client : clients) {
            client.runWorkload(50, workload);
        }
        sim.runUntil(() -> clients.stream().allMatch(SimClient::finished), Duration.ofMinutes(1),
                "every client finishes its workload");
        assertThat(sim.history().operations()).hasSize(150)
                .allSatisfy(op -> assertThat(op.outcome()).isEqualTo(Outcome.OK));
        assertThat(sim.history().operations()).extracting(Operation::command)
                .hasAtLeastOneElementOfType(KvCommand.Read.class)
                .hasAtLeastOneElementOfType(KvCommand.Write.class)
                .hasAtLeastOneElementOfType(KvCommand.CompareAndSet.class);
    }

    @Test
    @DisplayName("can be paused, and then times out late; it cannot crash")
    void pausedClient() {
        SimClient client = sim.addClient("c1", new TestKv.Protocol(servers(N1)));
        sim.start();
        sim.node(N1, TestKv.Server.class).mute = true;
        sim.node(N2, TestKv.Server.class).mute = true;
        client.submit(new KvCommand.Read("x"));
        sim.pause(client.id(), Duration.ofSeconds(5));
        awaitAnswer(client);
        assertThat(sim.elapsed()).isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> sim.crash(client.id())).hasMessageContaining("does not crash");
    }
}
