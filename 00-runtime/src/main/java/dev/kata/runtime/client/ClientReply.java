package dev.kata.runtime.client;

import dev.kata.runtime.node.NodeId;
import java.util.Objects;

/**
 * What a reply means to a client driver, as its {@link ClientProtocol} reads it.
 *
 * @param <R> the results of the client's commands
 */
public sealed interface ClientReply<R> {

    /** The operation took effect, with this result (for a key-value store: a read's value or null, "true"/"false" for a CAS). */
    record Ok<R>(R result) implements ClientReply<R> {
    }

    /** The system says the operation did not, and never will, take effect. */
    record Fail<R>(String reason) implements ClientReply<R> {
        public Fail {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Ask {@code server} instead, at once (a follower naming its leader). Counts as another attempt. */
    record Redirect<R>(NodeId server) implements ClientReply<R> {
        public Redirect {
            Objects.requireNonNull(server, "server");
        }
    }

    /** Not an answer to the operation in flight (a duplicate, or a late reply to an earlier one). */
    record Ignore<R>() implements ClientReply<R> {
    }

    static <R> ClientReply<R> ok(R result) {
        return new Ok<>(result);
    }

    static <R> ClientReply<R> fail(String reason) {
        return new Fail<>(reason);
    }

    static <R> ClientReply<R> redirect(NodeId server) {
        return new Redirect<>(server);
    }

    static <R> ClientReply<R> ignore() {
        return new Ignore<>();
    }
}
