// Generated from solutions/02-quorum/src/main/java/dev/kata/quorum/QuorumNode.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint 6916df134248
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
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
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
    /** The file that keeps each client's latest sequence number across crashes. */
    static final String CLIENTS_FILE = "coordinator.clients";

    /**
     * Per client: the sequence number of its latest request (also in {@link #CLIENTS_FILE}), and the
     * answer to it once there is one (in memory only: after a restart, a retry of a request carried
     * out before the crash gets no answer, and the client records its outcome as unknown).
     */
    private final Map<String, Long> latestSequence = new HashMap<>();
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
        if (ctx.disk().exists(CLIENTS_FILE)) {
            latestSequence.putAll(readClients(ctx.disk().readAll(CLIENTS_FILE)));
        }
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
        Long latest = latestSequence.get(request.client());
        if (latest != null && request.sequence() <= latest) {
            QuorumMessage answered = latestAnswer.get(request.client());
            if (request.sequence() == latest && answered != null) {
                ctx.send(client, answered); // a retry of a request already answered: answer again
            }
            return; // a copy of a request still in progress, or of one the client has moved past
        }
        latestSequence.put(request.client(), request.sequence());
        ctx.disk().replace(CLIENTS_FILE, writeClients(latestSequence)); // durable before it is carried out
        latestAnswer.remove(request.client());
        Consumer<QuorumMessage> answer = reply -> {
            if (latestSequence.get(request.client()) == request.sequence()) {
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

    private static byte[] writeClients(Map<String, Long> sequences) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(sequences.size());
            for (Map.Entry<String, Long> e : new TreeMap<>(sequences).entrySet()) {
                out.writeUTF(e.getKey());
                out.writeLong(e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    private static Map<String, Long> readClients(byte[] bytes) {
        Map<String, Long> sequences = new HashMap<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                sequences.put(in.readUTF(), in.readLong());
            }
            if (in.available() > 0) {
                throw new IOException(in.available() + " bytes after the last client");
            }
        } catch (IOException e) {
            // Written whole by Disk.replace: only damage on the disk gets here. Refuse to start
            // rather than carry out again requests that were carried out before.
            throw new IllegalStateException(CLIENTS_FILE + " is damaged (" + e.getMessage() + "): cannot tell which "
                    + "client requests were already carried out", e);
        }
        return sequences;
    }

    /** What this replica holds for {@code key}: for tests and invariants to look at. */
    public Optional<VersionedValue> held(String key) {
        return replica.store().get(key);
    }

    public QuorumConfig config() {
        return config;
    }
}
