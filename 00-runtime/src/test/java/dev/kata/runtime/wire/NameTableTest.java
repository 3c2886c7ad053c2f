package dev.kata.runtime.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.runtime.node.NodeId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Decoding finds type names, enum constants and node ids by their bytes where they lie in the
 * input; it must accept exactly the names a lookup by String would have accepted.
 */
@DisplayName("Looking names up by their bytes")
class NameTableTest {

    /** The name's UTF-8 bytes in the middle of other bytes, as they lie in a message. */
    private static byte[] embedded(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        byte[] input = new byte[bytes.length + 6];
        input[0] = 'x';
        input[1] = 'y';
        input[2] = 'z';
        System.arraycopy(bytes, 0, input, 3, bytes.length);
        input[input.length - 1] = 'q';
        return input;
    }

    private static <V> V find(NameLookup<V> names, String name) {
        byte[] input = embedded(name);
        return names.find(input, 3, input.length - 6);
    }

    @Test
    @DisplayName("a table finds every name it holds, and nothing else: no prefix, extension or near miss")
    void table() {
        NameTable<Integer> table = new NameTable<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 300; i++) { // grows several times
            String name = "module" + (i % 7) + ".Message" + i;
            names.add(name);
            table.put(name, i);
        }
        table.put("wal.Append", 1000);
        table.put("grün", 1001);
        for (int i = 0; i < names.size(); i++) {
            assertThat(find(table, names.get(i))).isEqualTo(i);
        }
        assertThat(find(table, "wal.Append")).isEqualTo(1000);
        assertThat(find(table, "grün")).isEqualTo(1001);
        for (String unknown : List.of("wal.Appen", "wal.Appended", "wal.append", "Wal.Append", "", "gr\uFFFDn", "module0.Message300")) {
            assertThat(find(table, unknown)).as(unknown).isNull();
        }
        // Bytes that are not valid UTF-8 decode to U+FFFD; they match no name, as before.
        byte[] invalid = {'g', 'r', (byte) 0xC3, 'n'};
        assertThat(table.find(invalid, 0, invalid.length)).isNull();
    }

    @Test
    @DisplayName("the node id cache finds the ids it was given, and misses when two names share a slot")
    void nodeIds() {
        NodeIdCache cache = new NodeIdCache();
        List<NodeId> ids = new ArrayList<>();
        for (int i = 0; i < 5000; i++) { // more ids than slots: later ones take the slots of earlier ones
            NodeId id = NodeId.of("node-" + i);
            ids.add(id);
            cache.remember(id);
        }
        int hits = 0;
        for (NodeId id : ids) {
            NodeId found = find(cache, id.name());
            if (found != null) {
                assertThat(found).isSameAs(id);
                hits++;
            }
        }
        assertThat(hits).isBetween(1, 1024);
        assertThat(find(cache, ids.get(ids.size() - 1).name())).isSameAs(ids.get(ids.size() - 1));
        assertThat(find(cache, "node-5000")).isNull();
        assertThat(find(cache, "node-499")).isIn(null, ids.get(499));
    }
}
