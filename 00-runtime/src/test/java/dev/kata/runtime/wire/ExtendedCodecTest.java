package dev.kata.runtime.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kata.runtime.node.Message;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A replicated log (05) whose entries carry commands it does not know: the lock service (06) and a
 * key-value store contribute theirs by extending the log's codec.
 */
@DisplayName("An extensible codec: later modules contribute record types to an earlier module's codec")
class ExtendedCodecTest {

    /** Open: the log module does not know which commands exist. */
    interface Command {
    }

    record LogEntry(long index, long term, Command command) {
    }

    record Append(long requestId, List<LogEntry> entries) implements Message {
    }

    record Acquire(String lock, String session) implements Command {
    }

    record Put(String key, String value) implements Command {
    }

    record Noop() implements Command {
    }

    /** The log module's codec: its messages, its entries, and the one command it knows. */
    static final RecordCodec LOG = RecordCodec.builder().register("log.Append", Append.class)
            .register("log.LogEntry", LogEntry.class).register("log.Noop", Noop.class).build();

    static final RecordCodec LOCKS = LOG.extend().register("lock.Acquire", Acquire.class).build();

    static final RecordCodec KV = LOG.extend().register("kv.Put", Put.class).build();

    @Test
    @DisplayName("a later module's command travels inside the earlier module's message, by its registered name")
    void roundTrip() {
        Append append = new Append(7, List.of(new LogEntry(1, 1, new Noop()), new LogEntry(2, 1, new Acquire("a", "s1"))));
        assertThat(LOCKS.decode(LOCKS.encode(append))).isEqualTo(append);
        LogEntry entry = new LogEntry(3, 2, new Put("k", "v"));
        assertThat(KV.decodeRecord(KV.encodeRecord(entry), LogEntry.class)).as("an entry as saved state").isEqualTo(entry);
    }

    @Test
    @DisplayName("extending leaves the earlier codec as it was: it cannot encode a command it was not given")
    void earlierUnchanged() {
        assertThat(LOG.registeredTypes()).doesNotContainKey("lock.Acquire");
        assertThatThrownBy(() -> LOG.encode(new Append(1, List.of(new LogEntry(1, 1, new Acquire("a", "s"))))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Acquire is not registered");
    }

    @Test
    @DisplayName("bytes naming a command the reader was not given are malformed, with the name and the place said")
    void unknownCommand() {
        byte[] bytes = LOCKS.encode(new Append(1, List.of(new LogEntry(1, 1, new Acquire("a", "s")))));
        assertThatThrownBy(() -> KV.decode(bytes)).isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("unknown type 'lock.Acquire'");
    }

    @Test
    @DisplayName("a registered record that is not a Command, where a Command must be, is malformed")
    void notACommand() {
        byte[] noop = LOG.encode(new Append(1, List.of(new LogEntry(1, 1, new Noop()))));
        String text = new String(noop, java.nio.charset.StandardCharsets.ISO_8859_1)
                .replace("log.Noop", "log.Appe"); // same length: a name that is registered, but not a Command
        byte[] forged = text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        RecordCodec withAppe = LOG.extend().register("log.Appe", OtherRecord.class).build();
        assertThatThrownBy(() -> withAppe.decode(forged)).isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("is not a Command");
    }

    record OtherRecord() {
    }

    @Test
    @DisplayName("every truncation of an encoded message is malformed, never a wrong message or another exception")
    void truncated() {
        byte[] bytes = LOCKS.encode(new Append(9, List.of(new LogEntry(1, 1, new Acquire("lock", "session")))));
        for (int length = 0; length < bytes.length; length++) {
            byte[] cut = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> LOCKS.decode(cut)).as("the first %d bytes", length)
                    .isInstanceOf(MalformedMessageException.class);
        }
    }

    @Test
    @DisplayName("two codecs that both extend the log's include its types once; one name for two types is refused")
    void include() {
        RecordCodec both = RecordCodec.builder().include(LOCKS).include(KV).build();
        assertThat(both.registeredTypes()).containsKeys("log.Append", "log.LogEntry", "log.Noop", "lock.Acquire", "kv.Put");
        RecordCodec clash = RecordCodec.builder().register("kv.Put", Acquire.class).build();
        assertThatThrownBy(() -> RecordCodec.builder().include(KV).include(clash))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'kv.Put' is already taken");
    }

    @Test
    @DisplayName("decodeRecord says so when the bytes hold another record than the one expected")
    void wrongRecord() {
        byte[] bytes = KV.encodeRecord(new Put("k", "v"));
        assertThatThrownBy(() -> KV.decodeRecord(bytes, LogEntry.class)).isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("a Put, not the LogEntry expected");
    }
}
