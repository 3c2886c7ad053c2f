package dev.kata.log;

import dev.kata.election.ClientMessage.KvRequest;
import java.util.Objects;

/**
 * The command of a client's key-value request (03's {@link KvRequest}, as 03's {@code KvClient} sends
 * it): what the key-value state machine applies. It keeps the client id and sequence number, so that
 * every replica's state machine recognises a retry and answers it without applying it again.
 */
public record ClientCommand(KvRequest request) implements Command {
    public ClientCommand {
        Objects.requireNonNull(request, "request");
    }
}
