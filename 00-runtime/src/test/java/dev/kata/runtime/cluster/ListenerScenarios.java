package dev.kata.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.runtime.checker.KvCommand;
import dev.kata.runtime.client.ClientConfig;
import dev.kata.runtime.cluster.PushMessage.Pushed;
import dev.kata.runtime.cluster.PushMessage.Relay;
import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.Node;
import dev.kata.runtime.node.NodeContext;
import dev.kata.runtime.node.NodeFactory;
import dev.kata.runtime.node.NodeId;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Nodes that are not members of the cluster but listen (a client that servers push to, a resource
 * server), written once against the {@link Cluster} seam and run on every driver: a server reaches
 * a listener by its id alone, whether the listener connected to another server or to none.
 */
abstract class ListenerScenarios extends ClusterScenarios<KvCommand, String> {

    static final NodeId N1 = NodeId.of("n1");
    static final NodeId N2 = NodeId.of("n2");
    static final List<NodeId> SERVERS = List.of(N1, N2);
    static final NodeId L1 = NodeId.of("l1");
    static final NodeId L2 = NodeId.of("l2");
    static final List<NodeId> LISTENERS = List.of(L1, L2);
    static final ClientConfig CLIENTS = ClientConfig.defaults();
    static final Duration WAIT = Duration.ofSeconds(20);
    /** A relay is sent again this often until its push arrives: a first message may meet a connection still being dialled. */
    static final Duration AGAIN = Duration.ofMillis(200);

    /**
     * A listener that keeps what it hears and, if it has a {@link Relay} to send, sends it to
     * {@code ask} every {@link #AGAIN} until {@code done} says the push arrived.
     */
    static final class Listener implements Node {
        final Queue<Message> heard = new ConcurrentLinkedQueue<>();
        private final NodeContext ctx;
        private final NodeId ask;
        private final Relay relay;
        private final BooleanSupplier done;

        Listener(NodeContext ctx, NodeId ask, Relay relay, BooleanSupplier done) {
            this.ctx = ctx;
            this.ask = ask;
            this.relay = relay;
            this.done = done;
        }

        @Override
        public void onStart() {
            if (relay != null) {
                relay();
            }
        }

        private void relay() {
            if (!done.getAsBoolean()) {
                ctx.send(ask, relay);
                ctx.schedule(AGAIN, this::relay);
            }
        }

        @Override
        public void onMessage(NodeId from, Message message) {
            heard.add(message);
        }
    }

    /** Starts a listener that sends {@code relay} (if not null) to {@code ask}, and returns it once the driver has created it. */
    Listener listen(NodeId id, NodeId ask, Relay relay, BooleanSupplier done) {
        Queue<Listener> created = new ConcurrentLinkedQueue<>();
        NodeFactory factory = ctx -> {
            Listener listener = new Listener(ctx, ask, relay, done);
            created.add(listener);
            return listener;
        };
        assertThat(cluster.startListener(id.name(), factory)).isEqualTo(id);
        cluster.awaitUntil(() -> !created.isEmpty(), WAIT, id + " is created");
        return created.peek();
    }

    @Test
    @DisplayName("a listener that connected to one server hears a push from another, which it never dialled")
    void pushFromAnotherServer() {
        Queue<Message> heard = new ConcurrentLinkedQueue<>();
        Listener l1 = listen(L1, N1, new Relay("l1", "n2", "hello l1"), () -> !heard.isEmpty());
        cluster.awaitUntil(() -> !l1.heard.isEmpty(), WAIT, "l1 hears n2's push");
        heard.addAll(l1.heard);
        assertThat(l1.heard.peek()).isEqualTo(new Pushed("hello l1 by n2"));
    }

    @Test
    @DisplayName("a listener that never connected to any server is reached by its id alone")
    void pushToASilentListener() {
        Listener l2 = listen(L2, null, null, () -> true);
        // l1 asks n1 for a push to l2 through n2: neither server has ever heard from l2.
        Listener l1 = listen(L1, N1, new Relay("l2", "n2", "hello l2"), () -> !l2.heard.isEmpty());
        cluster.awaitUntil(() -> !l2.heard.isEmpty(), WAIT, "l2 hears n2's push");
        assertThat(l2.heard.peek()).isEqualTo(new Pushed("hello l2 by n2"));
        assertThat(l1.heard).as("what l1 heard: the push was for l2").isEmpty();
    }
}
