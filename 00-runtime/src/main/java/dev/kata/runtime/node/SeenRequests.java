package dev.kata.runtime.node;

import dev.kata.runtime.disk.Disk;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * <p>One small file, replaced whole ({@link Disk#replace}) at each new request: fine for the few
 * clients of a test. A real server keeps such a table in its log, with a session per client that
 * expires.
 */
public final class SeenRequests {

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
        if (disk.exists(file)) {
            table.read(disk.readAll(file));
        }
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
        disk.replace(file, write());
    }

    private byte[] write() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(latest.size());
            for (Map.Entry<String, Long> e : new TreeMap<>(latest).entrySet()) {
                out.writeUTF(e.getKey());
                out.writeLong(e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return bytes.toByteArray();
    }

    private void read(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                latest.put(in.readUTF(), in.readLong());
            }
            if (in.available() > 0) {
                throw new IOException(in.available() + " bytes after the last client");
            }
        } catch (IOException e) {
            // Written whole by Disk.replace: only damage on the disk gets here. Refuse to start
            // rather than carry out again requests that were carried out before.
            throw new IllegalStateException(file + " is damaged (" + e.getMessage() + "): cannot tell which client "
                    + "requests were already carried out", e);
        }
    }
}
