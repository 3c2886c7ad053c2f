package dev.kata.runtime.checker;

import java.util.Objects;

/**
 * A write that reached a resource guarded by fencing (a storage server that checks sequencers),
 * as the resource decided on it: recorded by the resource, or by the test watching it, in the
 * simulation's true time.
 *
 * @param id         unique among the writes checked together, to name it in explanations
 * @param client     who sent it: the lock holder it claims to come from
 * @param lock       the lock whose generation it carries
 * @param generation the generation (sequencer) it carries
 * @param at         when the resource decided, in nanoseconds of the simulation's true time
 * @param accepted   whether the resource accepted it
 */
public record FencedWrite(long id, String client, String lock, long generation, long at, boolean accepted) {

    public FencedWrite {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(lock, "lock");
    }

    @Override
    public String toString() {
        return "write " + id + " by client " + client + " with " + lock + "'s generation " + generation + " at "
                + Explainer.ms(at) + ", " + (accepted ? "accepted" : "rejected");
    }
}
