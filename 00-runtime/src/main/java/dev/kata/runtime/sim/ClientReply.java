package dev.kata.runtime.sim;

import dev.kata.runtime.node.NodeId;
import java.util.Objects;

/** What a reply means to a {@link SimClient}, as its {@link ClientProtocol} reads it. */
public sealed interface ClientReply {

    /** The operation took effect, with this result (a read's value, or null; "true"/"false" for a CAS). */
    record Ok(String result) implements ClientReply {
    }

    /** The system says the operation did not, and never will, take effect. */
    record Fail(String reason) implements ClientReply {
        public Fail {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Ask {@code server} instead, at once (a follower naming its leader). Counts as another attempt. */
    record Redirect(NodeId server) implements ClientReply {
        public Redirect {
            Objects.requireNonNull(server, "server");
        }
    }

    /** Not an answer to the operation in flight (a duplicate, or a late reply to an earlier one). */
    record Ignore() implements ClientReply {
    }

    static ClientReply ok(String result) {
        return new Ok(result);
    }

    static ClientReply fail(String reason) {
        return new Fail(reason);
    }

    static ClientReply redirect(NodeId server) {
        return new Redirect(server);
    }

    static ClientReply ignore() {
        return new Ignore();
    }
}
