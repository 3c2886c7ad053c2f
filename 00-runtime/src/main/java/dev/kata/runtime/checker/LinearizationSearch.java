package dev.kata.runtime.checker;

import dev.kata.runtime.checker.LinearizabilityResult.Verdict;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Looks for a linearization of one piece's operations (one key, one lock): an order, consistent
 * with real time, in which the {@link Model} gives every recorded answer. This is the Wing &amp; Gong search with Lowe's
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
 * model in the same state. What happens next depends only on that pair, so it is remembered, and a
 * pair already explored is never explored again (Porcupine's cache). Without this memo the search
 * tries every interleaving of concurrent operations; with it, histories with thousands of
 * operations and a handful of clients take milliseconds.
 *
 * <p>The set of operations done is a bit set, changed in place as the search goes and comes back;
 * the memo does not copy it (that would cost one bit per operation of the piece for every state,
 * gigabytes for long pieces) but keeps a 128-bit fingerprint of it: the exclusive or of a random
 * 128-bit number per operation done (Zobrist hashing), updated with each step in constant time.
 * Two different sets share a fingerprint with a probability of 2<sup>-128</sup>; among the few
 * million states of the largest budget the chance that any two do is below 10<sup>-25</sup>.
 *
 * <h2>Unknown outcomes</h2>
 * An operation without an answer has a call but no return: nothing ever forces it to take effect,
 * so the search may linearize it anywhere after its invocation, or leave it out. Failed operations
 * and unanswered reads are removed before the search (they never happened, or say nothing). Left
 * open to the end of the history, every such operation would double the states to explore, so the
 * model says until when it can matter ({@link Model#relevantUntil}): there it gets a <em>drop</em>
 * event, and a walk that reaches it unplaced leaves it out for good. Those it cannot matter to at
 * all never enter the search.
 *
 * <h2>The budget</h2>
 * Some histories (many concurrent writes with unknown outcomes) have exponentially many distinct
 * pairs. The search counts the pairs it explores and gives up, saying so, past its budget: an
 * honest "I don't know" is better than a hang or a guess.
 */
final class LinearizationSearch {

    /**
     * What the search found, and how many distinct states it explored to find it.
     *
     * @param blocker the index of the operation whose answer stopped the search latest in time (the
     *                likely culprit when the verdict is not LINEARIZABLE), or -1
     */
    record Result(Verdict verdict, long statesExplored, int blocker) {
    }

    /** A state of the search: the fingerprint of the operations placed or dropped, and the model's state. */
    private record Memo(long low, long high, Object state) {
    }

    /**
     * A choice on the search stack: the call that was placed (or dropped), the state before it, and
     * whether that operation has no answer.
     */
    private record Choice(Event call, Object before, boolean dropped, boolean unknown) {
    }

    /** A call or return in a doubly linked list, so that lifting out an operation and putting it back are cheap. */
    private static final class Event {
        final int operation;
        final long time;
        final boolean isCall;
        /** For a return: true when it is the drop event of an operation without an answer. */
        final boolean isDrop;
        Event returnEvent;
        Event previous;
        Event next;

        Event(int operation, long time, boolean isCall, boolean isDrop) {
            this.operation = operation;
            this.time = time;
            this.isCall = isCall;
            this.isDrop = isDrop;
        }
    }

    private LinearizationSearch() {
    }

    /**
     * Searches {@code operations}, all of one piece, with neither failed operations nor unanswered
     * read-only ones among them; gives up after {@code budget} distinct states.
     *
     * @param dropAt for each operation, when an unanswered one is dropped ({@link Long#MAX_VALUE}: never); ignored for answered ones
     */
    static <C, R, S> Result run(Model<C, R, S> model, List<Operation<C, R>> operations, long[] dropAt, long budget) {
        int n = operations.size();
        Event head = eventList(operations, dropAt);
        long[] placedKeys = new long[2 * n];
        long[] droppedKeys = new long[2 * n];
        SplittableRandom random = new SplittableRandom(0x5EED_F00DL);
        for (int i = 0; i < 2 * n; i++) {
            placedKeys[i] = random.nextLong();
            droppedKeys[i] = random.nextLong();
        }
        long low = 0;
        long high = 0;
        Set<Memo> explored = new HashSet<>();
        Deque<Choice> choices = new ArrayDeque<>();
        S state = model.initial();
        int answeredLeft = (int) operations.stream().filter(op -> op.outcome() == Outcome.OK).count();

        Event event = head.next;
        long deepest = Long.MIN_VALUE;
        int blocker = -1;
        while (answeredLeft > 0) {
            if (event == null) {
                // Every answered operation still to place has its return further down the list, so
                // the walk meets a return (and backtracks) before it can run off the end.
                throw new IllegalStateException("linearization search walked off its event list");
            }
            if (event.isCall) {
                Operation<C, R> op = operations.get(event.operation);
                if (!overwritesUnknown(model, op, choices)) {
                    Optional<S> after = model.step(state, op);
                    if (after.isPresent()) {
                        long newLow = low ^ placedKeys[2 * event.operation];
                        long newHigh = high ^ placedKeys[2 * event.operation + 1];
                        if (explored.add(new Memo(newLow, newHigh, after.get()))) {
                            if (explored.size() > budget) {
                                return new Result(Verdict.INCONCLUSIVE, explored.size(), blocker);
                            }
                            choices.push(new Choice(event, state, false, op.outcome() != Outcome.OK));
                            state = after.get();
                            low = newLow;
                            high = newHigh;
                            if (op.outcome() == Outcome.OK) {
                                answeredLeft--;
                            }
                            lift(event);
                            event = head.next;
                            continue;
                        }
                        // Been here before, and it led nowhere.
                    }
                }
                event = event.next;
                continue;
            }
            if (event.isDrop) {
                // An operation without an answer reached the end of its relevance unplaced: from
                // here on leaving it out is as good as anything, so it is left out.
                Event call = event.returnEvent;
                long newLow = low ^ droppedKeys[2 * event.operation];
                long newHigh = high ^ droppedKeys[2 * event.operation + 1];
                if (explored.add(new Memo(newLow, newHigh, state))) {
                    if (explored.size() > budget) {
                        return new Result(Verdict.INCONCLUSIVE, explored.size(), blocker);
                    }
                    choices.push(new Choice(call, state, true, true));
                    low = newLow;
                    high = newHigh;
                    lift(call);
                    event = head.next;
                    continue;
                }
            }
            // This operation's answer came (or its drop is a dead end), yet it has not taken effect
            // in the order tried so far: that order is wrong. Undo choices back to the latest
            // placement and try the candidate after it.
            if (!event.isDrop && event.time > deepest) {
                deepest = event.time;
                blocker = event.operation;
            }
            Event resumeAt = null;
            while (resumeAt == null) {
                if (choices.isEmpty()) {
                    return new Result(Verdict.NOT_LINEARIZABLE, explored.size(), blocker);
                }
                Choice undone = choices.pop();
                Event call = undone.call();
                unlift(call);
                state = uncheckedState(undone.before());
                if (undone.dropped()) {
                    low ^= droppedKeys[2 * call.operation];
                    high ^= droppedKeys[2 * call.operation + 1];
                    continue; // a drop was forced: nothing else to try at that point
                }
                low ^= placedKeys[2 * call.operation];
                high ^= placedKeys[2 * call.operation + 1];
                if (operations.get(call.operation).outcome() == Outcome.OK) {
                    answeredLeft++;
                }
                resumeAt = call.next;
            }
            event = resumeAt;
        }
        return new Result(Verdict.LINEARIZABLE, explored.size(), -1);
    }

    /**
     * Whether placing {@code op} now would only hide the operation without an answer placed just
     * before it: a blind write next to it makes that one invisible, and leaving it out (for later,
     * or for good) is never worse. Skipping such orders keeps pending writes without an answer from
     * multiplying the states: only the last one before a reader is ever placed.
     */
    private static <C, R> boolean overwritesUnknown(Model<C, R, ?> model, Operation<C, R> op, Deque<Choice> choices) {
        Choice last = choices.peek();
        return last != null && !last.dropped() && model.blind(op.command())
                && last.unknown();
    }

    @SuppressWarnings("unchecked") // states on the stack all came from the same model
    private static <S> S uncheckedState(Object state) {
        return (S) state;
    }

    /** Calls and returns (and drops) in time order, after a head sentinel. */
    private static <C, R> Event eventList(List<Operation<C, R>> operations, long[] dropAt) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < operations.size(); i++) {
            Operation<C, R> op = operations.get(i);
            Event call = new Event(i, op.invokedAt(), true, false);
            events.add(call);
            if (op.outcome() == Outcome.OK) {
                call.returnEvent = new Event(i, op.completedAt(), false, false);
                events.add(call.returnEvent);
            } else if (dropAt[i] != Long.MAX_VALUE) {
                call.returnEvent = new Event(i, Math.max(dropAt[i], op.invokedAt()), false, true);
                call.returnEvent.returnEvent = call; // a drop event points back at its call
                events.add(call.returnEvent);
            }
        }
        // At equal times, calls come first: an operation invoked at the very instant another
        // completed counts as concurrent with it, the reading that never blames the system wrongly.
        // Drops come last: an operation may still take effect just before an answer at its drop time.
        events.sort(Comparator.comparingLong((Event e) -> e.time).thenComparingInt(e -> e.isCall ? 0 : e.isDrop ? 2 : 1));
        Event head = new Event(-1, Long.MIN_VALUE, true, false);
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
