package dev.kata.runtime.node;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * What a node does with the responses to one request it waits for in a {@link RequestWaitingList}.
 *
 * @param <R> the type of response
 */
public interface RequestCallback<R> {

    /**
     * A response arrived from {@code from}. Return true when the request is done (the waiting list
     * then forgets it and cancels its timeout), false to wait for more, as a quorum does. The network
     * may duplicate messages: count distinct senders, not calls.
     */
    boolean onResponse(NodeId from, R response);

    /** The timeout passed before the request was done. Whether it took effect is unknown. */
    void onTimeout();

    /** A callback done at the first response. */
    static <R> RequestCallback<R> firstResponse(Consumer<R> onResponse, Runnable onTimeout) {
        Objects.requireNonNull(onResponse, "onResponse");
        Objects.requireNonNull(onTimeout, "onTimeout");
        return new RequestCallback<>() {
            @Override
            public boolean onResponse(NodeId from, R response) {
                onResponse.accept(response);
                return true;
            }

            @Override
            public void onTimeout() {
                onTimeout.run();
            }
        };
    }
}
