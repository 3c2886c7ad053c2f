package dev.kata.runtime.net;

import dev.kata.runtime.node.Message;
import java.util.List;
import java.util.Objects;

/**
 * Which messages a server accepts from a client connection. Servers prove who they are in the
 * hello ({@link ClusterSecret}); clients do not, so a client may only send the requests a module
 * meant for clients, never a server-to-server message (a replica write, a vote, a heartbeat).
 * A connection that sends anything else is closed, with one warning.
 *
 * <p>A module declares it once, next to its codec:
 * <pre>{@code
 * RecordCodec CODEC = RecordCodec.builder().registerSealed("quorum", QuorumMessage.class).build();
 * ClientMessages CLIENT_MESSAGES = ClientMessages.only(ClientWrite.class, ClientRead.class);
 * }</pre>
 * and the real driver is told: {@code config.withClientMessages(CLIENT_MESSAGES)}. A type may be
 * an interface: {@code only(ClientRequest.class)} lets clients send every record that implements it.
 */
public final class ClientMessages {

    private static final ClientMessages ANY = new ClientMessages(List.of(Message.class));
    private static final ClientMessages NONE = new ClientMessages(List.of());

    private final List<Class<? extends Message>> allowed;

    private ClientMessages(List<Class<? extends Message>> allowed) {
        this.allowed = allowed;
    }

    /**
     * Clients may send every message type. The default, so that a module that has not declared its
     * client messages still runs; a cluster on a network anyone can reach should say {@link #only}.
     */
    public static ClientMessages any() {
        return ANY;
    }

    /** Clients may send nothing: a cluster whose clients only listen, or that has none. */
    public static ClientMessages none() {
        return NONE;
    }

    /** Clients may send messages of these types (records, or interfaces they implement), nothing else. */
    @SafeVarargs
    public static ClientMessages only(Class<? extends Message>... types) {
        for (Class<? extends Message> type : types) {
            Objects.requireNonNull(type, "a client message type");
        }
        return new ClientMessages(List.of(types));
    }

    /** Whether a client may send this message. */
    public boolean allows(Message message) {
        for (Class<? extends Message> type : allowed) {
            if (type.isInstance(message)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        if (this == ANY) {
            return "any message";
        }
        return allowed.isEmpty() ? "no message"
                : String.join(", ", allowed.stream().map(Class::getSimpleName).toList());
    }
}
