package dev.kata.runtime.wire;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The codecs that hold other values: nullable components, optionals, lists, sets and maps.
 *
 * <p>Decoded collections are unmodifiable and keep the order of the wire. Sets and maps decode to
 * linked (insertion-ordered) collections, never to {@code Set.of}/{@code Map.of}, whose iteration
 * order changes from one JVM run to the next and would break the simulation's replay.
 */
final class Containers {

    private Containers() {
    }

    /** A reference component that may be null: a presence byte (0 null, 1 present), then the value. */
    record Nullable(ValueCodec value) implements ValueCodec {
        @Override
        public void write(WireWriter out, Object item) {
            if (item == null) {
                out.writeByte(0);
            } else {
                out.writeByte(1);
                value.write(out, item);
            }
        }

        @Override
        public Object read(WireReader in) {
            int presence = in.readUnsignedByte("a presence byte");
            return switch (presence) {
                case 0 -> null;
                case 1 -> value.read(in);
                default -> throw in.error("invalid presence byte " + presence + " (expected 0 for null or 1)");
            };
        }

        @Override
        public int minSize() {
            return 1;
        }
    }

    /** An {@link Optional}: a presence byte (0 empty, 1 present), then the value. */
    record OptionalOf(ValueCodec value) implements ValueCodec {
        @Override
        public void write(WireWriter out, Object item) {
            Optional<?> optional = (Optional<?>) item;
            if (optional.isEmpty()) {
                out.writeByte(0);
            } else {
                out.writeByte(1);
                value.write(out, optional.get());
            }
        }

        @Override
        public Object read(WireReader in) {
            int presence = in.readUnsignedByte("an optional's presence byte");
            return switch (presence) {
                case 0 -> Optional.empty();
                case 1 -> Optional.of(value.read(in));
                default -> throw in.error("invalid presence byte " + presence + " (expected 0 for empty or 1)");
            };
        }

        @Override
        public int minSize() {
            return 1;
        }
    }

    /** A list: a 4-byte count, then the elements in order. */
    record ListOf(ValueCodec element) implements ValueCodec {
        @Override
        public void write(WireWriter out, Object item) {
            writeElements(out, (Collection<?>) item, element);
        }

        @Override
        public Object read(WireReader in) {
            int count = in.readCount(element.minSize(), "a list");
            List<Object> list = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                try {
                    list.add(element.read(in));
                } catch (WireError e) {
                    throw e.within("[" + i + "]");
                }
            }
            return Collections.unmodifiableList(list);
        }

        @Override
        public int minSize() {
            return 4;
        }
    }

    /** A set: a 4-byte count, then the elements in iteration order. A repeated element is malformed. */
    record SetOf(ValueCodec element) implements ValueCodec {
        @Override
        public void write(WireWriter out, Object item) {
            writeElements(out, (Collection<?>) item, element);
        }

        @Override
        public Object read(WireReader in) {
            int count = in.readCount(element.minSize(), "a set");
            Set<Object> set = new LinkedHashSet<>(capacityFor(count));
            for (int i = 0; i < count; i++) {
                int start = in.position();
                try {
                    if (!set.add(element.read(in))) {
                        throw new WireError("duplicate set element", start);
                    }
                } catch (WireError e) {
                    throw e.within("[" + i + "]");
                }
            }
            return Collections.unmodifiableSet(set);
        }

        @Override
        public int minSize() {
            return 4;
        }
    }

    /** A map: a 4-byte count, then key and value of each entry in iteration order. A repeated key is malformed. */
    record MapOf(ValueCodec key, ValueCodec value) implements ValueCodec {
        @Override
        public void write(WireWriter out, Object item) {
            Map<?, ?> map = (Map<?, ?>) item;
            out.writeInt(map.size());
            int i = 0;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                try {
                    if (entry.getKey() == null || entry.getValue() == null) {
                        throw new WireError("null " + (entry.getKey() == null ? "key" : "value")
                                + "; maps on the wire cannot hold null", -1);
                    }
                    key.write(out, entry.getKey());
                    value.write(out, entry.getValue());
                } catch (WireError e) {
                    throw e.within("[" + i + "]");
                }
                i++;
            }
        }

        @Override
        public Object read(WireReader in) {
            int count = in.readCount(key.minSize() + value.minSize(), "a map");
            Map<Object, Object> map = new LinkedHashMap<>(capacityFor(count));
            for (int i = 0; i < count; i++) {
                int start = in.position();
                try {
                    Object k = key.read(in);
                    Object v = value.read(in);
                    if (map.putIfAbsent(k, v) != null) {
                        throw new WireError("duplicate map key", start);
                    }
                } catch (WireError e) {
                    throw e.within("[" + i + "]");
                }
            }
            return Collections.unmodifiableMap(map);
        }

        @Override
        public int minSize() {
            return 4;
        }
    }

    private static void writeElements(WireWriter out, Collection<?> items, ValueCodec element) {
        out.writeInt(items.size());
        int i = 0;
        for (Object item : items) {
            if (item == null) {
                throw new WireError("null element; lists and sets on the wire cannot hold null", -1)
                        .within("[" + i + "]");
            }
            try {
                element.write(out, item);
            } catch (WireError e) {
                throw e.within("[" + i + "]");
            }
            i++;
        }
    }

    /** A hash capacity that holds {@code count} entries without rehashing. */
    private static int capacityFor(int count) {
        return (int) Math.min(1L << 30, count * 4L / 3 + 1);
    }
}
