package dev.kata.quorum;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.quorum.QuorumMessage.ReplicaRead;
import dev.kata.quorum.QuorumMessage.ReplicaReadReply;
import dev.kata.quorum.QuorumMessage.ReplicaWrite;
import dev.kata.quorum.QuorumMessage.ReplicaWriteAck;
import dev.kata.runtime.disk.SimulatedDisk;
import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.sim.DurabilityWatch;
import dev.kata.runtime.sim.NetworkConfig;
import dev.kata.runtime.sim.Probe;
import dev.kata.runtime.sim.Simulation;
import dev.kata.runtime.sim.SimulationConfig;
import dev.kata.runtime.testing.RandomizedTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("step-1")
@DisplayName("Step 1: a replica keeps versioned values durably; only a newer version replaces one")
class Step1ReplicaTest {

    static Version v(long counter, String writer) {
        return new Version(0, counter, writer);
    }

    static VersionedValue value(String value, long counter, String writer) {
        return new VersionedValue(value, v(counter, writer));
    }

    @Nested
    @DisplayName("Versions")
    class Versions {

        @Test
        @DisplayName("are ordered by epoch first, then counter, then writer")
        void order() {
            List<Version> sorted = new ArrayList<>(List.of(
                    new Version(1, 0, "a"), new Version(0, 7, "b"), new Version(0, 7, "a"),
                    new Version(0, 2, "z"), new Version(2, 1, "a"), Version.ZERO));
            java.util.Collections.sort(sorted);
            assertThat(sorted).as("versions in ascending order").containsExactly(
                    Version.ZERO, new Version(0, 2, "z"), new Version(0, 7, "a"), new Version(0, 7, "b"),
                    new Version(1, 0, "a"), new Version(2, 1, "a"));
        }

        @Test
        @DisplayName("a higher epoch wins over any counter (module 03 relies on it)")
        void epochFirst() {
            assertThat(new Version(1, 0, "n1").compareTo(new Version(0, Long.MAX_VALUE, "n9")))
                    .as("epoch 1, counter 0 compared with epoch 0, counter max").isPositive();
            assertThat(new Version(0, Long.MAX_VALUE, "n9").compareTo(new Version(1, 0, "n1")))
                    .as("epoch 0, counter max compared with epoch 1, counter 0").isNegative();
        }

        @Test
        @DisplayName("the same counter from two writers gives two different versions, ordered by writer")
        void writerBreaksTies() {
            assertThat(v(5, "n2").compareTo(v(5, "n1"))).as("5@n2 compared with 5@n1").isPositive();
            assertThat(v(5, "n1").compareTo(v(5, "n2"))).as("5@n1 compared with 5@n2").isNegative();
            assertThat(v(5, "n1").compareTo(v(5, "n1"))).as("5@n1 compared with itself").isZero();
        }

        @Test
        @DisplayName("ZERO is older than the version of any write")
        void zeroIsOldest() {
            assertThat(v(0, "n1").compareTo(Version.ZERO)).as("0@n1 compared with ZERO").isPositive();
            assertThat(Version.ZERO.compareTo(v(1, "n1"))).as("ZERO compared with 1@n1").isNegative();
        }
    }

    @Nested
    @DisplayName("The replica store")
    class Store {

        private final SimulatedDisk disk = new SimulatedDisk();

        @Test
        @DisplayName("holds nothing for a key never written")
        void absent() {
            try (ReplicaStore store = ReplicaStore.open(disk)) {
                assertThat(store.get("x")).isEmpty();
            }
        }

        @Test
        @DisplayName("stores a first write and answers it with its version")
        void firstWrite() {
            try (ReplicaStore store = ReplicaStore.open(disk)) {
                assertThat(store.putIfNewer("x", value("a", 1, "n1"))).as("putIfNewer of the first write").isTrue();
                assertThat(store.get("x")).contains(value("a", 1, "n1"));
                assertThat(store.get("y")).as("another key").isEmpty();
            }
        }

        @Test
        @DisplayName("a newer version replaces the value; an older one is refused and changes nothing")
        void onlyNewerWins() {
            try (ReplicaStore store = ReplicaStore.open(disk)) {
                store.putIfNewer("x", value("a", 5, "n1"));
                assertThat(store.putIfNewer("x", value("old", 3, "n2"))).as("putIfNewer of an older version").isFalse();
                assertThat(store.get("x")).as("after an older write").contains(value("a", 5, "n1"));
                assertThat(store.putIfNewer("x", value("b", 6, "n1"))).as("putIfNewer of a newer version").isTrue();
                assertThat(store.get("x")).as("after a newer write").contains(value("b", 6, "n1"));
            }
        }

