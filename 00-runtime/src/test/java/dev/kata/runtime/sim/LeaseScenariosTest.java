package dev.kata.runtime.sim;

import static dev.kata.runtime.sim.SimulationTest.ms;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.runtime.node.DriftBound;
import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.Node;
import dev.kata.runtime.node.NodeContext;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.wire.RecordCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The two classic lease scenarios, each placed exactly with a scripted fault, on a toy lock service:
 * a master grants a lease with a sequencer, a holder writes to a storage server that checks
 * sequencers. What the tests show is how few lines a scripted scenario takes (module 06 has the
 * real lock service).
 */
@DisplayName("Scripted faults place the classic lease scenarios in a few lines")
class LeaseScenariosTest {

    sealed interface LeaseMessage extends Message {
        RecordCodec CODEC = RecordCodec.builder().registerSealed("lease", LeaseMessage.class).build();
    }

    record Acquire(String client) implements LeaseMessage {
    }

    record Grant(long sequencer, long leaseMillis) implements LeaseMessage {
    }

    record Expired(long sequencer) implements LeaseMessage {
    }

    record Write(String value, long sequencer) implements LeaseMessage {
    }

    static final NodeId MASTER = NodeId.of("n1");
    static final NodeId STORAGE = NodeId.of("n2");
    static final Duration LEASE = Duration.ofSeconds(1);

    /** Grants the lock to one client at a time, for LEASE on its monotonic clock; tells the holder when it ends. */
    static final class Master implements Node {
        private final NodeContext ctx;
        private NodeId holder;
        private long sequencer;

        Master(NodeContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void onMessage(NodeId from, Message message) {
            if (message instanceof Acquire && holder == null) {
                holder = from;
                long granted = ++sequencer;
                ctx.send(from, new Grant(granted, LEASE.toMillis()));
                ctx.schedule(LEASE, () -> {
                    ctx.send(holder, new Expired(granted));
                    holder = null;
                });
            }
        }
    }

    /** Accepts a write only if its sequencer is no older than any it has seen: fencing. */
    static final class Storage implements Node {
        final List<Write> accepted = new ArrayList<>();
        final List<Write> refused = new ArrayList<>();
        private long newest;

        Storage(NodeContext ctx) {
        }

        @Override
        public void onMessage(NodeId from, Message message) {
            if (message instanceof Write write) {
                if (write.sequencer() >= newest) {
                    newest = write.sequencer();
                    accepted.add(write);
                } else {
                    refused.add(write);
                }
            }
        }
    }

    /** Asks for the lock while it holds none; 10 ms after a grant, checks its lease and writes its name. */
    static final class Holder implements Node {
        private final NodeContext ctx;
        private final DriftBound drift;
        private long askedAt;
        long sequencer;
        private long validFor;

        Holder(NodeContext ctx, DriftBound drift) {
            this.ctx = ctx;
            this.drift = drift;
        }

        @Override
        public void onStart() {
            ask();
        }

        /** Every 100 ms while it holds no lease. */
        private void ask() {
            if (!holdsLease()) {
                askedAt = ctx.nanoTime(); // a lease granted now counts from before the request: Chubby's rule
                ctx.send(MASTER, new Acquire(ctx.self().name()));
            }
            ctx.schedule(ms(100), this::ask);
        }

        boolean holdsLease() {
            return sequencer != 0 && ctx.nanoTime() - askedAt < validFor;
        }

        @Override
        public void onMessage(NodeId from, Message message) {
            if (message instanceof Grant grant) {
                sequencer = grant.sequencer();
                validFor = drift.holderLease(Duration.ofMillis(grant.leaseMillis())).toNanos();
                ctx.schedule(ms(10), () -> {
                    if (holdsLease()) {
                        ctx.send(STORAGE, new Write(ctx.self().name(), sequencer));
                    }
                });
            } else if (message instanceof Expired expired && expired.sequencer() == sequencer) {
                sequencer = 0; // an expiry of an older lease (a late one) says nothing about this one
            }
        }
    }

    private static Simulation lockService(long seed) {
        Simulation sim = new Simulation(SimulationConfig.of(seed, LeaseMessage.CODEC)
                .withNetwork(NetworkConfig.reliable().withLatency(ms(1), ms(5)))
                .withClocks(ClockConfig.drifting(ms(50), 0.01)));
        sim.addServer("n1", Master::new);
        sim.addServer("n2", Storage::new);
        return sim;
    }

    private static NodeId holder(Simulation sim, String name) {
        return sim.addClientNode(name, ctx -> new Holder(ctx, sim.driftBound()));
    }

    /**
     * <pre>
     *   holder of lease 1: checks it (valid), writes ──── held ─────────────────────► refused
     *   n1:                    ...lease 1 ends... grants lease 2 to the other client
     *   holder of lease 2:                              checks it, writes ──► accepted
     * </pre>
     */
    @Test
    @DisplayName("the holder checks its lease, stalls, then writes: its write arrives after a newer holder's and is refused")
    void stalledHolder() {
        Simulation sim = lockService(1);
        holder(sim, "c1");
        holder(sim, "c2");
        Hold stalled = sim.network().holdNth(1, MessageMatch.of(Write.class)); // the first write, lease 1's
        Storage storage = sim.node(STORAGE, Storage.class);

        sim.runUntil(() -> !storage.accepted.isEmpty(), Duration.ofSeconds(3), "a write under lease 2 arrives");
        stalled.release();
        sim.runFor(ms(50));

        assertThat(storage.accepted).as("the writes storage accepted").extracting(Write::sequencer).containsExactly(2L);
        assertThat(storage.refused).as("the writes storage refused: lease 1's, released after lease 2's")
                .extracting(Write::sequencer).containsExactly(1L);
    }

    /**
     * <pre>
     *   n1 (old master): grants lease 1 to c1 ... lease ends, sends Expired(1) ── held ──────────► ignored
     *   n1 crashes; the new master grants lease 2 to c1
     * </pre>
     */
    @Test
    @DisplayName("the old master's expiry arrives after the new master took over: the holder keeps its newer lease")
    void lateExpiry() {
        Simulation sim = lockService(2);
        NodeId c1 = holder(sim, "c1");
        Hold expiry = sim.network().hold(MessageMatch.of(Expired.class).from(MASTER));
        Probe newMaster = Probe.add(sim, "n3");

        sim.runUntil(() -> !expiry.isEmpty(), Duration.ofSeconds(3), "the old master ends lease 1");
        sim.crash(MASTER);
        newMaster.send(c1, new Grant(2, LEASE.toMillis()));
        sim.runUntil(() -> sim.node(c1, Holder.class).sequencer == 2, Duration.ofSeconds(1), "c1 takes lease 2");
        expiry.release();
        sim.runFor(ms(50));

        assertThat(sim.node(c1, Holder.class).holdsLease()).as("c1 holds lease 2 after lease 1's late expiry arrived")
                .isTrue();
    }
}
