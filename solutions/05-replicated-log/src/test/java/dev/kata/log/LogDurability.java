package dev.kata.log;

import dev.kata.election.GenerationClock;
import dev.kata.log.LogMessage.Appended;
import dev.kata.log.LogMessage.Prepare;
import dev.kata.log.LogMessage.Promise;
import dev.kata.runtime.disk.ScopedDisk;
import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.sim.DurabilityWatch;
import dev.kata.runtime.sim.DurabilityWatch.CrashImage;
import dev.kata.runtime.wire.RecordCodec;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the runtime's {@link DurabilityWatch} checks in this module, at every send: "on disk before it is
 * announced". An {@link Appended} that says "I hold up to m" needs the entries up to m on the crash
 * image (a crash right now must not take them back, or a committed entry could be on fewer than a
 * majority); a {@link Promise} or a node's own {@link Prepare} of generation g needs the clock at g
 * on it (a promise forgotten is a vote given twice).
 */
final class LogDurability implements DurabilityWatch.Check {

    private final RecordCodec codec;
    /**
     * Per node, an index its crash image was seen to hold: an acknowledgement up to it needs no look (the
     * look opens the log, and a run acknowledges thousands of times). A follower that truncated and then
     * acknowledged unforced entries below it would slip through; the next acknowledgement above it does not.
     */
    private final Map<NodeId, Long> verified = new HashMap<>();

    LogDurability(RecordCodec codec) {
        this.codec = codec;
    }

    @Override
    public Optional<String> check(NodeId self, NodeId to, Message message, CrashImage image) {
        if (message instanceof Appended appended && appended.success()
                && appended.matchIndex() > verified.getOrDefault(self, 0L)) {
            long durable = image.read("the log", disk -> {
                try (ReplicaLog log = ReplicaLog.open(new ScopedDisk(disk, ReplicaNode.LOG_FILES), codec)) {
                    return log.lastIndex();
                }
            });
            verified.put(self, durable);
            if (durable < appended.matchIndex()) {
                return Optional.of("a crash right now would leave its log ending at " + durable + ", below the "
                        + "entries up to " + appended.matchIndex() + " it acknowledges: the leader could count an entry "
                        + "as committed that a majority does not hold. Force the log, then answer.");
            }
        } else if (message instanceof Promise promise) {
            return generation(image, promise.generation(), "promise");
        } else if (message instanceof Prepare prepare && to.equals(self)) {
            return generation(image, prepare.generation(), "candidacy");
        }
        return Optional.empty();
    }

    private static Optional<String> generation(CrashImage image, long generation, String what) {
        long durable = image.read("the generation clock", disk -> {
            try (GenerationClock clock = GenerationClock.open(new ScopedDisk(disk, ReplicaNode.CLOCK_FILES))) {
                return clock.generation();
            }
        });
        if (durable >= generation) {
            return Optional.empty();
        }
        return Optional.of("its " + what + " in generation " + generation + " is not on disk (a crash right now leaves "
                + "generation " + durable + "): after a restart it could vote again in it. Persist, then send.");
    }
}
