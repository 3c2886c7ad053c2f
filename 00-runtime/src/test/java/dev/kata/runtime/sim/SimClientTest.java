package dev.kata.runtime.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kata.runtime.checker.KvCommand;
import dev.kata.runtime.client.ClientConfig;
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

    void awaitAnswer(SimClient<KvCommand, String> client) {
        sim.runUntil(() -> !client.busy(), Duration.ofSeconds(10), client.id() + " gets its answer");
    }

    @Test
    @DisplayName("records an answered operation as ok, with its result and its times in virtual time")
    void ok() {
        SimClient<KvCommand, String> client = sim.addClient("c1", new TestKv.Protocol(servers(N1)));
        client.submit(new KvCommand.Write("x", "1"));
        awaitAnswer(client);
        sim.runFor(Duration.ofMillis(8));
        long read = client.submit(new KvCommand.Read("x"));
        awaitAnswer(client);
        Operation<KvCommand, String> op = sim.<KvCommand, String>history().operations().get((int) read);
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
        SimClient<KvCommand, String> client = sim.addClient("c1", new TestKv.Protocol(servers(N1)));
        client.submit(new KvCommand.CompareAndSet("refuse", "a", "b"));
        awaitAnswer(client);
        assertThat(client.lastOperation().outcome()).isEqualTo(Outcome.FAIL);
    }

    @Test
    @DisplayName("records a timeout as unknown, never as fail, and ignores an answer that comes later")
    void timeoutIsUnknown() {
        SimClient<KvCommand, String> client = sim.addClient("c1", new TestKv.Protocol(servers(N1)));
        sim.network().slowLink(N1, client.id(), Duration.ofSeconds(3));
        client.submit(new KvCommand.Write("x", "1"));
        awaitAnswer(client);
        Operation<KvCommand, String> op = client.lastOperation();
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
        SimClient<KvCommand, String> client = sim.addClient("c1", new TestKv.Protocol(ids));
        client.submit(new KvCommand.Write("x", "1"));
        awaitAnswer(client);
        assertThat(client.lastOperation().outcome()).isEqualTo(Outcome.OK);
        assertThat(client.lastOperation().completedAt()).isEqualTo(Duration.ofMillis(502).toNanos());
    }

    @Test
    @DisplayName("follows a redirection at once")
    void followsRedirect() {
        SimClient<KvCommand, String> client = sim.addClient("c1", new TestKv.Protocol(servers(N2)));
        client.submit(new KvCommand.Write("x", "1"));
        awaitAnswer(client);
        assertThat(client.lastOperation().outcome()).isEqualTo(Outcome.OK);
        assertThat(client.lastOperation().completedAt()).as("n1, back, n2, back").isEqualTo(Duration.ofMillis(4).toNanos());
    }

    @Test
    @DisplayName("has one operation in flight at a time, and says so")
    void oneAtATime() {
        SimClient<KvCommand, String> client = sim.addClient("c1", new TestKv.Protocol(servers(N1)));
        client.submit(new KvCommand.Write("x", "1"));
        assertThatThrownBy(() -> client.submit(new KvCommand.Read("x")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("c1 cannot submit read(x): it is still waiting for operation 0");
    }

    @Test
    @DisplayName("runs a workload: one operation after another, drawn from the seed")
    void workload() {
        List<NodeId> ids = servers(N1);
        List<SimClient<KvCommand, String>> clients = sim.addClients(3, () -> new TestKv.Protocol(ids));
        Workload<KvCommand> workload = Workload.readsWritesAndCas("x", "y");
        for (SimClient<KvCommand, String> client : clients) {
            client.runWorkload(50, workload);
        }
        sim.runUntil(() -> clients.stream().allMatch(SimClient::finished), Duration.ofMinutes(1),
                "every client finishes its workload");
        assertThat(sim.<KvCommand, String>history().operations()).hasSize(150)
                .allSatisfy(op -> assertThat(op.outcome()).isEqualTo(Outcome.OK));
        assertThat(sim.<KvCommand, String>history().operations()).extracting(Operation::command)
                .hasAtLeastOneElementOfType(KvCommand.Read.class)
                .hasAtLeastOneElementOfType(KvCommand.Write.class)
                .hasAtLeastOneElementOfType(KvCommand.CompareAndSet.class);
    }

    @Test
    @DisplayName("runs one operation to its outcome, and leaves a millisecond before the next")
    void runOperation() {
        SimClient<KvCommand, String> client = sim.addClient("c1", new TestKv.Protocol(servers(N1)));

        Operation<KvCommand, String> write = client.runOperation(new KvCommand.Write("x", "1"));
        Operation<KvCommand, String> read = client.runOperation(new KvCommand.Read("x"));

        assertThat(write.outcome()).isEqualTo(Outcome.OK);
        assertThat(read.result()).isEqualTo("1");
        assertThat(read.invokedAt()).isEqualTo(write.completedAt() + Duration.ofMillis(1).toNanos());
        assertThat(sim.nanos()).isEqualTo(read.completedAt() + Duration.ofMillis(1).toNanos());
    }

    @Test
    @DisplayName("can be paused, and then times out late")
    void pausedClient() {
        SimClient<KvCommand, String> client = sim.addClient("c1", new TestKv.Protocol(servers(N1)));
        sim.start();
        sim.node(N1, TestKv.Server.class).mute = true;
        sim.node(N2, TestKv.Server.class).mute = true;
        client.submit(new KvCommand.Read("x"));
        sim.pause(client.id(), Duration.ofSeconds(5));
        awaitAnswer(client);
        assertThat(sim.elapsed()).isEqualTo(Duration.ofSeconds(5));
        assertThat(client.lastOperation().outcome()).isEqualTo(Outcome.UNKNOWN);
    }

    @Test
    @DisplayName("that crashes ends its operation in flight as unknown, at the crash, and cannot submit while down")
    void crashedClient() {
        SimClient<KvCommand, String> client = sim.addClient("c1", new TestKv.Protocol(servers(N1)));
        sim.start();
        sim.node(N1, TestKv.Server.class).mute = true;
        client.submit(new KvCommand.Write("x", "1"));
        sim.runFor(Duration.ofMillis(300));

        sim.crash(client.id());

        Operation<KvCommand, String> write = client.lastOperation();
        assertThat(write.outcome()).isEqualTo(Outcome.UNKNOWN);
        assertThat(client.busy()).isFalse();
        assertThat(client.isUp()).isFalse();
        assertThat(sim.isUp(client.id())).isFalse();
        assertThat(sim.trace().events()).anySatisfy(e -> assertThat(e).isInstanceOf(TraceEvent.ClientCompleted.class));
        assertThatThrownBy(() -> client.submit(new KvCommand.Read("x")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("it is down");
    }

    @Test
    @DisplayName("that crashes tells its protocol, which forgets what a crash loses")
    void crashTellsProtocol() {
        TestKv.Protocol protocol = new TestKv.Protocol(servers(N1));
        SimClient<KvCommand, String> client = sim.addClient("c1", protocol);
        sim.start();

        sim.crash(client.id());

        assertThat(protocol.crashes).isEqualTo(1);
    }

    @Test
    @DisplayName("that restarts goes on with its workload, with sequence numbers that go on too")
    void restartedClient() {
        TestKv.Protocol protocol = new TestKv.Protocol(servers(N1));
        SimClient<KvCommand, String> client = sim.addClient("c1", protocol);
        client.runWorkload(20, Workload.readsWritesAndCas("x"));
        sim.runUntil(() -> client.completed() >= 5, Duration.ofSeconds(10), "five operations are done");

        sim.crash(client.id());
        int doneAtCrash = client.completed();
        sim.runFor(Duration.ofSeconds(1));
        assertThat(client.completed()).as("a crashed client does nothing").isEqualTo(doneAtCrash);
        sim.restart(client.id());
        sim.runUntil(client::finished, Duration.ofSeconds(30), "the workload is done");

        assertThat(client.completed()).isEqualTo(20);
        assertThat(protocol.sequences).hasSize(20).isSorted().doesNotHaveDuplicates();
        assertThat(sim.<KvCommand, String>history().operations()).hasSize(20)
                .allSatisfy(op -> assertThat(op.outcome()).isNotEqualTo(Outcome.FAIL));
        sim.checkLinearizability().assertLinearizable();
    }
}
