package dev.kata.runtime.wire;

import dev.kata.runtime.node.NodeId;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The node ids decoded so far, found by a name's bytes in place. Nearly every message carries a
 * node id, a cluster has only a few, and making one is not free (a String, then a regular expression
 * checks the name): a hit here costs a hash and one comparison of a few bytes, and allocates nothing.
 *
 * <p>Direct-mapped, like a CPU's cache: a name's hash picks one slot, which holds the last id stored
 * there. A miss (a name not seen yet, or two names that share a slot) makes the id the slow way, and
 * it takes the slot. So the cache never grows, and hostile input can neither fill memory with it nor
 * make a lookup slow: the most it can cause is misses.
 *
 * <p>It needs no lock although every decoding thread shares it: a slot holds an immutable entry,
 * replaced whole, and the entry's final fields guarantee that a thread that sees the entry sees its
 * bytes too. A thread that still sees an older entry, or none, simply misses.
 */
final class NodeIdCache implements NameLookup<NodeId> {

    private static final int SLOTS = 1024;

    private record Entry(byte[] name, NodeId id) {
    }

    private final Entry[] slots = new Entry[SLOTS];

    @Override
    public NodeId find(byte[] bytes, int offset, int length) {
        Entry entry = slots[NameLookup.hash(bytes, offset, length) & (SLOTS - 1)];
        if (entry != null && Arrays.equals(entry.name, 0, entry.name.length, bytes, offset, offset + length)) {
            return entry.id;
        }
        return null;
    }

    /** Keeps a valid id, made the slow way, for the next message that names it. */
    void remember(NodeId id) {
        byte[] name = id.name().getBytes(StandardCharsets.UTF_8);
        slots[NameLookup.hash(name, 0, name.length) & (SLOTS - 1)] = new Entry(name, id);
    }
}
