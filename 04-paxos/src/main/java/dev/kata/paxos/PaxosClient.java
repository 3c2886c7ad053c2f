// Generated from solutions/04-paxos/src/main/java/dev/kata/paxos/PaxosClient.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint f75c673812a0
package dev.kata.paxos;

import dev.kata.paxos.ClientMessage.KvReply;
import dev.kata.paxos.ClientMessage.KvRequest;
import dev.kata.paxos.ClientMessage.Operation;
import dev.kata.runtime.checker.KvCommand;
import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.sim.ClientProtocol;
import dev.kata.runtime.sim.ClientReply;
import java.util.List;

/**
 * How a simulated client talks to the key-value store of step 7. Any server takes any operation, so the
 * client asks them in turn, one per operation.
 *
 * <p>It never records an operation as failed, and never sends one operation to a second server: a
 * server that started a round and then went quiet may still have its value chosen, so an operation
 * without an answer ends as unknown when the client gives up. A second server would run a second round,
 * and the operation could take effect twice.
 */
public final class PaxosClient implements ClientProtocol {

    private final List<NodeId> servers;
    private int next;
    private NodeId current;

    /** Asks {@code servers} in turn, starting with the one at index {@code first}. */
    public PaxosClient(List<NodeId> servers, int first) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("a client needs at least one server to ask");
        }
        this.servers = List.copyOf(servers);
        this.next = Math.floorMod(first, servers.size());
    }

    /** Asks only {@code server}: to script who proposes. */
    public static PaxosClient pinned(NodeId server) {
        return new PaxosClient(List.of(server), 0);
    }

    @Override
    public Message request(NodeId client, long sequence, KvCommand command) {
        current = servers.get(next);
        next = (next + 1) % servers.size();
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
        return current; // a retry (same sequence) goes to the same server, which drops it as a copy
    }

    @Override
    public ClientReply interpret(Message reply, long sequence) {
        if (reply instanceof KvReply ok && ok.sequence() == sequence) {
            return ClientReply.ok(ok.result());
        }
        return ClientReply.ignore(); // a late answer to an earlier operation, or a copy
    }

    /** The server the current (or last) operation went to. */
    public NodeId currentServer() {
        return current;
    }
}
