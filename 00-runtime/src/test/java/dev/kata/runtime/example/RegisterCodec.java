package dev.kata.runtime.example;

import dev.kata.runtime.example.RegisterMessage.Request;
import dev.kata.runtime.example.RegisterMessage.Response;
import dev.kata.runtime.node.Message;
import dev.kata.runtime.wire.MalformedMessageException;
import dev.kata.runtime.wire.MessageCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The example's wire format, written by hand to stay self-contained (modules use the runtime's record codec). */
final class RegisterCodec implements MessageCodec {

    @Override
    public byte[] encode(Message message) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            if (message instanceof Request r) {
                out.writeByte(1);
                out.writeUTF(r.client());
                out.writeLong(r.sequence());
                out.writeUTF(r.operation());
                out.writeUTF(r.key());
                writeNullable(out, r.value());
                writeNullable(out, r.expected());
            } else if (message instanceof Response r) {
                out.writeByte(2);
                out.writeLong(r.sequence());
                writeNullable(out, r.result());
            } else {
                throw new IllegalArgumentException("not a register message: " + message);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public Message decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            return switch (in.readByte()) {
                case 1 -> new Request(in.readUTF(), in.readLong(), in.readUTF(), in.readUTF(), readNullable(in),
                        readNullable(in));
                case 2 -> new Response(in.readLong(), readNullable(in));
                default -> throw new MalformedMessageException("unknown register message type " + bytes[0]);
            };
        } catch (IOException e) {
            throw new MalformedMessageException("truncated register message", e);
        }
    }

    static void writeNullable(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
