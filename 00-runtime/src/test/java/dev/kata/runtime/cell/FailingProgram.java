package dev.kata.runtime.cell;

import dev.kata.runtime.example.RegisterMessage;
import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.Node;
import dev.kata.runtime.node.NodeFactory;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.wire.MessageCodec;

/** A node whose handler throws at its first message: to see what a cell's process does then. */
public final class FailingProgram implements NodeProgram {

    @Override
    public MessageCodec codec() {
        return RegisterMessage.CODEC;
    }

    @Override
    public NodeFactory factory() {
        return context -> new Node() {
            @Override
            public void onMessage(NodeId from, Message message) {
                throw new IllegalStateException("a bug in the handler, as the test asked");
            }
        };
    }
}
