package dev.kata.quorum;

import dev.kata.quorum.QuorumMessage.ClientRead;
import dev.kata.quorum.QuorumMessage.ClientRequest;
import dev.kata.quorum.QuorumMessage.ClientWrite;
import dev.kata.quorum.QuorumMessage.ReplicaRead;
import dev.kata.quorum.QuorumMessage.ReplicaReadReply;
import dev.kata.quorum.QuorumMessage.ReplicaWrite;
import dev.kata.quorum.QuorumMessage.ReplicaWriteAck;
import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.Node;
import dev.kata.runtime.node.NodeContext;
import dev.kata.runtime.node.NodeFactory;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.node.SeenRequests;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A server of the quorum store. Every server plays two roles: it is a {@link Replica} that keeps
 * a copy of every key, and a {@link Coordinator} that any client may ask to read or write. There is
 * no leader: any server coordinates any request.
 *
 * <p>Given code: it routes messages to the two roles and recognises a client's duplicated or retried
 * request by its client id and sequence number (Idempotent Receiver), so a request the network
 * delivers twice is not carried out twice. The sequence numbers are kept on disk before a request is
 * carried out: a copy that arrives after a crash and restart is still recognised. Carried out again,
 * a write would get a newer version and undo the writes acknowledged since.
 */
public final class QuorumNode implements Node {

    private final NodeContext ctx;
    private final QuorumConfig config;
    private Replica replica;
    private Coordinator coordinator;
    /** Per client: the sequence number of its latest request, on disk so that it survives a crash. */
    private SeenRequests seen;
    /**
     * Per client: the answer to its latest request, once there is one. In memory only: after a
     * restart, a retry of a request carried out before the crash gets no answer, and the client
     * records its outcome as unknown.
     */
    private final Map<String, QuorumMessage> latestAnswer = new HashMap<>();

    public QuorumNode(NodeContext ctx, QuorumConfig config) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The factory a simulation or a real driver starts nodes with: {@code sim.addServers(3, QuorumNode.factory(config))}. */
    public static NodeFactory factory(QuorumConfig config) {
        Objects.requireNonNull(config, "config");
        return ctx -> new QuorumNode(ctx, config);
    }

    @Override
    public void onStart() {
        if (ctx.cluster().size() != config.n()) {
            throw new IllegalStateException("the configuration says N = " + config.n() + " replicas, but the cluster has "
                    + ctx.cluster().size() + " servers " + ctx.cluster() + ": every server is a replica, so N must be the"
                    + " cluster's size");
        }
        replica = new Replica(ctx, ReplicaStore.open(ctx.disk()));
        coordinator = new Coordinator(ctx, config);
        seen = SeenRequests.open(ctx.disk(), "coordinator.clients");
    }

    @Override
    public void onMessage(NodeId from, Message message) {
        if (message instanceof ReplicaRead read) {
            replica.onRead(from, read);
        } else if (message instanceof ReplicaWrite write) {
            replica.onWrite(from, write);
        } else if (message instanceof ReplicaReadReply reply) {
            coordinator.onReadReply(from, reply);
        } else if (message instanceof ReplicaWriteAck ack) {
            coordinator.onWriteAck(from, ack);
        } else if (message instanceof ClientRequest request) {
            onClientRequest(from, request);
        }
    }

    private void onClientRequest(NodeId client, ClientRequest request) {
        if (!seen.isNew(request.client(), request.sequence())) {
            QuorumMessage answered = latestAnswer.get(request.client());
            if (seen.latest(request.client()).getAsLong() == request.sequence() && answered != null) {
                ctx.send(client, answered); // a retry of a request already answered: answer again
            }
            return; // a copy of a request still in progress, or of one the client has moved past
        }
        seen.record(request.client(), request.sequence()); // on disk before it is carried out
        latestAnswer.remove(request.client());
        Consumer<QuorumMessage> answer = reply -> {
            if (seen.latest(request.client()).getAsLong() == request.sequence()) {
                latestAnswer.put(request.client(), reply);
            }
            ctx.send(client, reply);
        };
        if (request instanceof ClientRead read) {
            coordinator.read(read, answer);
        } else if (request instanceof ClientWrite write) {
            coordinator.write(write, answer);
        }
    }

    /** What this replica holds for {@code key}: for tests and invariants to look at. */
    public Optional<VersionedValue> held(String key) {
        return replica.store().get(key);
    }

    public QuorumConfig config() {
        return config;
    }
}
