package dev.kata.election;

import dev.kata.election.ClientMessage.KvRequest;
import dev.kata.runtime.cell.NodeProgram;
import dev.kata.runtime.net.ClientMessages;
import dev.kata.runtime.node.NodeFactory;
import dev.kata.runtime.wire.MessageCodec;
import java.time.Duration;

/**
 * The election cluster's key-value store as a cell's processes run it
 * ({@code CellNode --program dev.kata.election.ElectionProgram}); clients may send key-value requests only.
 */
public final class ElectionProgram implements NodeProgram {

    /**
     * The default timing, two or three times slower: on a machine shared by several JVMs, a heartbeat late by a
     * scheduling hiccup must not start an election every few seconds.
     */
    static final ElectionConfig REAL_TIME = new ElectionConfig(Duration.ofMillis(100), Duration.ofMillis(400),
            Duration.ofMillis(800), Duration.ofMillis(600), Duration.ofMillis(500), ElectionConfig.VersionStamp.GENERATION);

    @Override
    public MessageCodec codec() {
        return PeerMessage.CODEC;
    }

    @Override
    public NodeFactory factory() {
        return ElectionNode.factory(REAL_TIME);
    }

    @Override
    public ClientMessages clientMessages() {
        return ClientMessages.only(KvRequest.class);
    }
}
