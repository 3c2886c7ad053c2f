package dev.kata.runtime.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kata.runtime.checker.KvCommand;
import dev.kata.runtime.client.ClientConfig;
import dev.kata.runtime.checker.LinearizabilityResult;
import dev.kata.runtime.disk.DiskFile;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.node.Timer;
import dev.kata.runtime.sim.TestMessages.Ping;
import dev.kata.runtime.sim.TestMessages.Pong;
import dev.kata.runtime.sim.TestMessages.Text;
import dev.kata.runtime.trace.Trace;
import dev.kata.runtime.trace.TraceEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The simulation")
class SimulationTest {

    static final NodeId N1 = NodeId.of("n1");
    static final NodeId N2 = NodeId.of("n2");
    static final NodeId N3 = NodeId.of("n3");

    static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    /** A simulation where every message takes exactly 1 ms: easy to reason about. */
    static Simulation simulation(long seed) {
        return new Simulation(SimulationConfig.of(seed, new TestCodec()).withNetwork(NetworkConfig.fixedLatency(ms(1))));
    }

    static List<NodeId> servers(Simulation sim, int count) {
        return servers(sim, count, node -> { });
    }

    static List<NodeId> servers(Simulation sim, int count, Consumer<ScriptedNode> onStart) {
        return sim.addServers(count, ctx -> new ScriptedNode(ctx, sim, onStart));
    }

    static ScriptedNode node(Simulation sim, NodeId id) {
        return sim.node(id, ScriptedNode.class);
    }

    @Nested
    @DisplayName("replays a seed")
    class Determinism {

        /** A busy run: gossiping nodes, clients, and a nemesis, on a flaky network. */
        Trace busyRun(long seed) {
            Simulation sim = new Simulation(SimulationConfig.of(seed, new TestCodec())
                    .withNetwork(NetworkConfig.flaky())
                    .withClocks(ClockConfig.drifting(ms(50), 0.01)));
            List<NodeId> ids = servers(sim, 3, node -> node.ctx.schedule(ms(5), new Runnable() {
                @Override
                public void run() {
                    NodeId peer = node.ctx.cluster().get(node.ctx.random().nextInt(3));
                    node.ctx.send(peer, new Ping(node.ctx.random().nextLong()));
                    node.ctx.schedule(ms(1 + node.ctx.random().nextInt(20)), this);
                }
            }));
            for (SimClient<KvCommand, String> client : sim.addClients(2, () -> new TestKv.Protocol(ids))) {
                client.runWorkload(1_000, Workload.readsWritesAndCas("x", "y"));
            }
            Nemesis.standard().schedule(seed, ids, Duration.ofSeconds(10)).applyTo(sim);
            sim.runFor(Duration.ofSeconds(10));
            return sim.trace();
        }

        @Test
        @DisplayName("two runs with the same seed record identical traces, event for event")
        void sameSeedSameTrace() {
            Trace first = busyRun(42);
            Trace second = busyRun(42);
            assertThat(first.events()).hasSizeGreaterThan(1_000);
            assertThat(second.events()).isEqualTo(first.events());
            assertThat(second.summary()).isEqualTo(first.summary());
        }

        @Test
        @DisplayName("runs with different seeds differ")
        void differentSeedsDiffer() {
            assertThat(busyRun(1).events()).isNotEqualTo(busyRun(2).events());
        }

        @Test
        @DisplayName("a node's random draws do not change what the network decides")
        void nodeRandomnessIsIndependent() {
            List<Long> latencies = new ArrayList<>();
            for (int extraDraws = 0; extraDraws < 2; extraDraws++) {
                int draws = extraDraws;
                Simulation sim = new Simulation(SimulationConfig.of(7, new TestCodec())
                        .withNetwork(NetworkConfig.reliable().withLatency(ms(1), ms(100))));
                servers(sim, 2, node -> {
                    for (int i = 0; i < draws * 1000; i++) {
                        node.ctx.random().nextLong();
                    }
                    if (node.ctx.self().equals(N1)) {
                        node.send("n2", new Ping(1));
                    }
                });
                sim.runUntilIdle();
                latencies.add(node(sim, N2).received.get(0).virtualNanos());
            }
            assertThat(latencies.get(1)).isEqualTo(latencies.get(0));
        }
    }

    @Nested
    @DisplayName("delivers messages")
    class Messages {

