package dev.kata.runtime.sim;

/**
 * The messages sent on behalf of one client operation: its request, and everything that followed
 * from it. The simulation follows causes: a message sent, or a timer set, while a node handled an
 * event caused by operation 7 is caused by operation 7 too. Retries and the messages of a
 * leader's fan-out therefore count; a heartbeat timer set in {@code onStart} never does.
 *
 * @param operationId the operation's id in the simulation's {@link dev.kata.runtime.checker.History}
 * @param messages    messages sent on its behalf, the client's own included
 * @param bytes       their encoded size
 */
public record OperationCost(long operationId, long messages, long bytes) {
}
