package dev.kata.lock;

import dev.kata.lock.LockMessage.CheckSequencerRequest;
import dev.kata.lock.LockMessage.NotMaster;
import dev.kata.lock.LockMessage.ResourceWrite;
import dev.kata.lock.LockMessage.ResourceWriteResult;
import dev.kata.lock.LockMessage.SequencerChecked;
import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.Node;
import dev.kata.runtime.node.NodeContext;
import dev.kata.runtime.node.NodeFactory;
import dev.kata.runtime.node.NodeId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A small storage server that a lock protects, and that checks sequencers (Chubby section 2.4): not a
 * member of the cell, a node of its own. For each write it rejects a sequencer older than the newest it
 * has seen for that lock; otherwise it asks the cell whether the sequencer is still valid, and accepts
 * the write only if it is (and nothing newer came meanwhile). So a holder that stalled past its lease,
 * whose lock has passed on, cannot write, even if the new holder has not written yet. Given code.
 */
public final class FencedResource implements Node {

    /** A decision on a write: the holder (session) it came from, its sequencer, and whether it was accepted. */
    public record Decision(long id, String holder, Sequencer sequencer, boolean accepted) {
    }

    /** A write waiting for the cell's answer about its sequencer. */
    private record Waiting(NodeId client, ResourceWrite write) {
    }

    private final NodeContext ctx;
    private final List<NodeId> servers;
    private final LockServiceConfig config;
    private final Map<String, Long> newest = new HashMap<>();
    private final Map<Long, Waiting> checking = new HashMap<>();
    private final Map<String, String> data = new HashMap<>();
    private final List<Decision> decisions = new ArrayList<>();
    private final List<Consumer<Decision>> listeners = new ArrayList<>();
    private long nextCheck;
    private int guess;

    public FencedResource(NodeContext ctx, List<NodeId> servers, LockServiceConfig config) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.servers = List.copyOf(servers);
        this.config = Objects.requireNonNull(config, "config");
    }

    public static NodeFactory factory(List<NodeId> servers, LockServiceConfig config) {
        return ctx -> new FencedResource(ctx, servers, config);
    }

    @Override
    public void onMessage(NodeId from, Message message) {
        if (message instanceof ResourceWrite write) {
            if (write.sequencer().generation() < newest.getOrDefault(write.sequencer().lock(), 0L)) {
                decide(from, write, false);
                return;
            }
            long id = ++nextCheck;
            checking.put(id, new Waiting(from, write));
            ask(id, write.sequencer());
        } else if (message instanceof SequencerChecked checked) {
            Waiting waiting = checking.remove(checked.id());
            if (waiting != null) {
                Sequencer sequencer = waiting.write().sequencer();
                boolean newestStill = sequencer.generation() >= newest.getOrDefault(sequencer.lock(), 0L);
                decide(waiting.client(), waiting.write(), checked.valid() && newestStill);
            }
        } else if (message instanceof NotMaster notMaster) {
            int named = notMaster.master().map(name -> servers.indexOf(NodeId.of(name))).orElse(-1);
            if (named >= 0 && named != Math.floorMod(guess, servers.size())) {
                guess = named;
                checking.forEach((id, waiting) -> send(id, waiting.write().sequencer())); // at once, to the master
            } else if (from.equals(servers.get(Math.floorMod(guess, servers.size())))) {
                guess++; // it knows no master: the next retry tries another server
            }
        }
    }

    /** Asks the cell (its master, as far as this resource knows) about {@code sequencer}, until it answers. */
    private void ask(long id, Sequencer sequencer) {
        if (!checking.containsKey(id)) {
            return;
        }
        NodeId asked = send(id, sequencer);
        ctx.schedule(config.retryInterval(), () -> {
            if (checking.containsKey(id)) {
                if (asked.equals(servers.get(Math.floorMod(guess, servers.size())))) {
                    guess++; // no answer from the one it thought was master: try the next
                }
                ask(id, sequencer);
            }
        });
    }

    private NodeId send(long id, Sequencer sequencer) {
        NodeId server = servers.get(Math.floorMod(guess, servers.size()));
        ctx.send(server, new CheckSequencerRequest(id, sequencer));
        return server;
    }

    private void decide(NodeId client, ResourceWrite write, boolean accepted) {
        Sequencer sequencer = write.sequencer();
        newest.merge(sequencer.lock(), sequencer.generation(), Math::max);
        if (accepted) {
            data.put(sequencer.lock(), write.data());
        }
        Decision decision = new Decision(write.id(), write.holder(), sequencer, accepted);
        decisions.add(decision);
        for (Consumer<Decision> listener : List.copyOf(listeners)) {
            listener.accept(decision);
        }
        ctx.send(client, new ResourceWriteResult(write.id(), accepted));
    }

    /** Calls {@code listener} at each decision, when it is made (a test stamps it with the simulation's time). */
    public void onDecision(Consumer<Decision> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Every decision so far, in order. */
    public List<Decision> decisions() {
        return List.copyOf(decisions);
    }

    /** What the resource holds for {@code lock}'s data (null: nothing accepted yet). */
    public String data(String lock) {
        return data.get(lock);
    }
}