        @Test
        @DisplayName("through the codec: the receiver gets an equal message, never the sender's object")
        void throughTheCodec() {
            Simulation sim = simulation(1);
            Text sent = new Text("hello");
            servers(sim, 2, node -> {
                if (node.ctx.self().equals(N1)) {
                    node.send("n2", sent);
                }
            });
            sim.runUntilIdle();
            Object received = node(sim, N2).messages().get(0);
            assertThat(received).isEqualTo(sent).isNotSameAs(sent);
            assertThat(sim.counts().bytesSent()).isEqualTo(1 + 2 + 5);
        }

        @Test
        @DisplayName("as the same object only when told to run without a codec")
        void passThrough() {
            Simulation sim = new Simulation(SimulationConfig.withoutCodec(1));
            Text sent = new Text("hello");
            servers(sim, 2, node -> {
                if (node.ctx.self().equals(N1)) {
                    node.send("n2", sent);
                }
            });
            sim.runUntilIdle();
            assertThat(node(sim, N2).messages().get(0)).isSameAs(sent);
            assertThat(sim.counts().bytesSent()).isZero();
        }

        @Test
        @DisplayName("after the configured latency, on virtual time")
        void afterLatency() {
            Simulation sim = new Simulation(SimulationConfig.of(1, new TestCodec())
                    .withNetwork(NetworkConfig.fixedLatency(ms(40))));
            servers(sim, 2, node -> {
                if (node.ctx.self().equals(N1)) {
                    node.send("n2", new Ping(1));
                }
            });
            sim.runUntilIdle();
            assertThat(node(sim, N2).received.get(0).virtualNanos()).isEqualTo(ms(40).toNanos());
            assertThat(node(sim, N1).received.get(0).virtualNanos()).isEqualTo(ms(80).toNanos());
        }

        @Test
        @DisplayName("to a node from itself, through the network")
        void toItself() {
            Simulation sim = simulation(1);
            servers(sim, 1, node -> node.send("n1", new Text("note to self")));
            sim.network().isolate(N1);
            sim.runUntilIdle();
            assertThat(node(sim, N1).messages()).containsExactly(new Text("note to self"));
        }

        @Test
        @DisplayName("and refuses to send to a node that does not exist, naming the nodes that do")
        void unknownNode() {
            Simulation sim = simulation(1);
            servers(sim, 1, node -> node.send("n9", new Text("hello?")));
            assertThatThrownBy(sim::start)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("n9, which is not a node of this simulation (nodes: [n1])");
        }
    }

    @Nested
    @DisplayName("injects network faults")
    class NetworkFaults {

        Simulation sim = simulation(3);

        /** n1 sends n2 {@code count} numbered pings, 1 ms apart. */
        void pings(int count) {
            servers(sim, 3);
            for (int i = 0; i < count; i++) {
                long value = i;
                sim.at(ms(i), "n1 pings n2", () -> node(sim, N1).send("n2", new Ping(value)));
            }
        }

        List<Long> pingsReceived() {
            return node(sim, N2).messages().stream().filter(Ping.class::isInstance).map(m -> ((Ping) m).value())
                    .toList();
        }

        @Test
        @DisplayName("drops: a network that loses every message delivers none")
        void drop() {
            sim.network().setConditions(NetworkConfig.fixedLatency(ms(1)).withDropProbability(1.0));
            pings(10);
            sim.runUntilIdle();
            assertThat(pingsReceived()).isEmpty();
            assertThat(sim.counts().messagesDropped()).isEqualTo(10);
            assertThat(sim.trace().events()).filteredOn(TraceEvent.Dropped.class::isInstance).hasSize(10)
                    .allSatisfy(e -> assertThat(((TraceEvent.Dropped) e).reason()).isEqualTo("lost by the network"));
        }

        @Test
        @DisplayName("drops some: a network that loses 30% loses about 30%")
        void dropSome() {
            sim.network().setConditions(NetworkConfig.fixedLatency(ms(1)).withDropProbability(0.3));
            pings(1_000);
            sim.runUntilIdle();
            assertThat(pingsReceived().size()).isBetween(630, 770);
        }

        @Test
        @DisplayName("duplicates: every message arrives twice, each copy its own object")
        void duplicate() {
            sim.network().setConditions(NetworkConfig.fixedLatency(ms(1)).withDuplicateProbability(1.0));
            pings(3);
            sim.runUntilIdle();
            assertThat(pingsReceived()).containsExactlyInAnyOrder(0L, 0L, 1L, 1L, 2L, 2L);
            assertThat(node(sim, N2).messages().get(0)).isNotSameAs(node(sim, N2).messages().get(1));
            assertThat(sim.counts().messagesDuplicated()).as("3 pings, and n2's 6 pongs to them").isEqualTo(9);
        }

