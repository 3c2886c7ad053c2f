package dev.kata.runtime.node;

import dev.kata.runtime.disk.Disk;
import dev.kata.runtime.disk.SavedState;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The table of an Idempotent Receiver: the sequence number of each client's latest request, kept in
 * a file, so that a copy of a request is recognised even after a crash and restart. Module 02's
 * {@code QuorumNode} and 03's key-value store use it; any server that takes client requests may.
 *
 * <p>Why on disk: a copy the network made, or a client's retry, can arrive after the server crashed
 * and restarted (a pause right after the restart holds it back as long as the pause lasts). Carried
 * out again, a write would get a newer version and undo the writes acknowledged since.
 *
 * <p>One small file, a {@link SavedState} replaced whole at each new request: fine for the few
 * clients of a test. A real server keeps such a table in its log, with a session per client that
 * expires.
 */
public final class SeenRequests {

    /** What is saved: every client's latest sequence number. */
    private record Table(Map<String, Long> latest) {
    }

    private static final SavedState<Table> FORMAT = SavedState.of("runtime.SeenRequests", Table.class);

    private final Disk disk;
    private final String file;
    private final Map<String, Long> latest = new HashMap<>();

    private SeenRequests(Disk disk, String file) {
        this.disk = disk;
        this.file = file;
    }

    /** The table in {@code file} of {@code disk}; empty if there is no such file yet. */
    public static SeenRequests open(Disk disk, String file) {
        SeenRequests table = new SeenRequests(Objects.requireNonNull(disk, "disk"), Disk.checkName(file));
        // Written whole by Disk.replace: only damage on the disk makes it unreadable, and then the node
        // refuses to start (CorruptStateException) rather than carry out again requests it carried out.
        FORMAT.load(disk, file).ifPresent(saved -> table.latest.putAll(saved.latest()));
        return table;
    }

    /** The sequence number of the client's latest request, if it sent one. */
    public OptionalLong latest(String client) {
        Long sequence = latest.get(client);
        return sequence == null ? OptionalLong.empty() : OptionalLong.of(sequence);
    }

    /** True for a request newer than the client's latest one: a first sight, not a copy or a stale one. */
    public boolean isNew(String client, long sequence) {
        Long last = latest.get(client);
        return last == null || sequence > last;
    }

    /** Makes {@code sequence} the client's latest, durably: call it before acting on the request. */
    public void record(String client, long sequence) {
        latest.put(Objects.requireNonNull(client, "client"), sequence);
        FORMAT.save(disk, file, new Table(new TreeMap<>(latest)));
    }
}