        @Test
        @DisplayName("the same version again is refused: a duplicated message must not count as a new write")
        void sameVersionRefused() {
            try (ReplicaStore store = ReplicaStore.open(disk)) {
                store.putIfNewer("x", value("a", 5, "n1"));
                assertThat(store.putIfNewer("x", value("a", 5, "n1"))).as("putIfNewer of the version already held")
                        .isFalse();
                assertThat(store.putIfNewer("x", value("other", 5, "n1")))
                        .as("putIfNewer of the same version with another value").isFalse();
                assertThat(store.get("x")).contains(value("a", 5, "n1"));
            }
        }

        @Test
        @DisplayName("the order writes arrive in does not matter: the newest version is held in the end")
        void orderDoesNotMatter() {
            List<VersionedValue> writes = List.of(value("a", 1, "n1"), value("b", 2, "n2"), value("c", 2, "n3"),
                    value("d", 3, "n1"));
            try (ReplicaStore forwards = ReplicaStore.open(disk);
                 ReplicaStore backwards = ReplicaStore.open(new SimulatedDisk())) {
                writes.forEach(w -> forwards.putIfNewer("x", w));
                for (int i = writes.size() - 1; i >= 0; i--) {
                    backwards.putIfNewer("x", writes.get(i));
                }
                assertThat(forwards.get("x")).as("writes applied oldest first").contains(value("d", 3, "n1"));
                assertThat(backwards.get("x")).as("writes applied newest first").contains(value("d", 3, "n1"));
            }
        }

        @Test
        @DisplayName("a deletion is a tombstone with a version: an older write arriving late cannot bring the key back")
        void tombstones() {
            try (ReplicaStore store = ReplicaStore.open(disk)) {
                store.putIfNewer("x", value("a", 1, "n1"));
                assertThat(store.putIfNewer("x", value(null, 3, "n2"))).as("putIfNewer of a deletion").isTrue();
                assertThat(store.get("x")).as("after the deletion").contains(value(null, 3, "n2"));
                assertThat(store.putIfNewer("x", value("late", 2, "n1"))).as("an older write after the deletion")
                        .isFalse();
                assertThat(store.get("x")).map(VersionedValue::isTombstone).as("still deleted").contains(true);
            }
        }

        @Test
        @DisplayName("an accepted write is durable when putIfNewer returns: it survives a crash right after")
        void durable() {
            try (ReplicaStore store = ReplicaStore.open(disk)) {
                store.putIfNewer("x", value("a", 1, "n1"));
                store.putIfNewer("y", value(null, 2, "n1"));
            }
            disk.crashCleanly(); // loses every byte that was not forced
            try (ReplicaStore store = ReplicaStore.open(disk)) {
                assertThat(store.get("x")).as("x after a crash").contains(value("a", 1, "n1"));
                assertThat(store.get("y")).as("a deletion after a crash").contains(value(null, 2, "n1"));
            }
        }

        @Test
        @DisplayName("values with any text survive a restart exactly, empty strings and non-ASCII included")
        void encoding() {
            try (ReplicaStore store = ReplicaStore.open(disk)) {
                store.putIfNewer("empty", new VersionedValue("", new Version(3, 4, "n1")));
                store.putIfNewer("unicode", new VersionedValue("grüße, 世界", new Version(0, Long.MAX_VALUE, "n-ü")));
            }
            try (ReplicaStore store = ReplicaStore.open(disk)) {
                assertThat(store.get("empty")).contains(new VersionedValue("", new Version(3, 4, "n1")));
                assertThat(store.get("unicode"))
                        .contains(new VersionedValue("grüße, 世界", new Version(0, Long.MAX_VALUE, "n-ü")));
            }
        }
    }

    /**
     * The replica role of a server, talked to directly by a probe that plays a coordinator:
     * <pre>
     *   probe ──ReplicaWrite(x, a@5)──▶ n1     n1 stores it durably, then
     *   probe ◀──ReplicaWriteAck(applied)── n1
     *   probe ──ReplicaRead(x)──▶ n1
     *   probe ◀──ReplicaReadReply(a@5)── n1
     * </pre>
     */
    @Nested
    @DisplayName("The replica role of a server")
    class ReplicaRole {

        private final Simulation sim = new Simulation(SimulationConfig.of(1, QuorumMessage.CODEC)
                .withNetwork(NetworkConfig.fixedLatency(Duration.ofMillis(1))));
        /** Looks, at every ack, at what a crash of n1 at that instant would leave. */
        private final DurabilityWatch watch = new DurabilityWatch(new AckDurability());
        private final NodeId n1 = sim.addServers(1, watch.around(QuorumNode.factory(QuorumConfig.of(1, 1, 1)))).get(0);
        private final Probe probe = Probe.add(sim, "probe", watch::around);

        private <T extends Message> T ask(QuorumMessage request, Class<T> replyType) {
            int before = probe.received(replyType).size();
            probe.send(n1, request);
            sim.runUntil(() -> probe.received(replyType).size() > before, Duration.ofSeconds(1),
                    "n1 answers " + request + " with a " + replyType.getSimpleName());
            return probe.received(replyType).get(before);
        }