        @Test
        @DisplayName("delays: messages take between the least and the most latency")
        void delay() {
            sim.network().setConditions(NetworkConfig.reliable().withLatency(ms(10), ms(20)));
            pings(200);
            sim.runUntilIdle();
            List<ScriptedNode.Received> received = node(sim, N2).received;
            for (ScriptedNode.Received r : received) {
                long sentAt = ms(((Ping) r.message()).value()).toNanos();
                assertThat(r.virtualNanos() - sentAt).isBetween(ms(10).toNanos(), ms(20).toNanos());
            }
        }

        @Test
        @DisplayName("keeps a link in order when every message takes the same time")
        void fifoWithFixedLatency() {
            pings(100);
            sim.runUntilIdle();
            assertThat(pingsReceived()).isSorted().hasSize(100);
        }

        @Test
        @DisplayName("reorders: held-back messages are overtaken by later ones")
        void reorder() {
            sim.network().setConditions(NetworkConfig.fixedLatency(ms(1)).withReordering(0.2, ms(30)));
            pings(100);
            sim.runUntilIdle();
            assertThat(pingsReceived()).hasSize(100).isNotEqualTo(pingsReceived().stream().sorted().toList());
        }

        @Test
        @DisplayName("partitions: no message crosses between sides, both ways, until healed")
        void partition() {
            servers(sim, 3);
            sim.network().partition(Set.of(N1), Set.of(N2, N3));
            sim.at(ms(0), "everyone pings everyone", () -> {
                for (NodeId from : sim.servers()) {
                    for (NodeId to : sim.servers()) {
                        if (!from.equals(to)) {
                            node(sim, from).ctx.send(to, new Text(from + "->" + to));
                        }
                    }
                }
            });
            sim.runFor(ms(10));
            assertThat(node(sim, N1).received).isEmpty();
            assertThat(node(sim, N2).messages()).containsExactly(new Text("n3->n2"));
            sim.network().heal();
            node(sim, N1).send("n2", new Text("healed"));
            sim.runUntilIdle();
            assertThat(node(sim, N2).messages()).contains(new Text("healed"));
        }

        @Test
        @DisplayName("blocks one way: n1 cannot reach n2, but n2 still reaches n1")
        void oneWay() {
            servers(sim, 2);
            sim.network().block(N1, N2);
            node(sim, N1).send("n2", new Text("lost"));
            node(sim, N2).send("n1", new Text("arrives"));
            sim.runUntilIdle();
            assertThat(node(sim, N2).received).isEmpty();
            assertThat(node(sim, N1).messages()).containsExactly(new Text("arrives"));
        }

        @Test
        @DisplayName("cuts messages already in flight when a partition begins")
        void cutsInFlight() {
            sim.network().setConditions(NetworkConfig.fixedLatency(ms(10)));
            servers(sim, 2);
            node(sim, N1).send("n2", new Text("in flight"));
            sim.runFor(ms(5));
            sim.network().isolate(N2);
            sim.runUntilIdle();
            assertThat(node(sim, N2).received).isEmpty();
            assertThat(sim.trace().events()).filteredOn(TraceEvent.Dropped.class::isInstance)
                    .extracting(e -> ((TraceEvent.Dropped) e).reason())
                    .containsExactly("the link was cut while it was in flight (partition)");
        }

        @Test
        @DisplayName("slows a link: its messages take longer, the other direction does not")
        void slowLink() {
            servers(sim, 2);
            sim.network().slowLink(N1, N2, ms(100));
            node(sim, N1).send("n2", new Text("slow"));
            node(sim, N2).send("n1", new Text("fast"));
            sim.runUntilIdle();
            assertThat(node(sim, N2).received.get(0).virtualNanos()).isEqualTo(ms(101).toNanos());
            assertThat(node(sim, N1).received.get(0).virtualNanos()).isEqualTo(ms(1).toNanos());
        }

        @Test
        @DisplayName("leaves clients connected to every side of a partition of servers")
        void clientsStayConnected() {
            List<NodeId> ids = servers(sim, 3);
            sim.network().partition(Set.of(N1), Set.of(N2, N3));
            assertThat(sim.network().isCut(N1, N2)).isTrue();
            sim.addClient("c1", new TestKv.Protocol(ids));
            assertThat(sim.network().isCut(NodeId.of("c1"), N1)).isFalse();
            assertThat(sim.network().isCut(N3, NodeId.of("c1"))).isFalse();
        }
    }

    @Nested
    @DisplayName("crashes and restarts nodes")
    class CrashAndRestart {

