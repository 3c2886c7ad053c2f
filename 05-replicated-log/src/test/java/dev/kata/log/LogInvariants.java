// Generated from solutions/05-replicated-log/src/test/java/dev/kata/log/LogInvariants.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint 51ed006350ab
package dev.kata.log;

import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.sim.Simulation;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The replicated log's safety, checked after every event of a run, against {@link LogReplica} alone
 * (so that any implementation of the log can be held to it):
 *
 * <ul>
 *   <li><b>Agreement</b>: no two replicas commit (and so apply) different commands at one index.</li>
 *   <li><b>Durability of commitment</b>: an entry once committed anywhere is never lost: every leader of
 *       the generation it was committed in, or a later one, holds it in its log, through crashes, restarts and leader changes.</li>
 *   <li><b>The High-Water Mark never goes down</b>, on any replica, across its restarts too.</li>
 *   <li><b>Nothing is applied before it is committed.</b></li>
 * </ul>
 *
 * <p>What it has seen committed it remembers for the whole run, so a replica that lost a committed
 * entry is caught even if every replica that held it is down.
 */
final class LogInvariants {

    /** Every command seen committed, by index: what every replica must agree on. */
    private final TreeMap<Long, Command> committed = new TreeMap<>();
    /** Where each committed command was first seen: for the message. */
    private final Map<Long, String> committedBy = new HashMap<>();
    /**
     * For each committed index, the lowest generation of a replica seen holding it committed: it was
     * committed in that generation or before, so every leader of that generation or a later one holds it.
     */
    private final Map<Long, Long> committedBefore = new HashMap<>();
    /**
     * Per replica object (a restart makes a new one, which is checked from index 1 again), the index up to
     * which its committed entries were compared already: below its mark they never change.
     */
    private final Map<LogReplica, Long> checkedUpTo = new java.util.IdentityHashMap<>();
    /** The highest High-Water Mark each replica ever showed. */
    private final Map<NodeId, Long> highestMark = new HashMap<>();

    static <T extends LogReplica> LogInvariants install(Simulation sim, Class<T> type) {
        LogInvariants invariants = new LogInvariants();
        sim.invariant("the replicated log's safety", () -> {
            for (NodeId id : sim.servers()) {
                if (sim.isUp(id)) {
                    invariants.check(sim.node(id, type));
                }
            }
        });
        return invariants;
    }

    void check(LogReplica replica) {
        NodeId id = replica.id();
        long mark = replica.highWaterMark();
        long before = highestMark.getOrDefault(id, 0L);
        if (mark < before) {
            throw new AssertionError(id + "'s high-water mark went back from " + before + " to " + mark
                    + ": save it before you use it, and never lower it (a restart included)");
        }
        highestMark.put(id, mark);
        if (replica.lastApplied() > mark) {
            throw new AssertionError(id + " applied up to index " + replica.lastApplied() + " but only " + mark
                    + " is committed: apply an entry only once the high-water mark has passed it");
        }
        // Below its first index a replica holds a snapshot: those entries were compared when it held them,
        // or are another replica's, compared there.
        long from = Math.max(checkedUpTo.getOrDefault(replica, 0L), replica.firstIndex() - 1) + 1;
        for (long index = from; index <= mark; index++) {
            Command command = replica.entry(index).command();
            Command known = committed.putIfAbsent(index, command);
            committedBefore.merge(index, replica.generation(), Math::min);
            if (known == null) {
                committedBy.put(index, id + " in generation " + replica.generation());
            } else if (!known.equals(command)) {
                throw new AssertionError("two different commands committed at index " + index + ": " + known
                        + " (seen committed on " + committedBy.get(index) + ") and " + command + " on " + id
                        + " (generation " + replica.generation() + "): a committed entry was lost and replaced");
            }
        }
        checkedUpTo.put(replica, mark);
        if (replica.isLeader()) {
            // Up to its own mark the loop above compared them; above it, every index committed elsewhere.
            for (Map.Entry<Long, Command> entry : committed.tailMap(mark + 1).entrySet()) {
                long index = entry.getKey();
                if (committedBefore.get(index) > replica.generation()) {
                    continue; // a deposed leader that does not know it yet: its generation is older than the commit
                }
                if (index > replica.lastIndex() || !replica.entry(index).command().equals(entry.getValue())) {
                    throw new AssertionError(id + " leads generation " + replica.generation() + " but its log "
                            + (index > replica.lastIndex() ? "ends at " + replica.lastIndex()
                            : "holds " + replica.entry(index).command()) + " where index " + index
                            + " was committed as " + entry.getValue() + " (on " + committedBy.get(index)
                            + "): a new leader must recover every entry a majority may have committed");
                }
            }
        }
    }
}
