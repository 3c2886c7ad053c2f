package dev.kata.runtime.sim;

import dev.kata.runtime.client.ClientConfig;
import dev.kata.runtime.node.Message;
import dev.kata.runtime.wire.MessageCodec;
import java.util.Objects;

/**
 * Everything that fixes a simulated run. The same configuration, the same nodes and the same test
 * steps give the same run, event for event.
 *
 * @param seed       the one source of every random choice: network, nemesis, clocks, nodes, clients
 * @param codec      every message is encoded when sent and decoded when delivered, so no two nodes
 *                   share an object and byte counts are real; {@link #PASS_THROUGH} hands messages
 *                   over as they are (only by explicit choice: {@link #withoutCodec})
 * @param network    latency, loss, duplication and reordering on every link
 * @param clocks     how far the nodes' clocks disagree
 * @param clients    how simulated clients wait and retry
 * @param traceLimit how many trace events to keep (the most recent ones); 0 records none
 * @param title      what the trace page is called; by default, after the test method that built
 *                   the simulation ("RegisterNodeTest-underANemesis")
 */
public record SimulationConfig(long seed, MessageCodec codec, NetworkConfig network, ClockConfig clocks,
                               ClientConfig clients, int traceLimit, String title) {

    /** Enough for minutes of virtual time of a five-node cluster; older events are forgotten first. */
    public static final int DEFAULT_TRACE_LIMIT = 200_000;

    /** The title that means "name the trace page after the test". */
    public static final String DEFAULT_TITLE = "simulation";

    /**
     * Not a codec: tells the simulation to hand every message over as the same object, without
     * encoding. Runs are faster, but a node that mutates a message would change it for its receiver
     * too, and every byte count is zero. Use it only where no codec exists, or to measure the codec.
     */
    public static final MessageCodec PASS_THROUGH = new MessageCodec() {
        @Override
        public byte[] encode(Message message) {
            throw new UnsupportedOperationException("PASS_THROUGH is a marker: the simulation never encodes with it");
        }

        @Override
        public Message decode(byte[] bytes) {
            throw new UnsupportedOperationException("PASS_THROUGH is a marker: the simulation never decodes with it");
        }

        @Override
        public String toString() {
            return "PASS_THROUGH";
        }
    };

    public SimulationConfig {
        Objects.requireNonNull(codec, "codec is required: pass the module's MessageCodec, or use "
                + "SimulationConfig.withoutCodec(seed) to hand messages over as shared objects");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(clocks, "clocks");
        Objects.requireNonNull(clients, "clients");
        Objects.requireNonNull(title, "title");
        if (traceLimit < 0) {
            throw new IllegalArgumentException("traceLimit must be 0 (record nothing) or more, but is " + traceLimit);
        }
    }

    /** A reliable network, perfect clocks, default clients, every message through {@code codec}. */
    public static SimulationConfig of(long seed, MessageCodec codec) {
        return new SimulationConfig(seed, codec, NetworkConfig.reliable(), ClockConfig.perfect(),
                ClientConfig.defaults(), DEFAULT_TRACE_LIMIT, DEFAULT_TITLE);
    }

    /** Like {@link #of}, but messages are handed over uncoded: see {@link #PASS_THROUGH}. */
    public static SimulationConfig withoutCodec(long seed) {
        return of(seed, PASS_THROUGH);
    }

    public SimulationConfig withSeed(long newSeed) {
        return new SimulationConfig(newSeed, codec, network, clocks, clients, traceLimit, title);
    }

    public SimulationConfig withCodec(MessageCodec newCodec) {
        return new SimulationConfig(seed, newCodec, network, clocks, clients, traceLimit, title);
    }

    public SimulationConfig withNetwork(NetworkConfig newNetwork) {
        return new SimulationConfig(seed, codec, newNetwork, clocks, clients, traceLimit, title);
    }

    public SimulationConfig withClocks(ClockConfig newClocks) {
        return new SimulationConfig(seed, codec, network, newClocks, clients, traceLimit, title);
    }

    public SimulationConfig withClients(ClientConfig newClients) {
        return new SimulationConfig(seed, codec, network, clocks, newClients, traceLimit, title);
    }

    public SimulationConfig withTraceLimit(int newLimit) {
        return new SimulationConfig(seed, codec, network, clocks, clients, newLimit, title);
    }

    /** Records no trace: for benchmarks and long sweeps; a failing run then has no trace page. */
    public SimulationConfig withoutTrace() {
        return withTraceLimit(0);
    }

    public SimulationConfig withTitle(String newTitle) {
        return new SimulationConfig(seed, codec, network, clocks, clients, traceLimit, newTitle);
    }

    /** Whether messages cross the codec. */
    public boolean encodesMessages() {
        return codec != PASS_THROUGH;
    }
}
