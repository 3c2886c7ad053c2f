package dev.kata.quorum;

import dev.kata.quorum.QuorumMessage.ClientRead;
import dev.kata.quorum.QuorumMessage.ClientWrite;
import dev.kata.runtime.cell.NodeProgram;
import dev.kata.runtime.net.ClientMessages;
import dev.kata.runtime.node.NodeFactory;
import dev.kata.runtime.wire.MessageCodec;

/**
 * The quorum store as a cell's processes run it ({@code CellNode --program dev.kata.quorum.QuorumProgram}):
 * three or more servers, W = R = a majority, linearizable reads; clients may send reads and writes only.
 */
public final class QuorumProgram implements NodeProgram {

    /** N = 3, W = R = 2, reads repaired before they answer (SYNC). */
    static final QuorumConfig CONFIG = QuorumConfig.linearizable(3);

    @Override
    public MessageCodec codec() {
        return QuorumMessage.CODEC;
    }

    @Override
    public NodeFactory factory() {
        return QuorumNode.factory(CONFIG);
    }

    @Override
    public ClientMessages clientMessages() {
        return ClientMessages.only(ClientRead.class, ClientWrite.class);
    }
}
