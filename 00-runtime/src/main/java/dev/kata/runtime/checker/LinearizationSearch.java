package dev.kata.runtime.checker;

import dev.kata.runtime.checker.LinearizabilityResult.Verdict;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Looks for a linearization of one key's operations: an order, consistent with real time, in which
 * a {@link Register} gives every recorded answer. This is the Wing &amp; Gong search with Lowe's
 * improvements, the algorithm behind Knossos and Porcupine.
 *
 * <h2>How it works</h2>
 * The operations become a time-ordered list of events: a <em>call</em> when an operation was
 * invoked and a <em>return</em> when its answer came. Walking the list from the start, every call
 * seen before the first return belongs to an operation that could take effect next, because none
 * of them is known to have finished before another began. The search tries them in turn:
 * <ul>
 *   <li>If the register can give the operation's answer, the operation takes effect now
 *       ("linearized"): both its events leave the list, and the walk starts again from the top.
 *       This is Lowe's just-in-time linearization: an operation is placed only when something
 *       forces a choice, never earlier than needed.</li>
 *   <li>Reaching a return means that operation had to take effect before this point and did not,
 *       in any order tried so far. The search backtracks: it undoes the latest choice and tries
 *       the next call after it.</li>
 * </ul>
 * The history is linearizable when every answered operation has been linearized, and not
 * linearizable when backtracking runs out of choices.
 *
 * <h2>Why it is fast enough</h2>
 * Two different orders often lead to the same place: the same set of operations done, and the
 * register holding the same value. What happens next depends only on that pair, so it is
 * remembered, and a pair already explored is never explored again. Without this memo the search
 * tries every interleaving of concurrent operations; with it, histories with thousands of
 * operations and a handful of clients take milliseconds.
 *
 * <h2>Unknown outcomes</h2>
 * An operation without an answer has a call but no return: nothing ever forces it to take effect,
 * so the search may linearize it anywhere after its invocation, or leave it out. Failed operations
 * and unanswered reads are removed before the search (they never happened, or say nothing).
 *
 * <h2>The budget</h2>
 * Some histories (many concurrent writes with unknown outcomes) have exponentially many distinct
 * pairs. The search counts the pairs it explores and gives up, saying so, past its budget: an
 * honest "I don't know" is better than a hang or a guess.
 */
final class LinearizationSearch {

    /** What the search found, and how many distinct states it explored to find it. */
    record Result(Verdict verdict, long statesExplored) {
    }

    /** A state of the search: which operations have taken effect, and what the register holds. */
    private record Memo(BitSet linearized, Register register) {
    }

    /** A choice on the search stack: the call that was linearized and the register before it. */
    private record Choice(Event call, Register before) {
    }

    /** A call or return in a doubly linked list, so that lifting out an operation and putting it back are cheap. */
    private static final class Event {
        final int operation;
        final long time;
        final boolean isCall;
        Event returnEvent;
        Event previous;
        Event next;

        Event(int operation, long time, boolean isCall) {
            this.operation = operation;
            this.time = time;
            this.isCall = isCall;
        }
    }

    private LinearizationSearch() {
    }

    /**
     * Searches {@code operations}, all of one key, with neither failed operations nor unanswered
     * reads among them; gives up after {@code budget} distinct states.
     */
    static Result run(List<Operation> operations, long budget) {
        Event head = eventList(operations);
        BitSet linearized = new BitSet(operations.size());
        Set<Memo> explored = new HashSet<>();
        Deque<Choice> choices = new ArrayDeque<>();
        Register register = Register.ABSENT;
        int answeredLeft = (int) operations.stream().filter(op -> op.outcome() == Outcome.OK).count();

        Event event = head.next;
        while (answeredLeft > 0) {
            if (event == null) {
                // Every answered operation still to place has its return further down the list, so
                // the walk meets a return (and backtracks) before it can run off the end.
                throw new IllegalStateException("linearization search walked off its event list");
            }
            if (event.isCall) {
                Operation op = operations.get(event.operation);
                Optional<Register> after = register.apply(op);
                if (after.isPresent()) {
                    linearized.set(event.operation);
                    // Look up with the live bit set; copy it only to remember a new state.
                    if (!explored.contains(new Memo(linearized, after.get()))) {
                        explored.add(new Memo((BitSet) linearized.clone(), after.get()));
                        if (explored.size() > budget) {
                            return new Result(Verdict.INCONCLUSIVE, explored.size());
                        }
                        choices.push(new Choice(event, register));
                        register = after.get();
                        if (op.outcome() == Outcome.OK) {
                            answeredLeft--;
                        }
                        lift(event);
                        event = head.next;
                        continue;
                    }
                    // Been here before, and it led nowhere.
                    linearized.clear(event.operation);
                }
                event = event.next;
            } else {
                // This operation's answer came, yet it has not taken effect in the order tried so
                // far: that order is wrong. Undo the latest choice and try the call after it.
                if (choices.isEmpty()) {
                    return new Result(Verdict.NOT_LINEARIZABLE, explored.size());
                }
                Choice undone = choices.pop();
                Event call = undone.call();
                unlift(call);
                linearized.clear(call.operation);
                register = undone.before();
                if (operations.get(call.operation).outcome() == Outcome.OK) {
                    answeredLeft++;
                }
                event = call.next;
            }
        }
        return new Result(Verdict.LINEARIZABLE, explored.size());
    }

    /** Calls and returns in time order, after a head sentinel. */
    private static Event eventList(List<Operation> operations) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < operations.size(); i++) {
            Operation op = operations.get(i);
            Event call = new Event(i, op.invokedAt(), true);
            events.add(call);
            if (op.outcome() == Outcome.OK) {
                call.returnEvent = new Event(i, op.completedAt(), false);
                events.add(call.returnEvent);
            }
        }
        // At equal times, calls come first: an operation invoked at the very instant another
        // completed counts as concurrent with it, the reading that never blames the system wrongly.
        events.sort(Comparator.comparingLong((Event e) -> e.time).thenComparing(e -> !e.isCall));
        Event head = new Event(-1, Long.MIN_VALUE, true);
        Event last = head;
        for (Event e : events) {
            last.next = e;
            e.previous = last;
            last = e;
        }
        return head;
    }

    /** Takes an operation's call and return out of the list; they keep their own links for {@link #unlift}. */
    private static void lift(Event call) {
        unlink(call);
        if (call.returnEvent != null) {
            unlink(call.returnEvent);
        }
    }

    /** Puts back what {@link #lift} took out; choices are undone in reverse order, so the neighbours match. */
    private static void unlift(Event call) {
        if (call.returnEvent != null) {
            relink(call.returnEvent);
        }
        relink(call);
    }

    private static void unlink(Event e) {
        e.previous.next = e.next;
        if (e.next != null) {
            e.next.previous = e.previous;
        }
    }

    private static void relink(Event e) {
        e.previous.next = e;
        if (e.next != null) {
            e.next.previous = e;
        }
    }
}
