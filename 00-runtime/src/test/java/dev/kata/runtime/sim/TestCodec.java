package dev.kata.runtime.sim;

import dev.kata.runtime.node.Message;
import dev.kata.runtime.sim.TestMessages.KvRequest;
import dev.kata.runtime.sim.TestMessages.KvResponse;
import dev.kata.runtime.sim.TestMessages.Ping;
import dev.kata.runtime.sim.TestMessages.Pong;
import dev.kata.runtime.sim.TestMessages.Text;
import dev.kata.runtime.wire.MalformedMessageException;
import dev.kata.runtime.wire.MessageCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A hand-written codec for {@link TestMessages}: a type byte, then the fields. The modules use the
 * runtime's record codec; the simulation's tests need only something real enough that every
 * message crosses bytes.
 */
final class TestCodec implements MessageCodec {

    @Override
    public byte[] encode(Message message) {
        ByteBuffer out = ByteBuffer.allocate(512);
        if (message instanceof Ping p) {
            out.put((byte) 1).putLong(p.value());
        } else if (message instanceof Pong p) {
            out.put((byte) 2).putLong(p.value());
        } else if (message instanceof Text t) {
            out.put((byte) 3);
            putString(out, t.text());
        } else if (message instanceof KvRequest r) {
            out.put((byte) 4);
            putString(out, r.client());
            out.putLong(r.sequence());
            putString(out, r.kind());
            putString(out, r.key());
            putString(out, r.value());
            putString(out, r.expected());
        } else if (message instanceof KvResponse r) {
            out.put((byte) 5).putLong(r.sequence()).put((byte) (r.ok() ? 1 : 0));
            putString(out, r.result());
        } else {
            throw new IllegalArgumentException("TestCodec cannot encode " + message.getClass().getName());
        }
        byte[] bytes = new byte[out.position()];
        out.flip().get(bytes);
        return bytes;
    }

    @Override
    public Message decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        return switch (in.get()) {
            case 1 -> new Ping(in.getLong());
            case 2 -> new Pong(in.getLong());
            case 3 -> new Text(getString(in));
            case 4 -> new KvRequest(getString(in), in.getLong(), getString(in), getString(in), getString(in),
                    getString(in));
            case 5 -> new KvResponse(in.getLong(), in.get() == 1, getString(in));
            default -> throw new MalformedMessageException("unknown message type " + bytes[0]);
        };
    }

    private static void putString(ByteBuffer out, String s) {
        if (s == null) {
            out.putShort((short) -1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.putShort((short) b.length).put(b);
    }

    private static String getString(ByteBuffer in) {
        short length = in.getShort();
        if (length < 0) {
            return null;
        }
        byte[] b = new byte[length];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
