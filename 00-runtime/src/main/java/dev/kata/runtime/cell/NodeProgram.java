package dev.kata.runtime.cell;

import dev.kata.runtime.net.ClientMessages;
import dev.kata.runtime.node.NodeFactory;
import dev.kata.runtime.wire.MessageCodec;

/**
 * What a cell's processes run: a module's node, its wire encoding and what clients may send. The
 * {@link CellNode} launcher loads it by class name, so it needs a public constructor without
 * arguments:
 * <pre>{@code
 * public final class RegisterProgram implements NodeProgram {
 *     public MessageCodec codec() { return RegisterMessage.CODEC; }
 *     public NodeFactory factory() { return RegisterNode::new; }
 *     public ClientMessages clientMessages() { return ClientMessages.only(Request.class); }
 * }
 * }</pre>
 */
public interface NodeProgram {

    MessageCodec codec();

    NodeFactory factory();

    /** The messages servers accept from clients; every message unless the module says otherwise. */
    default ClientMessages clientMessages() {
        return ClientMessages.any();
    }
}
