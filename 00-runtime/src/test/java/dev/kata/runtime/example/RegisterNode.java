package dev.kata.runtime.example;

import dev.kata.runtime.example.RegisterMessage.Request;
import dev.kata.runtime.example.RegisterMessage.Response;
import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.Node;
import dev.kata.runtime.node.NodeContext;
import dev.kata.runtime.node.NodeId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The runtime's example node: a key-value register on one server, durable and idempotent. It shows
 * the shape every node of the kata has: state in fields, rebuilt from disk in {@link #onStart}; one
 * message handled at a time in {@link #onMessage}; everything from outside through its context.
 *
 * <p>It persists before it replies: an answered write survives a crash. It remembers each client's
 * last request and answer, so a retried request is answered again but done once.
 */
public final class RegisterNode implements Node {

    private static final String STATE = "register.state";

    private final NodeContext ctx;
    private final Map<String, String> values = new TreeMap<>();
    /** Per client: the sequence number of its last request, and the answer it got. */
    private final Map<String, Response> lastAnswer = new TreeMap<>();
    private long acknowledgedWrites;
    private long durableWrites;

    public RegisterNode(NodeContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void onStart() {
        if (ctx.disk().exists(STATE)) {
            load(ctx.disk().readAll(STATE));
            ctx.note("recovered " + values.size() + " keys from disk");
        }
    }

    @Override
    public void onMessage(NodeId from, Message message) {
        if (!(message instanceof Request request)) {
            return;
        }
        Response last = lastAnswer.get(request.client());
        if (last != null && request.sequence() == last.sequence()) {
            ctx.send(from, last); // a retry: answer again, do not do it again
            return;
        }
        if (last != null && request.sequence() < last.sequence()) {
            return; // a late copy of a request already answered: the client has moved on
        }
        String result = apply(request);
        Response response = new Response(request.sequence(), result);
        lastAnswer.put(request.client(), response);
        if (!request.operation().equals("read")) {
            ctx.disk().replace(STATE, save()); // durable when replace returns
            durableWrites++;
            acknowledgedWrites++;
        }
        ctx.send(from, response);
    }

    private String apply(Request request) {
        String key = request.key();
        return switch (request.operation()) {
            case "read" -> values.get(key);
            case "write" -> {
                values.put(key, request.value());
                yield null;
            }
            case "cas" -> {
                if (!Objects.equals(values.get(key), request.expected())) {
                    yield "false";
                }
                values.put(key, request.value());
                yield "true";
            }
            default -> throw new IllegalArgumentException("unknown operation " + request.operation());
        };
    }

    /** For tests: what the register holds. */
    public Map<String, String> values() {
        return Map.copyOf(new HashMap<>(values));
    }

    /** For the invariant: writes answered in this life never outnumber writes made durable in it. */
    public long acknowledgedWrites() {
        return acknowledgedWrites;
    }

    public long durableWrites() {
        return durableWrites;
    }

    private byte[] save() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(values.size());
            for (Map.Entry<String, String> entry : values.entrySet()) {
                out.writeUTF(entry.getKey());
                writeNullable(out, entry.getValue());
            }
            out.writeInt(lastAnswer.size());
            for (Map.Entry<String, Response> entry : lastAnswer.entrySet()) {
                out.writeUTF(entry.getKey());
                out.writeLong(entry.getValue().sequence());
                writeNullable(out, entry.getValue().result());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void writeNullable(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private void load(byte[] state) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            for (int i = in.readInt(); i > 0; i--) {
                values.put(in.readUTF(), readNullable(in));
            }
            for (int i = in.readInt(); i > 0; i--) {
                lastAnswer.put(in.readUTF(), new Response(in.readLong(), readNullable(in)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the register's state file is damaged", e);
        }
    }
}
