package dev.kata.runtime.cluster;

import dev.kata.runtime.cell.NodeProgram;
import dev.kata.runtime.cluster.PushMessage.PushTo;
import dev.kata.runtime.cluster.PushMessage.Pushed;
import dev.kata.runtime.cluster.PushMessage.Relay;
import dev.kata.runtime.net.ClientMessages;
import dev.kata.runtime.node.NodeFactory;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.wire.MessageCodec;

/**
 * Servers that push to listeners: a {@link Relay} from a client names the server that must push, and
 * that server sends {@link Pushed} to the listener by its id alone. Clients may send relays only;
 * {@link PushTo} is between servers.
 */
public final class PushProgram implements NodeProgram {

    @Override
    public MessageCodec codec() {
        return PushMessage.CODEC;
    }

    @Override
    public NodeFactory factory() {
        return ctx -> (from, message) -> {
            if (message instanceof Relay relay && relay.through().equals(ctx.self().name())) {
                ctx.send(NodeId.of(relay.listener()), new Pushed(relay.text() + " by " + ctx.self()));
            } else if (message instanceof Relay relay) {
                ctx.send(NodeId.of(relay.through()), new PushTo(relay.listener(), relay.text()));
            } else if (message instanceof PushTo push) {
                ctx.send(NodeId.of(push.listener()), new Pushed(push.text() + " by " + ctx.self()));
            }
        };
    }

    @Override
    public ClientMessages clientMessages() {
        return ClientMessages.only(Relay.class);
    }
}