        @Test
        @DisplayName("answers a read of a key it never stored with nothing")
        void readsNothing() {
            ReplicaReadReply reply = ask(new ReplicaRead(7, "x"), ReplicaReadReply.class);
            assertThat(reply.requestId()).as("the reply's request id").isEqualTo(7);
            assertThat(reply.value()).as("the value of a key never written").isEmpty();
        }

        @Test
        @DisplayName("stores a write, acknowledges it, and answers a read with the value and its version")
        void writeThenRead() {
            ReplicaWriteAck ack = ask(new ReplicaWrite(11, "x", value("a", 5, "n2")), ReplicaWriteAck.class);
            assertThat(ack.requestId()).as("the ack's request id").isEqualTo(11);
            assertThat(ack.applied()).as("applied, for a first write").isTrue();
            assertThat(sim.node(n1, QuorumNode.class).held("x")).as("what n1 holds once it acknowledged")
                    .contains(value("a", 5, "n2"));
            ReplicaReadReply reply = ask(new ReplicaRead(12, "x"), ReplicaReadReply.class);
            assertThat(reply.requestId()).as("the reply's request id").isEqualTo(12);
            assertThat(reply.value()).as("the answer to a read").contains(value("a", 5, "n2"));
        }

        @Test
        @DisplayName("acknowledges an older write too (applied = false) and keeps the newer value: a coordinator waiting for W acks must not wait forever")
        void acknowledgesOlderWrites() {
            ask(new ReplicaWrite(1, "x", value("new", 9, "n2")), ReplicaWriteAck.class);
            ReplicaWriteAck ack = ask(new ReplicaWrite(2, "x", value("old", 4, "n3")), ReplicaWriteAck.class);
            assertThat(ack.applied()).as("applied, for a write older than what n1 holds").isFalse();
            assertThat(sim.node(n1, QuorumNode.class).held("x")).as("what n1 holds after the older write")
                    .contains(value("new", 9, "n2"));
        }

        @Test
        @DisplayName("acknowledges a write only once it is durable: a crash at the instant of the ack would keep it")
        void durableWhenAcknowledged() {
            // Within one event a crash cannot come between the ack and the store, so only a look at the
            // disk at the moment of the send tells "store, then ack" from "ack, then store".
            ask(new ReplicaWrite(1, "x", value("a", 3, "n2")), ReplicaWriteAck.class);
            ask(new ReplicaWrite(2, "x", value("b", 4, "n3")), ReplicaWriteAck.class);
            ask(new ReplicaWrite(3, "x", value("old", 2, "n3")), ReplicaWriteAck.class);
            assertThat(watch.sends()).as("sends the durability watch looked at").isGreaterThanOrEqualTo(6);
        }

        @Test
        @DisplayName("keeps an acknowledged write through a crash: it recovers it from its own log")
        void durable() {
            ask(new ReplicaWrite(1, "x", value("a", 3, "n2")), ReplicaWriteAck.class);
            sim.crash(n1);
            sim.restart(n1);
            ReplicaReadReply reply = ask(new ReplicaRead(2, "x"), ReplicaReadReply.class);
            assertThat(reply.value()).as("n1's answer after a crash and restart").contains(value("a", 3, "n2"));
        }
    }

    /** After any crash the store holds, for every key, the newest version whose putIfNewer returned true. */
    @RandomizedTest(seeds = 20)
    @DisplayName("crash property: after any crash each key holds the newest write that was accepted")
    void crashProperty(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        SimulatedDisk disk = new SimulatedDisk();
        Map<String, VersionedValue> model = new HashMap<>();
        for (int life = 0; life < 4; life++) {
            try (ReplicaStore store = ReplicaStore.open(disk)) {
                for (String key : List.of("k0", "k1", "k2", "k3")) {
                    assertThat(store.get(key)).as("seed %d: key %s after restart %d", seed, key, life)
                            .isEqualTo(java.util.Optional.ofNullable(model.get(key)));
                }
                int writes = random.nextInt(1, 400);
                for (int i = 0; i < writes; i++) {
                    String key = "k" + random.nextInt(4);
                    VersionedValue write = value(random.nextInt(5) == 0 ? null : "v" + i, random.nextInt(1, 300),
                            "n" + random.nextInt(1, 4));
                    VersionedValue held = model.get(key);
                    boolean newer = held == null || write.version().compareTo(held.version()) > 0;
                    assertThat(store.putIfNewer(key, write)).as("seed %d: putIfNewer(%s, %s) holding %s", seed, key,
                            write, held).isEqualTo(newer);
                    if (newer) {
                        model.put(key, write);
                    }
                }
            }
            disk.crash(random);
        }
    }
}
