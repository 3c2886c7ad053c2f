package dev.kata.runtime.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A forwarding disk")
class ForwardingDiskTest extends DiskContractTest {

    /** A forwarding disk whose files forward too: it must keep the whole contract of the disk underneath. */
    @Override
    Disk disk() {
        return new ForwardingDisk(new SimulatedDisk()) {
            @Override
            protected DiskFile wrap(DiskFile file) {
                return new ForwardingDiskFile(file);
            }
        };
    }

    @Test
    @DisplayName("changes only the calls a subclass overrides")
    void overridesOnlyWhatItSays() {
        List<String> forced = new ArrayList<>();
        SimulatedDisk underneath = new SimulatedDisk();
        Disk disk = new ForwardingDisk(underneath) {
            @Override
            protected DiskFile wrap(DiskFile file) {
                return new ForwardingDiskFile(file) {
                    @Override
                    public void force() {
                        forced.add(name());
                        super.force();
                    }
                };
            }
        };
        try (DiskFile file = disk.open("log")) {
            file.append(ByteBuffer.wrap("abc".getBytes(StandardCharsets.UTF_8)));
            file.force();
        }
        assertThat(forced).containsExactly("log");
        assertThat(underneath.readAll("log")).asString(StandardCharsets.UTF_8).isEqualTo("abc");
        assertThat(disk.list()).containsExactly("log");
    }
}
