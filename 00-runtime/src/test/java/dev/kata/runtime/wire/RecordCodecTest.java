package dev.kata.runtime.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.wire.WireSamples.Circle;
import dev.kata.runtime.wire.WireSamples.Collected;
import dev.kata.runtime.wire.WireSamples.Empty;
import dev.kata.runtime.wire.WireSamples.Holder;
import dev.kata.runtime.wire.WireSamples.Ping;
import dev.kata.runtime.wire.WireSamples.Sample;
import dev.kata.runtime.wire.WireSamples.Shape;
import dev.kata.runtime.wire.WireSamples.Texts;
import dev.kata.runtime.wire.WireSamples.Tree;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("RecordCodec")
class RecordCodecTest {

    private final RecordCodec codec = WireSamples.codec();

    private Message roundTrip(Message message) {
        return codec.decode(codec.encode(message));
    }

    /** Builds raw input by hand, the way a hostile or buggy peer would. */
    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private static byte[] bytes(Body body) {
        try {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(buffer);
            body.write(out);
            out.flush();
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void string(DataOutputStream out, String text) throws IOException {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    /** Version 1, the type name, then the body. */
    private static byte[] message(String type, Body body) {
        return bytes(out -> {
            out.writeByte(RecordCodec.WIRE_VERSION);
            string(out, type);
            body.write(out);
        });
    }

    @Nested
    @DisplayName("round trips")
    class RoundTrips {

        static List<Sample> samples() {
            return WireSamples.samples();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("samples")
        @DisplayName("every supported component type decodes to an equal message")
        void everySample(Sample sample) {
            Message decoded = roundTrip(sample);
            if (sample instanceof Texts) {
                // A record compares byte[] components by identity; compare their content instead.
                assertThat(decoded).usingRecursiveComparison().isEqualTo(sample);
            } else {
                assertThat(decoded).isEqualTo(sample);
            }
            assertThat(codec.encode(decoded)).as("encoding again").containsExactly(codec.encode(sample));
        }

        @Test
        @DisplayName("a small message has the documented layout, byte for byte")
        void goldenBytes() {
            byte[] expected = message("test.Ping", out -> out.writeInt(42));
            assertThat(codec.encode(new Ping(42))).containsExactly(expected);
            assertThat(expected).hasSize(1 + 4 + "test.Ping".length() + 4);
        }

        @Test
        @DisplayName("messages of one type that grow and shrink each encode to exactly their own bytes")
        void varyingSizes() {
            // The encoder sizes its buffer like the last message of the same type: check both ways.
            for (int length : new int[] {0, 100, 3, 1000, 3, 3, 64, 0}) {
                Texts texts = new Texts("x".repeat(length), null, null, null);
                byte[] bytes = codec.encode(texts);
                assertThat(bytes).hasSize(1 + 4 + "test.Texts".length() + 1 + 4 + length + 3);
                assertThat(codec.decode(bytes)).isEqualTo(texts);
            }
        }

        @Test
        @DisplayName("a nullable component costs one presence byte")
        void presenceBytes() {
            byte[] withNulls = codec.encode(new Texts(null, null, null, null));
            assertThat(withNulls).containsExactly(message("test.Texts", out -> out.write(new byte[] {0, 0, 0, 0})));
        }

        @Test
        @DisplayName("sets and maps keep the sender's iteration order, and decode unmodifiable")
        void collectionOrder() {
            Set<Integer> set = new LinkedHashSet<>(List.of(9, 3, 7, 1));
            Map<NodeId, Long> map = new LinkedHashMap<>();
            for (String name : List.of("n9", "n3", "n7")) {
                map.put(NodeId.of(name), 1L);
            }
            Collected decoded = (Collected) roundTrip(new Collected(List.of("b", "a"), set, map, List.of(), Map.of()));
            assertThat(decoded.set()).containsExactly(9, 3, 7, 1);
            assertThat(decoded.map().keySet()).extracting(NodeId::name).containsExactly("n9", "n3", "n7");
            assertThat(decoded.list()).containsExactly("b", "a");
            assertThatThrownBy(() -> decoded.list().add("c")).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> decoded.set().add(5)).isInstanceOf(UnsupportedOperationException.class);
        }

        @Test
        @DisplayName("a component of a sealed type or of type Message keeps the value's exact record type")
        void taggedComponents() {
            Holder nested = new Holder(null, null, new Circle(3), List.of(new Circle(1)), new Empty());
            Holder decoded = (Holder) roundTrip(nested);
            assertThat(decoded.shape()).isEqualTo(new Circle(3));
            assertThat(decoded.shapes()).containsExactly(new Circle(1));
            assertThat(decoded.inner()).isEqualTo(new Empty());
        }

        @Test
        @DisplayName("registerSealed names each record prefix.SimpleName")
        void sealedRegistrationNames() {
            assertThat(codec.registeredTypes()).containsEntry("test.Ping", Ping.class)
                    .containsEntry("shape.Circle", Circle.class)
                    .hasSize(12);
        }
    }

    @Nested
    @DisplayName("building a codec")
    class Building {

        record WithObject(Object value) implements Message {
        }

        record WithIntArray(int[] values) implements Message {
        }

        @SuppressWarnings("rawtypes")
        record WithRawList(List values) implements Message {
        }

        record WithArrayList(ArrayList<String> values) implements Message {
        }

        record Generic<T>(T value) implements Message {
        }

        record WithShape(Shape shape) implements Message {
        }

        record WithEmptyList(List<Empty> empties) implements Message {
        }

        @Test
        @DisplayName("rejects a component type the wire cannot carry, naming the component")
        void unsupportedTypes() {
            assertThatThrownBy(() -> RecordCodec.builder().register("t.WithObject", WithObject.class).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("t.WithObject.value: java.lang.Object is not a wire type");
            assertThatThrownBy(() -> RecordCodec.builder().register("t.WithIntArray", WithIntArray.class).build())
                    .hasMessageContaining("t.WithIntArray.values").hasMessageContaining("byte[]");
            assertThatThrownBy(() -> RecordCodec.builder().register("t.WithRawList", WithRawList.class).build())
                    .hasMessageContaining("give its type arguments");
            assertThatThrownBy(() -> RecordCodec.builder().register("t.WithArrayList", WithArrayList.class).build())
                    .hasMessageContaining("declare the component as List");
            assertThatThrownBy(() -> RecordCodec.builder().register("t.Generic", Generic.class).build())
                    .hasMessageContaining("generic records are not supported");
            assertThatThrownBy(() -> RecordCodec.builder().register("t.WithEmptyList", WithEmptyList.class)
                    .register("t.Empty", Empty.class).build())
                    .hasMessageContaining("a record with no components takes no bytes");
        }

        @Test
        @DisplayName("names the records of a sealed component type that are not registered")
        void sealedTypeMustBeRegistered() {
            assertThatThrownBy(() -> RecordCodec.builder().register("t.WithShape", WithShape.class)
                    .register("shape.Circle", Circle.class).build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("t.WithShape.shape has the sealed type Shape")
                    .hasMessageContaining("not registered: Square");
        }

        @Test
        @DisplayName("rejects duplicate names, duplicate types, bad names and non-sealed types")
        void registrationMistakes() {
            assertThatThrownBy(() -> RecordCodec.builder().register("a", Ping.class).register("a", Empty.class))
                    .hasMessageContaining("the wire name 'a' is already taken");
            assertThatThrownBy(() -> RecordCodec.builder().register("a", Ping.class).register("b", Ping.class))
                    .hasMessageContaining("Ping is already registered as 'a'");
            assertThatThrownBy(() -> RecordCodec.builder().register("has space", Ping.class))
                    .hasMessageContaining("not a valid wire name");
            assertThatThrownBy(() -> RecordCodec.builder().registerSealed("x", Message.class))
                    .hasMessageContaining("is not sealed");
        }

        @Test
        @DisplayName("encoding an unregistered message says how to register it")
        void unregisteredMessage() {
            assertThatThrownBy(() -> codec.encode(new WithShape(new Circle(1))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("WithShape is not registered with this codec")
                    .hasMessageContaining("register(");
        }

        @Test
        @DisplayName("encoding a null element, an unregistered inner message or too many bytes names the component")
        void encodingMistakes() {
            List<String> withNull = Arrays.asList("a", null);
            assertThatThrownBy(() -> codec.encode(new Collected(withNull, Set.of(), Map.of(), List.of(), Map.of())))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("cannot encode test.Collected.list[1]: null element; lists and sets on the wire cannot hold null");
            assertThatThrownBy(() -> codec.encode(new Holder(null, null, null, null, new WithObjectMessage())))
                    .hasMessageStartingWith("cannot encode test.Holder.inner: ")
                    .hasMessageContaining("WithObjectMessage is not registered");
            RecordCodec small = RecordCodec.builder().registerSealed("test", Sample.class)
                    .registerSealed("shape", Shape.class).maxMessageSize(100).build();
            assertThatThrownBy(() -> small.encode(new Texts("x".repeat(200), null, null, null)))
                    .hasMessageContaining("larger than the maximum of 100 bytes");
        }

        record WithObjectMessage() implements Message {
        }

        @Test
        @DisplayName("encoding records nested too deeply fails, so whatever encodes also decodes")
        void tooDeep() {
            Tree tree = new Tree("leaf", List.of());
            for (int i = 0; i < RecordCodec.MAX_NESTING + 1; i++) {
                tree = new Tree("level", List.of(tree));
            }
            Tree deep = tree;
            assertThatThrownBy(() -> codec.encode(new Holder(null, deep, null, null, null)))
                    .hasMessageContaining("nested more than " + RecordCodec.MAX_NESTING + " deep");
        }
    }

    @Nested
    @DisplayName("malformed input")
    class Malformed {

        private void rejects(byte[] input, String... expectedParts) {
            assertThatThrownBy(() -> codec.decode(input))
                    .isInstanceOf(MalformedMessageException.class)
                    .hasMessageStartingWith("malformed message: ")
                    .hasMessageContainingAll(expectedParts);
        }

        @Test
        @DisplayName("empty input, an unknown version and an unknown type are rejected")
        void frame() {
            rejects(new byte[0], "truncated input: the version byte needs 1 bytes but 0 remain");
            rejects(new byte[] {2, 0, 0, 0, 0}, "unsupported wire version 2", "at byte 0 of 5");
            rejects(message("test.Pong", out -> out.writeInt(1)), "unknown type 'test.Pong'", "at byte 1");
            rejects(message("shape.Circle", out -> out.writeDouble(1)), "type 'shape.Circle' is not a Message");
        }

        @Test
        @DisplayName("every truncation of every sample is rejected")
        void truncations() {
            for (Sample sample : WireSamples.samples()) {
                byte[] full = codec.encode(sample);
                for (int length = 0; length < full.length; length++) {
                    byte[] prefix = Arrays.copyOf(full, length);
                    assertThatThrownBy(() -> codec.decode(prefix))
                            .as("%s cut to %d of %d bytes", sample, length, full.length)
                            .isInstanceOf(MalformedMessageException.class);
                }
            }
        }

        @Test
        @DisplayName("trailing bytes after a message are rejected")
        void trailingBytes() {
            byte[] ping = codec.encode(new Ping(1));
            byte[] longer = Arrays.copyOf(ping, ping.length + 3);
            rejects(longer, "3 trailing bytes after the end of test.Ping");
        }

        @Test
        @DisplayName("truncation inside a component says which component")
        void truncationSaysWhere() {
            byte[] input = message("test.Collected", out -> {
                out.writeByte(1);
                out.writeInt(2);
                string(out, "first");
                out.writeInt(10);
                out.write("short".getBytes(StandardCharsets.UTF_8));
            });
            rejects(input, "length 10 for a string cannot fit in the 5 bytes that remain",
                    "in test.Collected.list[1]", "at byte 33 of 42");
        }

        @Test
        @DisplayName("a length claiming 2 GB fails at once, allocating nothing")
        void hugeLengths() {
            rejects(message("test.Texts", out -> {
                out.writeByte(1);
                out.writeInt(Integer.MAX_VALUE);
            }), "length 2147483647 for a string cannot fit", "in test.Texts.text");
            rejects(message("test.Collected", out -> {
                out.writeByte(1);
                out.writeInt(Integer.MAX_VALUE);
                out.write(new byte[100]);
            }), "length 2147483647 for a list cannot fit in the 100 bytes", "in test.Collected.list");
            rejects(message("test.Collected", out -> {
                out.writeByte(1);
                out.writeInt(-1);
            }), "negative length -1 for a list");
        }

        @Test
        @DisplayName("input longer than the maximum message size is rejected before it is read")
        void oversizedInput() {
            RecordCodec small = RecordCodec.builder().register("test.Ping", Ping.class).maxMessageSize(64).build();
            assertThatThrownBy(() -> small.decode(new byte[65]))
                    .isInstanceOf(MalformedMessageException.class)
                    .hasMessage("malformed message: 65 bytes is more than the maximum message size of 64 bytes");
        }

        @Test
        @DisplayName("a boolean, a presence byte or an optional that is not 0 or 1 is rejected")
        void flagBytes() {
            rejects(message("test.Primitives", out -> out.writeByte(2)), "invalid boolean byte 2", "test.Primitives.z");
            rejects(message("test.Texts", out -> out.writeByte(7)), "invalid presence byte 7", "test.Texts.text");
            rejects(message("test.Optionals", out -> {
                out.writeByte(1);
                out.writeByte(9);
            }), "invalid presence byte 9", "test.Optionals.name");
        }

        @Test
        @DisplayName("an unknown enum constant, an invalid node id and bad nanoseconds are rejected")
        void invalidValues() {
            rejects(message("test.Texts", out -> {
                out.write(new byte[] {0, 0, 1});
                string(out, "PURPLE");
                out.writeByte(0);
            }), "unknown constant 'PURPLE' of enum Color", "test.Texts.color");
            rejects(message("test.Texts", out -> {
                out.write(new byte[] {0, 0, 0, 1});
                string(out, "no spaces allowed");
            }), "not a valid node name", "test.Texts.node");
            rejects(message("test.Times", out -> {
                out.writeByte(1);
                out.writeLong(1);
                out.writeInt(1_000_000_000);
            }), "nanoseconds of a duration out of range: 1000000000", "test.Times.duration");
        }

        @Test
        @DisplayName("values the record's constructor refuses are rejected with its reason")
        void constructorValidation() {
            rejects(message("test.Validated", out -> out.writeInt(-5)),
                    "the constructor of test.Validated rejected the values", "positive must be > 0, not -5");
        }

        @Test
        @DisplayName("a repeated set element or map key is rejected")
        void duplicates() {
            rejects(message("test.Collected", out -> {
                out.writeByte(1);
                out.writeInt(0);
                out.writeByte(1);
                out.writeInt(2);
                out.writeInt(5);
                out.writeInt(5);
            }), "duplicate set element", "test.Collected.set[1]");
            rejects(message("test.Collected", out -> {
                out.write(new byte[] {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1});
                out.writeInt(2);
                string(out, "n1");
                out.writeLong(1);
                string(out, "n1");
                out.writeLong(2);
            }), "duplicate map key", "test.Collected.map[1]");
        }

        @Test
        @DisplayName("a tagged component of the wrong type is rejected")
        void wrongTaggedType() {
            rejects(message("test.Holder", out -> {
                out.write(new byte[] {0, 0, 1});
                string(out, "test.Ping");
                out.writeInt(1);
            }), "type 'test.Ping' is not a Shape", "test.Holder.shape");
        }

        @Test
        @DisplayName("records nested too deeply are rejected without overflowing the stack")
        void nestingBomb() {
            rejects(message("test.Holder", out -> {
                out.write(new byte[] {0, 1});
                for (int i = 0; i < 10_000; i++) {
                    // A Tree: label present, "a"; children present, one child, which follows.
                    out.writeByte(1);
                    string(out, "a");
                    out.writeByte(1);
                    out.writeInt(1);
                }
            }), "records nested more than 64 deep");
        }

        @Test
        @DisplayName("the path through a tagged component names the record type")
        void tagInPath() {
            byte[] valid = codec.encode(new Holder(null, null, null, null, new Ping(1)));
            byte[] cut = Arrays.copyOf(valid, valid.length - 1);
            rejects(cut, "an int needs 4 bytes but 3 remain", "in test.Holder.inner<test.Ping>.seq");
        }
    }
}
