package dev.kata.runtime.example;

import dev.kata.runtime.cell.NodeProgram;
import dev.kata.runtime.net.ClientMessages;
import dev.kata.runtime.node.NodeFactory;
import dev.kata.runtime.wire.MessageCodec;

/** The example register as a cell's processes run it: clients may send requests, nothing else. */
public final class RegisterProgram implements NodeProgram {

    @Override
    public MessageCodec codec() {
        return RegisterMessage.CODEC;
    }

    @Override
    public NodeFactory factory() {
        return RegisterNode::new;
    }

    @Override
    public ClientMessages clientMessages() {
        return ClientMessages.only(RegisterMessage.Request.class);
    }
}
