package dev.kata.quorum;

import dev.kata.quorum.QuorumMessage.ClientRead;
import dev.kata.quorum.QuorumMessage.ClientWrite;
import dev.kata.quorum.QuorumMessage.QuorumError;
import dev.kata.quorum.QuorumMessage.ReadOk;
import dev.kata.quorum.QuorumMessage.WriteOk;
import dev.kata.runtime.checker.KvCommand;
import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.client.ClientProtocol;
import dev.kata.runtime.client.ClientReply;
import java.util.ArrayList;
import java.util.List;

/**
 * How a simulated client talks to the quorum store. Any server can coordinate, so the client asks
 * them in turn: each operation goes to the next server of its list (a retry goes to the same one,
 * which recognises it by its sequence number).
 *
 * <p>What an error means depends on the operation. A read that failed had no effect: it is recorded
 * as failed. A write that failed to reach W replicas may still have reached some, and a later read
 * may find it and spread it: the client does not record it as failed, but waits out its own timeout
 * and records it as unknown. That is the only honest outcome.
 */
public final class QuorumClient implements ClientProtocol<KvCommand, String> {

    private final List<NodeId> servers;
    private int next;
    private NodeId current;
    private KvCommand command;
    private final List<String> errors = new ArrayList<>();

    /** Asks {@code servers} in turn, starting with the one at index {@code first}. */
    public QuorumClient(List<NodeId> servers, int first) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("a client needs at least one server to ask");
        }
        this.servers = List.copyOf(servers);
        this.next = Math.floorMod(first, servers.size());
    }

    /** Asks only {@code server}. */
    public static QuorumClient pinned(NodeId server) {
        return new QuorumClient(List.of(server), 0);
    }

    @Override
    public Message request(NodeId client, long sequence, KvCommand command) {
        this.command = command;
        this.current = servers.get(next);
        next = (next + 1) % servers.size();
        if (command instanceof KvCommand.Read read) {
            return new ClientRead(client.name(), sequence, read.key());
        } else if (command instanceof KvCommand.Write write) {
            return new ClientWrite(client.name(), sequence, write.key(), write.value());
        }
        throw new IllegalArgumentException("a quorum store has no " + command + ": it offers reads and writes only"
                + " (a compare-and-set needs consensus: module 04)");
    }

    @Override
    public NodeId server(int attempt) {
        return current;
    }

    @Override
    public ClientReply<String> interpret(Message reply, long sequence) {
        if (reply instanceof ReadOk ok && ok.sequence() == sequence) {
            return ClientReply.ok(ok.value());
        }
        if (reply instanceof WriteOk ok && ok.sequence() == sequence) {
            return ClientReply.ok(null);
        }
        if (reply instanceof QuorumError error && error.sequence() == sequence) {
            errors.add(error.reason());
            if (command instanceof KvCommand.Read) {
                return ClientReply.fail(error.reason()); // a read changes nothing: it surely did not happen
            }
            return ClientReply.ignore(); // a write may have reached some replicas: unknown, when the client gives up
        }
        return ClientReply.ignore(); // a late answer to an earlier operation
    }

    /** The reasons of every error a coordinator answered this client with, oldest first. */
    public List<String> errors() {
        return List.copyOf(errors);
    }

    /** The server the current (or last) operation went to. */
    public NodeId currentServer() {
        return current;
    }
}
