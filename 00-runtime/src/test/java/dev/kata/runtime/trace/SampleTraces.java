package dev.kata.runtime.trace;

import dev.kata.runtime.trace.TraceEvent.ClientCompleted;
import dev.kata.runtime.trace.TraceEvent.ClientInvoked;
import dev.kata.runtime.trace.TraceEvent.Crashed;
import dev.kata.runtime.trace.TraceEvent.Delivered;
import dev.kata.runtime.trace.TraceEvent.Dropped;
import dev.kata.runtime.trace.TraceEvent.Duplicated;
import dev.kata.runtime.trace.TraceEvent.InvariantViolated;
import dev.kata.runtime.trace.TraceEvent.Note;
import dev.kata.runtime.trace.TraceEvent.PartitionChanged;
import dev.kata.runtime.trace.TraceEvent.Paused;
import dev.kata.runtime.trace.TraceEvent.Restarted;
import dev.kata.runtime.trace.TraceEvent.Resumed;
import dev.kata.runtime.trace.TraceEvent.Sent;
import dev.kata.runtime.trace.TraceEvent.TimerFired;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Hand-made traces for the page's tests and its demo, written as the simulation would record them. */
final class SampleTraces {

    private static final long MS = 1_000_000;

    private SampleTraces() {
    }

    /**
     * A stale read: n1 leads, a partition cuts it off with client c1, n2 is elected and takes c2's
     * write, and the old leader n1 still answers c1's read from its own state. The checker
     * highlights the write and the stale read. n3 also crashes and restarts, and n1 has a pause.
     */
    static Trace staleRead() {
        Events e = new Events();
        e.add(new Note(0, "n1", "became leader of term 1"));
        long put = e.invoke(1 * MS, "c1", "write(x, 1)");
        e.send(1 * MS, "c1", "n1", "Put[key=x, value=1, client=c1, seq=1]", 3 * MS);
        e.send(3 * MS, "n1", "n2", "Append[term=1, index=1, entry=x=1]", 5 * MS);
        long toN3 = e.send(3 * MS, "n1", "n3", "Append[term=1, index=1, entry=x=1]", 6 * MS);
        e.add(new Duplicated(3 * MS, toN3, 900, "n1", "n3"));
        e.add(new Delivered(8 * MS, 900, "n1", "n3", "Append[term=1, index=1, entry=x=1]"));
        e.send(5 * MS, "n2", "n1", "AppendOk[term=1, index=1]", 7 * MS);
        e.send(6 * MS, "n3", "n1", "AppendOk[term=1, index=1]", 9 * MS);
        e.send(7 * MS, "n1", "c1", "PutOk[seq=1]", 9 * MS);
        e.complete(9 * MS, "c1", put, "ok", null);

        e.add(new TimerFired(12 * MS, "n1", "heartbeat"));
        e.send(12 * MS, "n1", "n2", "Heartbeat[term=1, commit=1]", 14 * MS);
        e.send(12 * MS, "n1", "n3", "Heartbeat[term=1, commit=1]", 15 * MS);
        e.add(new PartitionChanged(16 * MS, "{n1, c1} | {n2, n3, c2}"));
        e.add(new TimerFired(22 * MS, "n1", "heartbeat"));
        e.drop(22 * MS, "n1", "n2", "Heartbeat[term=1, commit=1]", 24 * MS, "partition");
        e.drop(22 * MS, "n1", "n3", "Heartbeat[term=1, commit=1]", 25 * MS, "partition");
        e.add(new Paused(26 * MS, "n1"));

        e.add(new TimerFired(40 * MS, "n2", "election timeout"));
        e.add(new Note(40 * MS, "n2", "no heartbeat for 28 ms: standing for term 2"));
        e.send(40 * MS, "n2", "n3", "RequestVote[term=2, lastIndex=1]", 42 * MS);
        e.send(42 * MS, "n3", "n2", "Vote[term=2, granted=true]", 44 * MS);
        e.add(new Note(44 * MS, "n2", "became leader of term 2 with votes {n2, n3}"));

        long write = e.invoke(48 * MS, "c2", "write(x, 2)");
        e.send(48 * MS, "c2", "n2", "Put[key=x, value=2, client=c2, seq=1]", 50 * MS);
        e.send(50 * MS, "n2", "n3", "Append[term=2, index=2, entry=x=2]", 52 * MS);
        e.send(52 * MS, "n3", "n2", "AppendOk[term=2, index=2]", 54 * MS);
        e.send(54 * MS, "n2", "c2", "PutOk[seq=1]", 56 * MS);
        e.complete(56 * MS, "c2", write, "ok", null);

        e.add(new Resumed(58 * MS, "n1"));
        long read = e.invoke(60 * MS, "c1", "read(x)");
        e.send(60 * MS, "c1", "n1", "Get[key=x, client=c1, seq=2]", 62 * MS);
        e.add(new Note(62 * MS, "n1", "still believes it leads term 1; answers from its own state"));
        e.send(62 * MS, "n1", "c1", "GetOk[seq=2, value=1]", 64 * MS);
        e.complete(64 * MS, "c1", read, "ok", "1");

        long cas = e.invoke(66 * MS, "c2", "cas(x, 2 -> 3)");
        e.send(66 * MS, "c2", "n2", "Cas[key=x, expected=2, value=3]", 68 * MS);
        e.add(new Crashed(69 * MS, "n3"));
        e.drop(68 * MS, "n2", "n3", "Append[term=2, index=3, entry=x=3]", 70 * MS, "n3 is down");
        e.add(new TimerFired(86 * MS, "c2", "request timeout"));
        e.complete(86 * MS, "c2", cas, "unknown", null);
        e.add(new Restarted(90 * MS, "n3"));
        e.add(new PartitionChanged(92 * MS, "healed: one partition"));
        long failed = e.invoke(94 * MS, "c2", "write(y, 7)");
        e.send(94 * MS, "c2", "n2", "Put[key=y, value=7, client=c2, seq=3]", 96 * MS);
        e.send(96 * MS, "n2", "c2", "NotLeader[hint=none]", 98 * MS);
        e.complete(98 * MS, "c2", failed, "fail", null);
        e.invoke(100 * MS, "c1", "read(y)");
        e.send(100 * MS, "c1", "n1", "Get[key=y, client=c1, seq=3]", -1);

        return new Trace("Linearizable reads › a deposed leader never serves a stale read", 42,
                List.of("n1", "n2", "n3", "c1", "c2"), e.sorted(), Set.of(write, read),
                List.of("History is not linearizable for key x:",
                        "  c2 write(x, 2) completed ok at 56.000 ms, before c1 read(x) began at 60.000 ms,"
                                + " yet the read returned 1.",
                        "replay: ./kata test 05 --test 'LinearizableReadTest#staleLeaderRead' --seed 42"));
    }

