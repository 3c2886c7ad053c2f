package dev.kata.runtime.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.node.SeenRequests;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("SavedState: a record and its CRC, replaced whole; damage is a clear error")
class SavedStateTest {

    record Vote(long generation, NodeId votedFor, Map<String, Long> seen) {
    }

    record Other(long value) {
    }

    private static final SavedState<Vote> VOTES = SavedState.of("test.Vote", Vote.class);

    private final SimulatedDisk disk = new SimulatedDisk();

    @Test
    @DisplayName("a saved record reads back equal, null components and maps included, and survives a crash")
    void roundTrip() {
        Vote vote = new Vote(7, NodeId.of("n2"), Map.of("c1", 3L));
        VOTES.save(disk, "vote", vote);
        disk.crashCleanly();
        assertThat(VOTES.load(disk, "vote")).contains(vote);
        VOTES.save(disk, "vote", new Vote(8, null, Map.of()));
        assertThat(VOTES.load(disk, "vote")).contains(new Vote(8, null, Map.of()));
    }

    @Test
    @DisplayName("no file is no saved state")
    void absent() {
        assertThat(VOTES.load(disk, "vote")).isEmpty();
    }

    @Test
    @DisplayName("any flipped byte is caught, and the error names the file and says the CRC did not match")
    void bitRot() {
        VOTES.save(disk, "vote", new Vote(7, NodeId.of("n2"), Map.of("c1", 3L)));
        int size = disk.readAll("vote").length;
        for (int offset = 0; offset < size; offset++) {
            SimulatedDisk copy = disk.crashImage();
            copy.corrupt("vote", offset);
            assertThatThrownBy(() -> VOTES.load(copy, "vote")).as("byte %d flipped", offset)
                    .isInstanceOf(CorruptStateException.class)
                    .hasMessageStartingWith("vote is damaged: CRC mismatch");
        }
    }

    @Test
    @DisplayName("a file too short for a CRC, or a record of another type, is damage too, not a default")
    void malformed() {
        disk.replace("vote", new byte[] {1, 2});
        assertThatThrownBy(() -> VOTES.load(disk, "vote")).isInstanceOf(CorruptStateException.class)
                .hasMessageContaining("vote is damaged: 2 bytes, too few for even a CRC");
        SavedState.of("test.Other", Other.class).save(disk, "vote", new Other(1));
        assertThatThrownBy(() -> VOTES.load(disk, "vote")).isInstanceOf(CorruptStateException.class)
                .hasMessageContaining("vote is damaged: not a Vote")
                .hasMessageContaining("unknown type 'test.Other'");
        byte[] truncated = Arrays.copyOf(VOTES.encode(new Vote(1, null, Map.of())), 10);
        assertThatThrownBy(() -> VOTES.decode(truncated, "the vote of n1")).isInstanceOf(CorruptStateException.class)
                .hasMessageStartingWith("the vote of n1 is damaged");
    }

    @Nested
    @DisplayName("SeenRequests, on it")
    class Seen {

        @Test
        @DisplayName("keeps each client's latest sequence number through a crash")
        void durable() {
            SeenRequests seen = SeenRequests.open(disk, "clients");
            seen.record("c1", 4);
            seen.record("c2", 9);
            disk.crashCleanly();
            SeenRequests again = SeenRequests.open(disk, "clients");
            assertThat(again.isNew("c1", 4)).as("c1's request 4 after a restart").isFalse();
            assertThat(again.isNew("c1", 5)).as("c1's request 5").isTrue();
            assertThat(again.latest("c2")).hasValue(9);
        }

        @Test
        @DisplayName("a damaged table stops the node with the file named, rather than forgetting what it carried out")
        void damaged() {
            SeenRequests.open(disk, "clients").record("c1", 4);
            disk.corrupt("clients", disk.readAll("clients").length - 1);
            assertThatThrownBy(() -> SeenRequests.open(disk, "clients")).isInstanceOf(CorruptStateException.class)
                    .hasMessageStartingWith("clients is damaged: CRC mismatch");
        }
    }
}
