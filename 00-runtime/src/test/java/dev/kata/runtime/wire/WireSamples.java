package dev.kata.runtime.wire;

import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.NodeId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Message types that use every kind of component the codec supports, and sample values of them. */
final class WireSamples {

    private WireSamples() {
    }

    enum Color { RED, GREEN, BLUE }

    /** Not registered: written inline wherever a component is declared as a Point. */
    record Point(int x, int y) {
    }

    /** Recursive, and not registered. */
    record Tree(String label, List<Tree> children) {
    }

    /** A sealed interface whose records are components of messages, not messages themselves. */
    sealed interface Shape permits Circle, Square {
    }

    record Circle(double radius) implements Shape {
    }

    record Square(int side) implements Shape {
    }

    sealed interface Sample extends Message
            permits Ping, Primitives, Boxes, Texts, Times, Collected, Optionals, Holder, Empty, Validated {
    }

    record Ping(int seq) implements Sample {
    }

    record Primitives(boolean z, byte b, short s, char c, int i, long l, float f, double d) implements Sample {
    }

    record Boxes(Boolean z, Byte b, Short s, Character c, Integer i, Long l, Float f, Double d) implements Sample {
    }

    record Texts(String text, byte[] bytes, Color color, NodeId node) implements Sample {
    }

    record Times(Duration duration, Instant instant) implements Sample {
    }

    record Collected(List<String> list, Set<Integer> set, Map<NodeId, Long> map,
                       List<List<Point>> nested, Map<Color, Set<String>> mapOfSets) implements Sample {
    }

    record Optionals(Optional<String> name, Optional<Point> point, Optional<Shape> shape) implements Sample {
    }

    record Holder(Point point, Tree tree, Shape shape, List<Shape> shapes, Message inner) implements Sample {
    }

    record Empty() implements Sample {
    }

    record Validated(int positive) implements Sample {
        Validated {
            if (positive <= 0) {
                throw new IllegalArgumentException("positive must be > 0, not " + positive);
            }
        }
    }

    static RecordCodec codec() {
        return RecordCodec.builder()
                .registerSealed("test", Sample.class)
                .registerSealed("shape", Shape.class)
                .build();
    }

    static List<Sample> samples() {
        Set<Integer> set = new LinkedHashSet<>(List.of(3, 1, 2));
        Map<NodeId, Long> map = new LinkedHashMap<>();
        map.put(NodeId.of("n2"), 20L);
        map.put(NodeId.of("n1"), 10L);
        List<Sample> samples = new ArrayList<>(List.of(
                new Ping(42),
                new Primitives(true, (byte) -1, Short.MIN_VALUE, 'é', Integer.MIN_VALUE, Long.MAX_VALUE, -0.0f, Double.NaN),
                new Primitives(false, Byte.MAX_VALUE, Short.MAX_VALUE, Character.MAX_VALUE, Integer.MAX_VALUE,
                        Long.MIN_VALUE, Float.MAX_VALUE, Double.NEGATIVE_INFINITY),
                new Boxes(true, (byte) 7, (short) 8, 'x', 9, 10L, 1.5f, 2.5),
                new Boxes(null, null, null, null, null, null, null, null),
                new Texts("héllo, wörld 🌍", new byte[] {0, 1, -1, 127}, Color.GREEN, NodeId.of("client-7")),
                new Texts("", new byte[0], Color.RED, NodeId.of("n1")),
                new Texts(null, null, null, null),
                new Times(Duration.ofSeconds(45, 123_456_789), Instant.parse("2026-11-05T10:15:30.5Z")),
                new Times(Duration.ofNanos(-1), Instant.MIN),
                new Times(Duration.ZERO, Instant.MAX),
                new Collected(List.of("a", "b", ""), set, map,
                        List.of(List.of(new Point(1, 2)), List.of()), Map.of(Color.BLUE, Set.of("x"))),
                new Collected(List.of(), Set.of(), Map.of(), List.of(), Map.of()),
                new Optionals(Optional.of("name"), Optional.of(new Point(3, 4)), Optional.of(new Square(5))),
                new Optionals(Optional.empty(), Optional.empty(), Optional.empty()),
                new Optionals(null, null, null),
                new Holder(new Point(-1, -2),
                        new Tree("root", List.of(new Tree("leaf", List.of()), new Tree("inner", List.of(new Tree("x", List.of()))))),
                        new Circle(1.25), List.of(new Square(1), new Circle(2)), new Ping(7)),
                new Holder(null, null, null, null, null),
                new Empty(),
                new Validated(1)));
        return samples;
    }
}
