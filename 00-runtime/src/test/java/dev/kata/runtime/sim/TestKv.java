package dev.kata.runtime.sim;

import dev.kata.runtime.checker.KvCommand;
import dev.kata.runtime.client.ClientReply;
import dev.kata.runtime.client.ClientProtocol;
import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.Node;
import dev.kata.runtime.node.NodeContext;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.sim.TestMessages.KvRequest;
import dev.kata.runtime.sim.TestMessages.KvResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A one-node key-value store and its client protocol, for the client tests. Only {@code primary} answers. */
final class TestKv {

    private TestKv() {
    }

    static final class Server implements Node {
        final NodeContext ctx;
        final NodeId primary;
        final Map<String, String> values = new HashMap<>();
        int requestsHandled;
        /** When set, the server stays silent (to test timeouts). */
        boolean mute;

        Server(NodeContext ctx, NodeId primary) {
            this.ctx = ctx;
            this.primary = primary;
        }

        @Override
        public void onMessage(NodeId from, Message message) {
            if (!(message instanceof KvRequest r) || mute) {
                return;
            }
            requestsHandled++;
            if (!ctx.self().equals(primary)) {
                ctx.send(from, new KvResponse(r.sequence(), false, "redirect:" + primary));
                return;
            }
            String result = switch (r.kind()) {
                case "read" -> values.get(r.key());
                case "write" -> {
                    values.put(r.key(), r.value());
                    yield null;
                }
                case "cas" -> {
                    if (Objects.equals(values.get(r.key()), r.expected())) {
                        values.put(r.key(), r.value());
                        yield "true";
                    }
                    yield "false";
                }
                case "refuse" -> "refused";
                default -> throw new IllegalArgumentException(r.kind());
            };
            ctx.send(from, new KvResponse(r.sequence(), !"refused".equals(result), result));
        }
    }

    /** Asks servers in turn, starting with the first; follows redirects. */
    static final class Protocol implements ClientProtocol<KvCommand, String> {
        final List<NodeId> servers;
        final List<Long> sequences = new ArrayList<>();
        int crashes;

        Protocol(List<NodeId> servers) {
            this.servers = servers;
        }

        @Override
        public Message request(NodeId client, long sequence, KvCommand command) {
            sequences.add(sequence);
            if (command instanceof KvCommand.Read read) {
                return new KvRequest(client.name(), sequence, "read", read.key(), null, null);
            } else if (command instanceof KvCommand.Write write) {
                return new KvRequest(client.name(), sequence, "write", write.key(), write.value(), null);
            } else {
                KvCommand.CompareAndSet cas = (KvCommand.CompareAndSet) command;
                String kind = "refuse".equals(cas.key()) ? "refuse" : "cas";
                return new KvRequest(client.name(), sequence, kind, cas.key(), cas.value(), cas.expected());
            }
        }

        @Override
        public NodeId server(int attempt) {
            return servers.get((attempt - 1) % servers.size());
        }

        @Override
        public ClientReply<String> interpret(Message reply, long sequence) {
            if (!(reply instanceof KvResponse r) || r.sequence() != sequence) {
                return ClientReply.ignore();
            }
            if (r.result() != null && r.result().startsWith("redirect:")) {
                return ClientReply.redirect(NodeId.of(r.result().substring("redirect:".length())));
            }
            return r.ok() ? ClientReply.ok(r.result()) : ClientReply.fail(r.result());
        }

        @Override
        public void crashed() {
            crashes++;
        }
    }
}
