package dev.kata.runtime.client;

import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.NodeId;

/**
 * What a module tells a client driver (the simulation's {@code SimClient}) about its protocol: how a
 * command becomes a request, which server to ask, and what a reply means. One object per client, so
 * it may remember things between operations (the last known leader, for instance).
 *
 * <p>Generic in what the clients ask and what they are told: a key-value store's commands and
 * string results ({@code ClientProtocol<KvCommand, String>}), a lock service's lock commands and
 * lock generations, and so on. It lives outside the simulation package so that a module's main code
 * can implement it without depending on the simulation.
 *
 * <pre>{@code
 * final class KvClient implements ClientProtocol<KvCommand, String> {
 *     private final List<NodeId> servers;
 *     private NodeId leader;
 *
 *     public Message request(NodeId client, long sequence, KvCommand command) {
 *         return new ClientRequest(client.name(), sequence, command);
 *     }
 *     public NodeId server(int attempt) {
 *         return leader != null && attempt == 1 ? leader : servers.get(attempt % servers.size());
 *     }
 *     public ClientReply<String> interpret(Message reply, long sequence) {
 *         if (!(reply instanceof ClientResponse r) || r.sequence() != sequence) return ClientReply.ignore();
 *         if (r.notLeader()) return ClientReply.redirect(leader = NodeId.of(r.leaderHint()));
 *         return ClientReply.ok(r.value());
 *     }
 * }
 * }</pre>
 *
 * @param <C> the commands a client issues
 * @param <R> the results an answered command gives
 */
public interface ClientProtocol<C, R> {

    /**
     * The request that asks for {@code command}. {@code sequence} numbers this client's operations
     * 1, 2, 3, ...: with the client's id it lets a server recognise a retried request (Idempotent
     * Receiver). A retry sends the same request again.
     */
    Message request(NodeId client, long sequence, C command);

    /**
     * The server to send attempt {@code attempt} of the current operation to: 1 for the first send,
     * 2 and on for each retry after {@link ClientConfig#retryInterval()} without an answer.
     */
    NodeId server(int attempt);

    /**
     * What {@code reply} means for the operation in flight, whose sequence number is {@code sequence}:
     * an answer, a redirection, or nothing to do with it (a late reply to an earlier operation).
     */
    ClientReply<R> interpret(Message reply, long sequence);

    /**
     * The client crashed: forget what a process loses when it dies (the leader it knew, a session
     * it had opened). The simulation calls it; the operation in flight has ended as unknown.
     */
    default void crashed() {
    }
}