    /** Two leaders in one term: the run stops at the violated invariant. */
    static Trace splitBrain() {
        Events e = new Events();
        e.add(new PartitionChanged(0, "{n1} | {n2, n3}"));
        e.add(new TimerFired(10 * MS, "n2", "election timeout"));
        e.send(10 * MS, "n2", "n3", "RequestVote[term=2]", 12 * MS);
        e.send(12 * MS, "n3", "n2", "Vote[term=2, granted=true]", 14 * MS);
        e.add(new Note(14 * MS, "n2", "leader of term 2"));
        e.add(new TimerFired(15 * MS, "n1", "election timeout"));
        e.add(new Note(15 * MS, "n1", "leader of term 2 <without a quorum & \"no votes\">"));
        e.add(new InvariantViolated(15 * MS, "at most one leader per term",
                "n1 and n2 both lead term 2"));
        return new Trace("Election › at most one leader per term", 7, List.of("n1", "n2", "n3"), e.sorted(),
                Set.of(), List.of("Invariant violated: at most one leader per term (n1 and n2 both lead term 2)"));
    }

    /**
     * A long, busy run: at least {@code count} events of five nodes gossiping and two clients, made from a
     * fixed seed so every call gives the same trace.
     */
    static Trace large(int count) {
        Random random = new Random(1234);
        Events e = new Events();
        List<String> nodes = List.of("n1", "n2", "n3", "n4", "n5", "c1", "c2");
        long now = 0;
        long op = -1;
        long highlighted = -1;
        while (e.size() < count) {
            now += 1 + random.nextInt(400_000);
            int kind = random.nextInt(20);
            if (kind == 0 && op < 0) {
                op = e.invoke(now, "c1", "write(k" + random.nextInt(5) + ", " + random.nextInt(100) + ")");
                if (e.size() > count * 9 / 10 && highlighted < 0) {
                    highlighted = op;
                }
            } else if (kind == 1 && op >= 0) {
                e.complete(now, "c1", op, random.nextBoolean() ? "ok" : "unknown", null);
                op = -1;
            } else if (kind == 2) {
                e.add(new TimerFired(now, nodes.get(random.nextInt(5)), "heartbeat"));
            } else {
                String from = nodes.get(random.nextInt(5));
                String to = nodes.get(random.nextInt(5));
                long delay = 100_000 + random.nextInt(2_000_000);
                if (kind == 3) {
                    e.drop(now, from, to, "Gossip[round=" + e.size() + "]", now + delay, "network");
                } else {
                    e.send(now, from, to, "Gossip[round=" + e.size() + ", digest=<a&b>]", now + delay);
                }
            }
        }
        return new Trace("A long run", 99, nodes, e.sorted(),
                highlighted < 0 ? Set.of() : Set.of(highlighted), List.of("a long run for the size check"));
    }

    /** Collects events in any order and sorts them by time, as the simulation records them. */
    private static final class Events {
        private final List<TraceEvent> events = new ArrayList<>();
        private long nextMessage = 1;
        private long nextOperation = 0;

        void add(TraceEvent event) {
            events.add(event);
        }

        int size() {
            return events.size();
        }

        /** A message sent and delivered at {@code deliveredAt}; negative: never delivered. */
        long send(long at, String from, String to, String message, long deliveredAt) {
            long id = nextMessage++;
            events.add(new Sent(at, id, from, to, message, message.length()));
            if (deliveredAt >= 0) {
                events.add(new Delivered(deliveredAt, id, from, to, message));
            }
            return id;
        }

        void drop(long at, String from, String to, String message, long droppedAt, String reason) {
            long id = nextMessage++;
            events.add(new Sent(at, id, from, to, message, message.length()));
            events.add(new Dropped(droppedAt, id, from, to, reason));
        }

        long invoke(long at, String client, String operation) {
            long id = nextOperation++;
            events.add(new ClientInvoked(at, client, id, operation));
            return id;
        }

        void complete(long at, String client, long operation, String outcome, String result) {
            events.add(new ClientCompleted(at, client, operation, outcome, result));
        }

        List<TraceEvent> sorted() {
            // A stable sort: events at the same time keep the order they were added in.
            List<TraceEvent> sorted = new ArrayList<>(events);
            sorted.sort(Comparator.comparingLong(TraceEvent::time));
            return sorted;
        }
    }
}