        Simulation sim = simulation(5);

        @Test
        @DisplayName("a crash discards the node object and its timers; a restart makes a new one that starts again")
        void crashDiscardsTheNode() {
            servers(sim, 1, node -> node.timer(ms(100)));
            ScriptedNode before = node(sim, N1);
            sim.runFor(ms(50));
            sim.crash(N1);
            assertThat(sim.isUp(N1)).isFalse();
            assertThatThrownBy(() -> sim.node(N1, ScriptedNode.class)).hasMessageContaining("n1 is down");
            sim.runFor(ms(100));
            assertThat(before.timersFired).as("the old life's timer never fires").isEmpty();
            sim.restart(N1);
            ScriptedNode after = node(sim, N1);
            assertThat(after).isNotSameAs(before);
            assertThat(after.started).isTrue();
            sim.runFor(ms(200));
            assertThat(after.timersFired).hasSize(1);
        }

        @Test
        @DisplayName("messages to a crashed node are lost; messages it sent before crashing still arrive")
        void messagesAroundACrash() {
            servers(sim, 2);
            node(sim, N1).send("n2", new Text("sent before the crash"));
            sim.crash(N1);
            sim.runUntilIdle();
            assertThat(node(sim, N2).messages()).contains(new Text("sent before the crash"));
            node(sim, N2).send("n1", new Text("to a dead node"));
            sim.runUntilIdle();
            assertThat(sim.trace().events()).filteredOn(TraceEvent.Dropped.class::isInstance)
                    .extracting(e -> ((TraceEvent.Dropped) e).reason()).contains("n1 is down");
        }

        @Test
        @DisplayName("a crash keeps forced bytes and loses unforced ones; the new node reads what survived")
        void crashLosesUnforcedBytes() {
            servers(sim, 1, node -> {
                if (node.ctx.disk().exists("log")) {
                    return;
                }
                try (DiskFile log = node.ctx.disk().open("log")) {
                    log.append(ByteBuffer.wrap("forced.".getBytes(StandardCharsets.UTF_8)));
                    log.force();
                    log.append(ByteBuffer.wrap("unforced".getBytes(StandardCharsets.UTF_8)));
                }
            });
            sim.start();
            sim.crashCleanly(N1);
            sim.restart(N1);
            byte[] survived = node(sim, N1).ctx.disk().readAll("log");
            assertThat(new String(survived, StandardCharsets.UTF_8)).isEqualTo("forced.");
        }

        @Test
        @DisplayName("a crash may tear unforced bytes, as the seed decides, but never forced ones")
        void crashMayTear() {
            List<Integer> sizes = new ArrayList<>();
            for (long seed = 1; seed <= 20; seed++) {
                Simulation run = simulation(seed);
                servers(run, 1, node -> {
                    if (!node.ctx.disk().exists("log")) {
                        try (DiskFile log = node.ctx.disk().open("log")) {
                            log.append(ByteBuffer.wrap(new byte[100]));
                            log.force();
                            log.append(ByteBuffer.wrap(new byte[100]));
                        }
                    }
                });
                run.start();
                run.crash(N1);
                sizes.add((int) run.disk(N1).forcedSize("log"));
            }
            assertThat(sizes).allSatisfy(size -> assertThat(size).isBetween(100, 200));
            assertThat(Set.copyOf(sizes)).hasSizeGreaterThan(1);
        }

