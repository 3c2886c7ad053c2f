package dev.kata.lock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.lock.CellCommand.Call;
import dev.kata.runtime.checker.LockCommand.Mode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Drives one {@link LockCell} directly, as the log would (commands in order, no network, no clock): for
 * the tests of what the state machine decides. Records every answer and expiry it announces.
 */
final class CellDriver implements CellListener {

    /** An answer the cell announced. */
    record Answer(String session, long sequence, LockReply reply) {
    }

    final LockCell cell;
    final List<Answer> answers = new ArrayList<>();
    final List<String> expiries = new ArrayList<>();
    final List<String> delays = new ArrayList<>();
    private final Map<String, Long> sequences = new HashMap<>();
    private long generation;

    CellDriver() {
        this(LockCluster.CONFIG);
    }

    CellDriver(LockServiceConfig config) {
        cell = new LockCell(config);
        cell.listener(this);
        newMaster();
    }

    /** A new master takes over: its {@code NewMaster} is applied. Returns its generation. */
    long newMaster() {
        generation++;
        cell.apply(new CellCommand.NewMaster(generation));
        return generation;
    }

    void open(String session) {
        cell.apply(new CellCommand.OpenSession(session, "client-" + session));
    }

    /** Applies {@code session}'s next call; returns its answer now (null: it waits in a line). */
    LockReply call(String session, LockOp op) {
        long sequence = sequences.merge(session, 1L, Long::sum);
        return apply(session, sequence, op);
    }

    /** Applies call {@code sequence} of {@code session} (a retry or a copy, if it is not the next). */
    LockReply apply(String session, long sequence, LockOp op) {
        int before = answers.size();
        cell.apply(new Call(session, sequence, op));
        for (int i = before; i < answers.size(); i++) {
            if (answers.get(i).session().equals(session) && answers.get(i).sequence() == sequence) {
                return answers.get(i).reply();
            }
        }
        return null;
    }

    long lastSequence(String session) {
        return sequences.getOrDefault(session, 0L);
    }

    long openFile(String session, String path) {
        LockReply reply = call(session, new LockOp.Open(path, true, false, false));
        assertThat(reply).as("%s opens %s", session, path).isInstanceOf(LockReply.Opened.class);
        return ((LockReply.Opened) reply).handle();
    }

    long granted(String session, LockOp op) {
        LockReply reply = call(session, op);
        assertThat(reply).as("the answer to %s's %s", session, op).isInstanceOf(LockReply.Granted.class);
        return ((LockReply.Granted) reply).generation();
    }

    /** The answers {@code session} has heard for call {@code sequence}. */
    List<LockReply> answersTo(String session, long sequence) {
        return answers.stream().filter(a -> a.session().equals(session) && a.sequence() == sequence)
                .map(Answer::reply).toList();
    }

    boolean expire(String session, long masterGeneration) {
        return "expired".equals(cell.apply(new CellCommand.ExpireSession(session, masterGeneration)));
    }

    long generation() {
        return generation;
    }

    static LockOp.Acquire exclusive(long handle) {
        return new LockOp.Acquire(handle, Mode.EXCLUSIVE);
    }

    static LockOp.Acquire shared(long handle) {
        return new LockOp.Acquire(handle, Mode.SHARED);
    }

    @Override
    public void answered(String client, String session, long sequence, LockReply reply) {
        answers.add(new Answer(session, sequence, reply));
    }

    @Override
    public void expired(String client, String session) {
        expiries.add(session);
    }

    @Override
    public void lockDelayStarted(String lock, long lockGeneration) {
        delays.add(lock + "@" + lockGeneration);
    }
}
