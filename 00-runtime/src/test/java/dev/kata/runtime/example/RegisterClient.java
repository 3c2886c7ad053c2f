package dev.kata.runtime.example;

import dev.kata.runtime.checker.KvCommand;
import dev.kata.runtime.example.RegisterMessage.Request;
import dev.kata.runtime.example.RegisterMessage.Response;
import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.client.ClientProtocol;
import dev.kata.runtime.client.ClientReply;

/** How a simulated client talks to the example register: one server, retried there on timeout. */
public final class RegisterClient implements ClientProtocol<KvCommand, String> {

    private final NodeId server;

    public RegisterClient(NodeId server) {
        this.server = server;
    }

    @Override
    public Message request(NodeId client, long sequence, KvCommand command) {
        if (command instanceof KvCommand.Read read) {
            return new Request(client.name(), sequence, "read", read.key(), null, null);
        } else if (command instanceof KvCommand.Write write) {
            return new Request(client.name(), sequence, "write", write.key(), write.value(), null);
        } else if (command instanceof KvCommand.CompareAndSet cas) {
            return new Request(client.name(), sequence, "cas", cas.key(), cas.value(), cas.expected());
        }
        throw new IllegalArgumentException("unknown command " + command);
    }

    @Override
    public NodeId server(int attempt) {
        return server;
    }

    @Override
    public ClientReply<String> interpret(Message reply, long sequence) {
        if (reply instanceof Response response && response.sequence() == sequence) {
            return ClientReply.ok(response.result());
        }
        return ClientReply.ignore(); // a late answer to an earlier request
    }
}
