package dev.kata.runtime.sim;

/**
 * What a run did, counted: the same on every run of the same seed, so a test can hold a protocol to a
 * budget ({@code assertThat(sim.counts().messagesSent()).isLessThan(...)}).
 *
 * @param events               events handled: deliveries, timers fired, test and fault actions
 * @param messagesSent         messages nodes and clients sent (duplicates the network made not included)
 * @param bytesSent            their encoded size (zero when messages are passed through uncoded)
 * @param messagesDelivered    messages handed to a node, duplicates included
 * @param messagesDropped      messages lost: by the network, a cut link, or a receiver that was down
 * @param messagesDuplicated   extra copies the network made
 * @param timersFired          timers that ran (cancelled ones not included)
 * @param operations           client operations invoked
 * @param backgroundMessages   messages caused by no client operation (heartbeats, elections)
 * @param backgroundBytes      their encoded size
 */
public record Counts(long events, long messagesSent, long bytesSent, long messagesDelivered, long messagesDropped,
                     long messagesDuplicated, long timersFired, long operations, long backgroundMessages,
                     long backgroundBytes) {

    /** Messages sent on behalf of client operations, per operation (0 if there were none). */
    public double messagesPerOperation() {
        return operations == 0 ? 0 : (double) (messagesSent - backgroundMessages) / operations;
    }

    /** Bytes sent on behalf of client operations, per operation (0 if there were none). */
    public double bytesPerOperation() {
        return operations == 0 ? 0 : (double) (bytesSent - backgroundBytes) / operations;
    }
}
