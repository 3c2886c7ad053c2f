package dev.kata.runtime.sim;

import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.NodeId;
import java.util.Objects;

/**
 * Which messages a scripted fault applies to: by type (a record, or an interface such as a sealed
 * family of messages), sender and receiver, each a wildcard unless given.
 * <pre>{@code
 * MessageMatch.of(Heartbeat.class).from(n1)        // n1's heartbeats, to anyone
 * MessageMatch.of(Write.class).from(holder).to(fs) // the holder's writes to the file server
 * MessageMatch.any().to(n3)                        // everything sent to n3
 * }</pre>
 */
public final class MessageMatch {

    private final Class<? extends Message> type;
    private final NodeId from;
    private final NodeId to;

    private MessageMatch(Class<? extends Message> type, NodeId from, NodeId to) {
        this.type = type;
        this.from = from;
        this.to = to;
    }

    /** Every message. */
    public static MessageMatch any() {
        return new MessageMatch(Message.class, null, null);
    }

    /** Messages of {@code type} (or a subtype), from anyone to anyone. */
    public static MessageMatch of(Class<? extends Message> type) {
        return new MessageMatch(Objects.requireNonNull(type, "type"), null, null);
    }

    /** Only those that {@code sender} sends. */
    public MessageMatch from(NodeId sender) {
        return new MessageMatch(type, Objects.requireNonNull(sender, "sender"), to);
    }

    /** Only those sent to {@code receiver}. */
    public MessageMatch to(NodeId receiver) {
        return new MessageMatch(type, from, Objects.requireNonNull(receiver, "receiver"));
    }

    /** Whether {@code message}, sent from {@code sender} to {@code receiver}, is one of these. */
    public boolean matches(NodeId sender, NodeId receiver, Message message) {
        return type.isInstance(message) && (from == null || from.equals(sender)) && (to == null || to.equals(receiver));
    }

    /** "Heartbeat n1 -> *": the type's simple name, then sender and receiver, * for any. */
    @Override
    public String toString() {
        return (type == Message.class ? "any message" : type.getSimpleName()) + " " + (from == null ? "*" : from.name())
                + " -> " + (to == null ? "*" : to.name());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof MessageMatch m && type.equals(m.type) && Objects.equals(from, m.from)
                && Objects.equals(to, m.to);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, from, to);
    }
}
