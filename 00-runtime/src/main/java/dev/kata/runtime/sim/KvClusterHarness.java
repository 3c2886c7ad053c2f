package dev.kata.runtime.sim;

import dev.kata.runtime.checker.KvCommand;
import dev.kata.runtime.checker.LinearizabilityChecker;
import dev.kata.runtime.checker.Operation;
import dev.kata.runtime.node.NodeFactory;
import dev.kata.runtime.node.NodeId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A {@link ClusterHarness} for a key-value store: clients issue {@link KvCommand}s with string results,
 * histories are checked against the key-value register ({@link LinearizabilityChecker#keyValue()}),
 * and a test writes, reads and compares-and-sets in one line each.
 */
public class KvClusterHarness extends ClusterHarness<KvCommand, String> {

    /** See {@link ClusterHarness#ClusterHarness}: servers n1 to n{@code size}, each watched by {@code watch}. */
    public KvClusterHarness(Simulation sim, int size, DurabilityWatch watch, Function<String, NodeFactory> factories) {
        super(sim, size, watch, factories, LinearizabilityChecker.keyValue());
    }

    public Operation<KvCommand, String> write(SimClient<KvCommand, String> client, String key, String value) {
        return run(client, new KvCommand.Write(key, value));
    }

    public Operation<KvCommand, String> read(SimClient<KvCommand, String> client, String key) {
        return run(client, new KvCommand.Read(key));
    }

    public Operation<KvCommand, String> compareAndSet(SimClient<KvCommand, String> client, String key,
                                                      String expected, String value) {
        return run(client, new KvCommand.CompareAndSet(key, expected, value));
    }

    /**
     * What each server that is up (paused ones too) holds, in order of server: {@code held} answers
     * for one server, "&lt;none&gt;" where it holds nothing. A crashed server is left out: its replica
     * is what its disk will give it back on restart, which {@code held} cannot see.
     */
    public Map<NodeId, String> replicaValues(Function<NodeId, Optional<String>> held) {
        Map<NodeId, String> values = new LinkedHashMap<>();
        for (NodeId id : servers()) {
            if (simulation().isUp(id)) {
                values.put(id, held.apply(id).orElse("<none>"));
            }
        }
        return values;
    }
}
