package dev.kata.runtime.net;

import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.NodeId;

/** A message a {@link TcpClient} received, and the node that sent it. */
public record Envelope(NodeId from, Message message) {
}
