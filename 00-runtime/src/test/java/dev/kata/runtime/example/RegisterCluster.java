package dev.kata.runtime.example;

import dev.kata.runtime.checker.KvCommand;
import dev.kata.runtime.client.ClientConfig;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.sim.DurabilityWatch;
import dev.kata.runtime.sim.KvClusterHarness;
import dev.kata.runtime.sim.SimClient;
import dev.kata.runtime.sim.Simulation;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The example register as a module's test harness wraps it: the shared part comes from
 * {@link KvClusterHarness}, and this class adds only what is the register's own (how its clients
 * speak, what a server holds). Each server is a register of its own: they do not replicate.
 */
final class RegisterCluster extends KvClusterHarness {

    /** Clients give up after 1 s and ask again every 300 ms (the register answers a retry once more). */
    static final ClientConfig CLIENTS = ClientConfig.defaults().withOperationTimeout(Duration.ofSeconds(1))
            .withRetryInterval(ms(300));

    private RegisterCluster(Simulation sim, int size, DurabilityWatch.Check check) {
        super(sim, size, new DurabilityWatch(check), name -> RegisterNode::new);
    }

    static Builder of(long seed) {
        return new Builder(seed);
    }

    static final class Builder extends KvClusterHarness.Builder<Builder> {
        // The register forces its state before it answers; RegisterNodeTest checks that with an invariant.
        private DurabilityWatch.Check check = (from, to, message, image) -> Optional.empty();

        private Builder(long seed) {
            super(seed, RegisterMessage.CODEC, CLIENTS);
        }

        /** What the watch checks at every send of every server. */
        Builder check(DurabilityWatch.Check atEverySend) {
            this.check = Objects.requireNonNull(atEverySend, "atEverySend");
            return this;
        }

        RegisterCluster build() {
            return new RegisterCluster(simulation(), size(), check);
        }
    }

    /** A client that sends every operation to {@code server}. */
    SimClient<KvCommand, String> client(String name, NodeId server) {
        return simulation().addClient(name, new RegisterClient(server));
    }

    /** What each running server's register holds for {@code key}, by server. */
    Map<NodeId, String> values(String key) {
        return replicaValues(id -> Optional.ofNullable(simulation().node(id, RegisterNode.class).values().get(key)));
    }

    @Override
    protected String settings() {
        return servers().size() + " independent registers";
    }

    @Override
    protected String describeRunning(NodeId id) {
        return "holds " + new TreeSet<>(simulation().node(id, RegisterNode.class).values().keySet());
    }
}