        @Test
        @DisplayName("a node that keeps using its old context after a crash is told so")
        void oldContextRefused() {
            servers(sim, 2);
            ScriptedNode old = node(sim, N1);
            sim.crash(N1);
            sim.restart(N1);
            assertThatThrownBy(() -> old.send("n2", new Text("zombie")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("context of a life that ended");
        }

        @Test
        @DisplayName("a client written as a node is not in the cluster, but crashes, restarts and talks like a node")
        void clientNode() {
            List<NodeId> ids = servers(sim, 2);
            NodeId client = sim.addClientNode("lock-client", ctx -> new ScriptedNode(ctx, sim,
                    node -> node.send("n1", new Ping(1))));
            sim.runUntilIdle();
            ScriptedNode before = node(sim, client);
            assertThat(before.ctx.cluster()).isEqualTo(ids);
            assertThat(before.messages()).containsExactly(new Pong(1));
            sim.crash(client);
            sim.restart(client);
            sim.runUntilIdle();
            assertThat(node(sim, client)).isNotSameAs(before);
            assertThat(node(sim, client).messages()).containsExactly(new Pong(1));
            assertThat(sim.nodes(ScriptedNode.class)).as("servers only").hasSize(2);
        }

        @Test
        @DisplayName("restarting a running node is refused, with what to do instead")
        void restartRunning() {
            servers(sim, 1);
            assertThatThrownBy(() -> sim.restart(N1)).hasMessage("n1 is running: crash it before restarting it");
        }
    }

    @Nested
    @DisplayName("pauses nodes")
    class Pauses {

        Simulation sim = simulation(9);

        @Test
        @DisplayName("a paused node handles nothing; on resume it handles what queued up, in order, and late timers")
        void pauseAndResume() {
            servers(sim, 2, node -> {
                if (node.ctx.self().equals(N2)) {
                    node.timer(ms(50));
                }
            });
            sim.pause(N2);
            for (int i = 0; i < 3; i++) {
                node(sim, N1).send("n2", new Text("m" + i));
            }
            sim.runFor(ms(1_000));
            ScriptedNode paused = node(sim, N2);
            assertThat(paused.received).isEmpty();
            assertThat(paused.timersFired).isEmpty();
            sim.resume(N2);
            sim.runFor(ms(1));
            assertThat(paused.messages()).containsExactly(new Text("m0"), new Text("m1"), new Text("m2"));
            assertThat(paused.received).allSatisfy(r -> assertThat(r.virtualNanos()).isEqualTo(ms(1_000).toNanos()));
            assertThat(paused.timersFired).as("the timer fires late, at the resume")
                    .containsExactly(Instant.EPOCH.plus(ms(1_000)));
        }

        @Test
        @DisplayName("a pause for a duration resumes by itself, and the node's clock kept running")
        void pauseForADuration() {
            servers(sim, 1);
            sim.pause(N1, Duration.ofSeconds(30));
            sim.runFor(Duration.ofSeconds(29));
            assertThat(sim.isPaused(N1)).isTrue();
            sim.runFor(Duration.ofSeconds(2));
            assertThat(sim.isPaused(N1)).isFalse();
            assertThat(node(sim, N1).ctx.now()).isEqualTo(Instant.EPOCH.plusSeconds(31));
        }

        @Test
        @DisplayName("a timed pause ends only itself, not a later pause")
        void timedPauseEndsItself() {
            servers(sim, 1);
            sim.pause(N1, Duration.ofSeconds(1));
            sim.runFor(ms(500));
            sim.resume(N1);
            sim.pause(N1);
            sim.runFor(Duration.ofSeconds(2));
            assertThat(sim.isPaused(N1)).isTrue();
        }

        @Test
        @DisplayName("a node that crashes while paused loses what queued up")
        void crashWhilePaused() {
            servers(sim, 2);
            sim.pause(N2);
            node(sim, N1).send("n2", new Text("never handled"));
            sim.runFor(ms(10));
            sim.crash(N2);
            sim.restart(N2);
            sim.runUntilIdle();
            assertThat(node(sim, N2).received).isEmpty();
        }
    }

    @Nested
    @DisplayName("gives each node its own clock")
    class Clocks {

        @Test
        @DisplayName("a fast clock reads ahead, and its timers fire early in virtual time")
        void fastClock() {
            Simulation sim = new Simulation(SimulationConfig.of(1, new TestCodec())
                    .withClocks(ClockConfig.drifting(Duration.ZERO, 0.25)));
            servers(sim, 2);
            sim.setClockRate(N1, 1.25);
            sim.setClockRate(N2, 1.0);
            node(sim, N1).timer(Duration.ofSeconds(10));
            node(sim, N2).timer(Duration.ofSeconds(10));
            sim.runFor(Duration.ofSeconds(8));
            assertThat(sim.clock(N1)).isEqualTo(Instant.EPOCH.plusSeconds(10));
            assertThat(node(sim, N1).timersFired).hasSize(1);
            assertThat(node(sim, N2).timersFired).isEmpty();
            assertThat(sim.clock(N2)).isEqualTo(Instant.EPOCH.plusSeconds(8));
        }

        @Test
        @DisplayName("drifting clocks start apart and run at different rates, within the configured bounds")
        void driftWithinBounds() {
            Simulation sim = new Simulation(SimulationConfig.of(11, new TestCodec())
                    .withClocks(ClockConfig.drifting(ms(100), 0.01)));
            List<NodeId> ids = servers(sim, 5);
            sim.runFor(Duration.ofSeconds(100));
            List<Long> readings = new ArrayList<>();
            for (NodeId id : ids) {
                long reading = Duration.between(Instant.EPOCH, sim.clock(id)).toNanos();
                readings.add(reading);
                assertThat(reading).isBetween(Duration.ofSeconds(99).toNanos(),
                        Duration.ofSeconds(101).plus(ms(100)).toNanos());
            }
            assertThat(Set.copyOf(readings)).hasSize(5);
        }

        @Test
        @DisplayName("a stepped clock jumps, and the node's now() shows it")
        void shiftedClock() {
            Simulation sim = simulation(1);
            servers(sim, 1);
            sim.shiftClock(N1, Duration.ofSeconds(-5));
            sim.runFor(Duration.ofSeconds(10));
            assertThat(node(sim, N1).ctx.now()).isEqualTo(Instant.EPOCH.plusSeconds(5));
        }
    }

    @Nested
    @DisplayName("runs until something happens")
    class Running {

        @Test
        @DisplayName("runUntil stops as soon as the condition holds and says how long it took")
        void runUntil() {
            Simulation sim = simulation(1);
            servers(sim, 2, node -> {
                if (node.ctx.self().equals(N1)) {
                    node.send("n2", new Ping(1));
                }
            });
            Duration took = sim.runUntil(() -> !node(sim, N1).received.isEmpty(), Duration.ofSeconds(1),
                    "n1 hears back");
            assertThat(took).isEqualTo(ms(2));
            assertThat(sim.elapsed()).isEqualTo(ms(2));
        }

        @Test
        @DisplayName("runUntil fails saying what never happened, until when, and the state of the nodes")
        void runUntilFails() {
            Simulation sim = simulation(1);
            servers(sim, 2, node -> node.ctx.schedule(ms(100), new Runnable() {
                @Override
                public void run() {
                    node.ctx.schedule(ms(100), this); // a heartbeat: never idle
                }
            }));
            sim.crash(N2);
            assertThatThrownBy(() -> sim.runUntil(() -> false, Duration.ofSeconds(5), "a leader is elected"))
                    .isInstanceOf(ConditionNeverMet.class)
                    .hasMessageContaining("never happened: a leader is elected")
                    .hasMessageContaining("waited 5s of virtual time, from 0.000000s to 5.000000s")
                    .hasMessageContaining("nodes: n1 up, n2 down");
            assertThat(sim.elapsed()).isEqualTo(Duration.ofSeconds(5));
        }

        @Test
        @DisplayName("runUntil fails early when nothing is left to happen")
        void runUntilIdleFails() {
            Simulation sim = simulation(1);
            servers(sim, 1);
            assertThatThrownBy(() -> sim.runUntil(() -> false, Duration.ofSeconds(5), "n1 speaks"))
                    .hasMessageContaining("nothing was left to happen at 0.000000s");
        }

        @Test
        @DisplayName("runUntilIdle is bounded: a cluster with heartbeats is never idle")
        void runUntilIdleBounded() {
            Simulation sim = simulation(1);
            servers(sim, 1, node -> node.ctx.schedule(ms(100), new Runnable() {
                @Override
                public void run() {
                    node.ctx.schedule(ms(100), this);
                }
            }));
            assertThatThrownBy(() -> sim.runUntilIdle(Duration.ofSeconds(1)))
                    .hasMessageContaining("never happened: the cluster became idle");
        }

        @Test
        @DisplayName("a node that loops without letting time pass is caught as a livelock")
        void livelock() {
            Simulation sim = simulation(1);
            servers(sim, 1, node -> node.ctx.schedule(Duration.ZERO, new Runnable() {
                @Override
                public void run() {
                    node.ctx.schedule(Duration.ZERO, this);
                }
            }));
            assertThatThrownBy(() -> sim.runFor(ms(1))).hasMessageContaining("livelock");
        }

        @Test
        @DisplayName("run methods do not nest: an action that runs the simulation is told to schedule instead")
        void noNesting() {
            Simulation sim = simulation(1);
            servers(sim, 1);
            sim.after(ms(1), "a confused step", () -> sim.runFor(ms(1)));
            assertThatThrownBy(() -> sim.runFor(ms(5))).hasMessageContaining("schedule the next step with at()");
        }

        @Test
        @DisplayName("a cancelled timer never fires")
        void cancelledTimer() {
            Simulation sim = simulation(1);
            servers(sim, 1);
            List<String> fired = new ArrayList<>();
            Timer timer = node(sim, N1).ctx.schedule(ms(10), () -> fired.add("boom"));
            timer.cancel();
            sim.runFor(ms(100));
            assertThat(fired).isEmpty();
            assertThat(sim.counts().timersFired()).isZero();
        }
    }

    @Nested
    @DisplayName("checks invariants at every event")
    class Invariants {

        @Test
        @DisplayName("the first violation stops the run, naming the invariant, the event and the time")
        void violationStops() {
            Simulation sim = simulation(1);
            servers(sim, 2, node -> {
                if (node.ctx.self().equals(N1)) {
                    for (int i = 0; i < 5; i++) {
                        node.send("n2", new Ping(i));
                    }
                }
            });
            sim.invariant("n2 receives at most 2 messages", () -> assertThat(node(sim, N2).received.size())
                    .as("messages n2 received").isLessThanOrEqualTo(2));
            assertThatThrownBy(sim::runUntilIdle)
                    .isInstanceOf(InvariantViolation.class)
                    .hasMessageContaining("invariant violated: n2 receives at most 2 messages")
                    .hasMessageContaining("at 0.001000s, after delivery of #3 n1 -> n2: Ping[value=2]")
                    .hasMessageContaining("messages n2 received");
            assertThat(node(sim, N2).received).as("the run stopped right there").hasSize(3);
            TraceEvent last = sim.trace().events().get(sim.trace().events().size() - 1);
            assertThat(last).isInstanceOf(TraceEvent.InvariantViolated.class);
            assertThatThrownBy(() -> sim.runFor(ms(1))).hasMessageContaining("cannot run on");
        }

        @Test
        @DisplayName("an invariant also holds across crashes made by the test")
        void checkedAfterFaults() {
            Simulation sim = simulation(1);
            servers(sim, 3);
            sim.invariant("a majority is up", () -> assertThat(sim.nodes(ScriptedNode.class)).hasSizeGreaterThan(1));
            sim.crash(N1);
            assertThatThrownBy(() -> sim.crash(N2)).isInstanceOf(InvariantViolation.class)
                    .hasMessageContaining("after the crash of n2");
        }
    }

    @Nested
    @DisplayName("counts what a run costs, the same on every run")
    class Counting {

        @Test
        @DisplayName("messages and bytes of each client operation, and the background traffic apart")
        void perOperation() {
            Simulation sim = simulation(1);
            List<NodeId> ids = sim.addServers(1, ctx -> new TestKv.Server(ctx, N1));
            // A background chatter that no client caused.
            sim.addServer("n2", ctx -> new ScriptedNode(ctx, sim, node -> node.send("n1", new Text("hi"))));
            SimClient<KvCommand, String> client = sim.addClient("c1", new TestKv.Protocol(ids));
            long write = client.submit(new dev.kata.runtime.checker.KvCommand.Write("x", "1"));
            sim.runUntil(() -> !client.busy(), Duration.ofSeconds(1), "the write is answered");
            assertThat(sim.costOf(write).messages()).as("request and response").isEqualTo(2);
            assertThat(sim.costOf(write).bytes()).isPositive();
            Counts counts = sim.counts();
            assertThat(counts.messagesSent()).isEqualTo(3);
            assertThat(counts.backgroundMessages()).isEqualTo(1);
            assertThat(counts.messagesPerOperation()).isEqualTo(2.0);
        }

        @Test
        @DisplayName("retries count toward the operation that caused them")
        void retriesCount() {
            Simulation sim = simulation(1);
            List<NodeId> ids = sim.addServers(2, ctx -> new TestKv.Server(ctx, N2));
            sim.start();
            sim.node(N1, TestKv.Server.class).mute = true;
            SimClient<KvCommand, String> client = sim.addClient("c1", new TestKv.Protocol(ids),
                    ClientConfig.defaults().withRetryInterval(ms(100)));
            long read = client.submit(new dev.kata.runtime.checker.KvCommand.Read("x"));
            sim.runUntil(() -> !client.busy(), Duration.ofSeconds(1), "the read is answered");
            assertThat(sim.costOf(read).messages()).as("to mute n1, retry to n2, answer").isEqualTo(3);
        }
    }

    @Nested
    @DisplayName("records traces")
    class Traces {

        @Test
        @DisplayName("checking linearizability marks the failing operations on the trace page, with the checker's words")
        void checkLinearizability() {
            Simulation sim = simulation(1);
            long write = sim.history().invoke("c1", new KvCommand.Write("x", "v1"), 1_000);
            sim.history().ok(write, null, 2_000);
            long staleRead = sim.history().invoke("c2", new KvCommand.Read("x"), 3_000);
            sim.history().ok(staleRead, null, 4_000); // absent, after the write completed: stale

            LinearizabilityResult<KvCommand, String> result = sim.checkLinearizability();

            assertThat(result.isLinearizable()).isFalse();
            Trace trace = sim.trace();
            assertThat(trace.highlightedOperations()).containsExactlyInAnyOrder(write, staleRead);
            assertThat(trace.summary()).containsAll(result.explanationLines());
        }

        @Test
        @DisplayName("checking a linearizable history leaves the trace page alone")
        void checkLinearizableHistory() {
            Simulation sim = simulation(1);
            long write = sim.history().invoke("c1", new KvCommand.Write("x", "v1"), 1_000);
            sim.history().ok(write, null, 2_000);
            long read = sim.history().invoke("c2", new KvCommand.Read("x"), 3_000);
            sim.history().ok(read, "v1", 4_000);

            assertThat(sim.checkLinearizability().isLinearizable()).isTrue();
            assertThat(sim.trace().highlightedOperations()).isEmpty();
        }

        @Test
        @DisplayName("every send, delivery, timer, fault and note, with message text decoded from the bytes")
        void recordsEverything() {
            Simulation sim = simulation(1);
            servers(sim, 2, node -> {
                if (node.ctx.self().equals(N1)) {
                    node.ctx.note("starting");
                    node.send("n2", new Ping(7));
                    node.timer(ms(5));
                }
            });
            sim.runFor(ms(10));
            sim.crash(N2);
            sim.restart(N2);
            sim.pause(N1);
            sim.network().partition(Set.of(N1), Set.of(N2));
            List<TraceEvent> events = sim.trace().events();
            assertThat(events).contains(
                    new TraceEvent.Note(0, "n1", "starting"),
                    new TraceEvent.Sent(0, 1, "n1", "n2", "Ping[value=7]", 9),
                    new TraceEvent.Delivered(ms(1).toNanos(), 1, "n1", "n2", "Ping[value=7]"),
                    new TraceEvent.Crashed(ms(10).toNanos(), "n2"),
                    new TraceEvent.Restarted(ms(10).toNanos(), "n2"),
                    new TraceEvent.Paused(ms(10).toNanos(), "n1"),
                    new TraceEvent.PartitionChanged(ms(10).toNanos(), "partition {n1} | {n2}"));
            assertThat(events).filteredOn(TraceEvent.TimerFired.class::isInstance).hasSize(1);
            assertThat(sim.trace().nodes()).containsExactly("n1", "n2");
        }

        @Test
        @DisplayName("keeps only the most recent events within its limit, and says how many it left out")
        void bounded() {
            Simulation sim = new Simulation(SimulationConfig.of(1, new TestCodec()).withTraceLimit(10));
            servers(sim, 2, node -> {
                if (node.ctx.self().equals(N1)) {
                    for (int i = 0; i < 20; i++) {
                        node.send("n2", new Ping(i));
                    }
                }
            });
            sim.runUntilIdle();
            Trace trace = sim.trace();
            assertThat(trace.events()).hasSize(10);
            assertThat(trace.events().get(9)).isInstanceOf(TraceEvent.Delivered.class);
            assertThat(trace.summary()).anySatisfy(line -> assertThat(line).contains("first 70 events are not shown"));
        }

        @Test
        @DisplayName("can be switched off, and the run is the same without it")
        void off() {
            Simulation sim = new Simulation(SimulationConfig.of(1, new TestCodec()).withoutTrace());
            servers(sim, 2, node -> node.send("n1", new Ping(1)));
            sim.runUntilIdle();
            assertThat(sim.trace().events()).isEmpty();
            assertThat(sim.counts().messagesDelivered()).isEqualTo(4);
        }

        @Test
        @DisplayName("writes a trace page that names the seed")
        void page(@TempDir Path directory) throws Exception {
            Simulation sim = new Simulation(SimulationConfig.of(1234, new TestCodec()).withTitle("a story"));
            servers(sim, 2, node -> node.send("n1", new Ping(1)));
            sim.runUntilIdle();
            Path page = sim.writeTrace(directory);
            assertThat(page.getFileName().toString()).isEqualTo("a-story-seed-1234.html");
            assertThat(Files.readString(page)).contains("1234").contains("Ping[value=1]");
        }

        @Test
        @DisplayName("is named after the test that built the simulation, unless given a title")
        void namedAfterTheTest(@TempDir Path directory) {
            Simulation sim = simulation(5);
            servers(sim, 1);
            assertThat(sim.trace().title()).isEqualTo("SimulationTest-namedAfterTheTest");
            assertThat(sim.writeTrace(directory).getFileName().toString())
                    .isEqualTo("SimulationTest-namedAfterTheTest-seed-5.html");
        }
    }
}
