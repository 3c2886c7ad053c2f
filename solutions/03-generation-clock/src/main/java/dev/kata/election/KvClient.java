package dev.kata.election;

import dev.kata.election.ClientMessage.KvReply;
import dev.kata.election.ClientMessage.KvRequest;
import dev.kata.election.ClientMessage.NotLeader;
import dev.kata.election.ClientMessage.Operation;
import dev.kata.runtime.checker.KvCommand;
import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.client.ClientProtocol;
import dev.kata.runtime.client.ClientReply;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How a simulated client talks to the key-value store behind the leader: it sends each operation to
 * the leader it last heard of (or to some server), and follows {@link NotLeader} answers to the
 * leader they name.
 *
 * <p>It never records an operation as failed, and never sends one operation twice to the same
 * server. A leader that started an operation and was then deposed says nothing at all, and the
 * operation may still turn up later (a write that reached one replica can be read and written back
 * by the next leader). So an operation without an answer ends as unknown when the client gives up.
 * And since each server hears an operation at most once from the client, a server that hears it again
 * knows it for a copy the network made, and drops it: a copy must not be carried out a second time by
 * a later leader.
 */
public final class KvClient implements ClientProtocol<KvCommand, String> {

    private final List<NodeId> servers;
    private NodeId leader;
    private NodeId asked;
    private boolean answered = true;
    private final Set<NodeId> askedThisOperation = new HashSet<>();
    private int next;

    /** A client of {@code servers}; it first asks the one at index {@code first}. */
    public KvClient(List<NodeId> servers, int first) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("a client needs at least one server to ask");
        }
        this.servers = List.copyOf(servers);
        this.next = Math.floorMod(first, servers.size());
    }

    /** A client that asks {@code server} first, and follows its answers from there: to script who hears a request. */
    public static KvClient startingAt(List<NodeId> servers, NodeId server) {
        if (!servers.contains(server)) {
            throw new IllegalArgumentException(server + " is not one of the servers " + servers);
        }
        return new KvClient(servers, servers.indexOf(server));
    }

    @Override
    public Message request(NodeId client, long sequence, KvCommand command) {
        if (!answered) {
            leader = null; // the last operation got no answer: its leader may be gone, ask around
        }
        answered = false;
        askedThisOperation.clear();
        if (command instanceof KvCommand.Read read) {
            return new KvRequest(client.name(), sequence, Operation.READ, read.key(), null, null);
        } else if (command instanceof KvCommand.Write write) {
            return new KvRequest(client.name(), sequence, Operation.WRITE, write.key(), write.value(), null);
        } else if (command instanceof KvCommand.CompareAndSet cas) {
            return new KvRequest(client.name(), sequence, Operation.COMPARE_AND_SET, cas.key(), cas.value(),
                    cas.expected());
        }
        throw new IllegalArgumentException("unknown command " + command);
    }

    @Override
    public NodeId server(int attempt) {
        asked = leader != null ? leader : nextServer();
        askedThisOperation.add(asked);
        return asked;
    }

    private NodeId nextServer() {
        NodeId server = servers.get(next);
        next = (next + 1) % servers.size();
        return server;
    }

    @Override
    public ClientReply<String> interpret(Message reply, long sequence) {
        if (reply instanceof KvReply ok && ok.sequence() == sequence) {
            answered = true;
            leader = asked; // only a leader answers
            return ClientReply.ok(ok.result());
        }
        if (reply instanceof NotLeader notLeader && notLeader.sequence() == sequence) {
            leader = notLeader.leader().map(NodeId::of).orElse(null);
            Optional<NodeId> target = leader != null && !askedThisOperation.contains(leader) ? Optional.of(leader)
                    : servers.stream().filter(s -> !askedThisOperation.contains(s)).findFirst();
            if (target.isEmpty()) {
                return ClientReply.ignore(); // every server was asked: wait, and give up as unknown
            }
            asked = target.get();
            askedThisOperation.add(asked);
            return ClientReply.redirect(asked);
        }
        return ClientReply.ignore(); // a late answer to an earlier operation, or a copy
    }

    /** The leader this client last heard of, or null. */
    public NodeId leader() {
        return leader;
    }
}
