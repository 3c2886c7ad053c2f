// Generated from solutions/03-generation-clock/src/main/java/dev/kata/election/ElectionNode.java by ./kata sync: maintainers edit there.
// Yours to write: replace each TODO stub (03-generation-clock/README.md says how).
// kata:fingerprint d00f883bdb49
package dev.kata.election;

import dev.kata.election.ClientMessage.KvRequest;
import dev.kata.election.PeerMessage.Fetch;
import dev.kata.election.PeerMessage.Fetched;
import dev.kata.election.PeerMessage.Heartbeat;
import dev.kata.election.PeerMessage.HeartbeatReply;
import dev.kata.election.PeerMessage.Rejected;
import dev.kata.election.PeerMessage.RequestVote;
import dev.kata.election.PeerMessage.Store;
import dev.kata.election.PeerMessage.Stored;
import dev.kata.election.PeerMessage.VoteReply;
import dev.kata.quorum.ReplicaStore;
import dev.kata.quorum.VersionedValue;
import dev.kata.runtime.disk.ScopedDisk;
import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.Node;
import dev.kata.runtime.node.NodeContext;
import dev.kata.runtime.node.NodeFactory;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.node.SeenRequests;
import dev.kata.runtime.node.Timer;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.random.RandomGenerator;

/**
 * A server that takes part in leader election: Leader and Followers, with a Generation Clock and
 * HeartBeats.
 *
 * <ul>
 *   <li>A {@link Role.Follower} waits for heartbeats. If none comes for its election timeout (drawn at
 *       random each time), it becomes a {@link Role.Candidate} of the next generation: it persists that
 *       generation with its own vote, and asks every other node for theirs.</li>
 *   <li>A node gives at most one vote per generation, and persists it before it answers. A candidate
 *       that a majority voted for is the {@link Role.Leader} of that generation: since two majorities
 *       always share a node, and that node voted once, no generation has two leaders.</li>
 *   <li>The leader sends heartbeats. If it has not heard back from a majority for
 *       {@link ElectionConfig#stepDownAfter()}, it steps down: a leader that cannot reach a majority
 *       cannot know whether the others elected someone else.</li>
 *   <li>Every message carries its sender's generation. A node that sees a newer generation moves to it
 *       (durably) and follows; a request from an older generation is rejected with the newer one, so a
 *       deposed leader, partitioned or paused, learns that it is stale and steps down.</li>
 *   <li>Behind the leader runs a replicated {@link KeyValueStore} (step 5): clients ask the leader,
 *       every server is a replica.</li>
 * </ul>
 *
 * <p>Single-threaded, like every node: one event at a time, everything from outside through its context.
 */
public final class ElectionNode implements Node {

    /** Where the generation clock keeps its files on the node's disk. */
    static final String CLOCK_FILES = "election.";
    /** Where the key-value replica keeps its files. */
    static final String REPLICA_FILES = "kv.";

    private final NodeContext ctx;
    private final ElectionConfig config;
    private GenerationClock clock;
    private KeyValueStore kv;
    private Role role = new Role.Follower(null);
    private Timer electionTimer;
    private Timer heartbeatTimer;

    public ElectionNode(NodeContext ctx, ElectionConfig config) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The factory a cluster is made with: {@code sim.addServers(3, ElectionNode.factory(config))}. */
    public static NodeFactory factory(ElectionConfig config) {
        Objects.requireNonNull(config, "config");
        return ctx -> new ElectionNode(ctx, config);
    }

    @Override
    public void onStart() {
        clock = GenerationClock.open(new ScopedDisk(ctx.disk(), CLOCK_FILES));
        kv = new KeyValueStore(ctx, config, ReplicaStore.open(new ScopedDisk(ctx.disk(), REPLICA_FILES)),
                SeenRequests.open(ctx.disk(), "clients"));
        ctx.note("starts as a follower, " + clock);
        becomeFollower(null);
    }

    @Override
    public void onMessage(NodeId from, Message message) {
        if (message instanceof KvRequest request) {
            kv.onClientRequest(from, request, knownLeader().filter(leader -> !leader.equals(ctx.self())));
            return;
        }
        if (!(message instanceof PeerMessage peer) || !admit(from, peer)) {
            return;
        }
        if (peer instanceof RequestVote request) {
            onRequestVote(from, request);
        } else if (peer instanceof VoteReply reply) {
            onVoteReply(from, reply);
        } else if (peer instanceof Heartbeat heartbeat) {
            onHeartbeat(from, heartbeat);
        } else if (peer instanceof HeartbeatReply reply) {
            onHeartbeatReply(from, reply);
        } else if (peer instanceof Store store) {
            kv.onStore(from, store, clock.generation());
        } else if (peer instanceof Fetch fetch) {
            kv.onFetch(from, fetch, clock.generation());
        } else if (peer instanceof Stored stored) {
            kv.onStored(from, stored);
        } else if (peer instanceof Fetched fetched) {
            kv.onFetched(from, fetched);
        }
        // A Rejected has done its work in admit(): its sender's newer generation is now ours.
    }

    // ------------------------------------------------------------------ step 2: elections

    /** How long a follower or candidate waits before it stands (again): drawn anew each time. */
    Duration electionTimeout() {
        return electionTimeout(config, ctx.random());
    }

    /**
     * An election timeout drawn from {@code random} between {@code config}'s bounds: one for each wait.
     * 05's replicas of the log draw theirs here too.
     */
    public static Duration electionTimeout(ElectionConfig config, RandomGenerator random) {
        // TODO step-2: Draw a random election timeout between the configured bounds
        throw new UnsupportedOperationException("TODO step-2 (03-generation-clock): draw a random election timeout between the configured bounds; see 03-generation-clock/README.md#step-2");
    }

    /** The election timeout ran out: no leader was heard from (or the last election was split). */
    private void onElectionTimeout() {
        if (!(role instanceof Role.Leader)) {
            startElection();
        }
    }

    /** Becomes a candidate of the next generation and asks every other node for its vote. */
    private void startElection() {
        // TODO step-2: Stand for the next generation: vote for yourself durably, then ask the others
        throw new UnsupportedOperationException("TODO step-2 (03-generation-clock): stand for the next generation: vote for yourself durably, then ask the others; see 03-generation-clock/README.md#step-2");
    }

    /** Another node asks for this node's vote. */
    private void onRequestVote(NodeId from, RequestVote request) {
        // TODO step-2: Answer a vote request: one vote per generation, persisted before the answer
        throw new UnsupportedOperationException("TODO step-2 (03-generation-clock): answer a vote request: one vote per generation, persisted before the answer; see 03-generation-clock/README.md#step-2");
    }

    /** A node answered this node's vote request. */
    private void onVoteReply(NodeId from, VoteReply reply) {
        // TODO step-2: Count the votes: a majority makes you the leader of that generation
        throw new UnsupportedOperationException("TODO step-2 (03-generation-clock): count the votes: a majority makes you the leader of that generation; see 03-generation-clock/README.md#step-2");
    }

    private void becomeLeader() {
        Role.Candidate candidate = (Role.Candidate) role;
        cancel(electionTimer);
        Map<NodeId, Long> lastHeard = new TreeMap<>();
        for (NodeId voter : candidate.votes()) {
            if (!voter.equals(ctx.self())) {
                lastHeard.put(voter, ctx.nanoTime()); // a vote is an answer too
            }
        }
        role = new Role.Leader(candidate.generation(), ctx.nanoTime(), lastHeard);
        kv.startLeading(candidate.generation());
        ctx.note("leads generation " + candidate.generation() + ", elected by " + candidate.votes());
        onHeartbeatTimer(); // tell the others at once, before their timeouts run out
    }

    // ------------------------------------------------------------------ step 3: heartbeats

    /** The leader's beat: step down if cut off from the majority, else tell the followers it is alive. */
    private void onHeartbeatTimer() {
        if (!(role instanceof Role.Leader leader)) {
            return;
        }
        if (lostMajority(leader)) {
            ctx.note("steps down from generation " + leader.generation() + ": heard from no majority for "
                    + config.stepDownAfter().toMillis() + " ms");
            becomeFollower(null);
            return;
        }
        sendHeartbeats(leader);
        heartbeatTimer = ctx.schedule(config.heartbeatInterval(), this::onHeartbeatTimer);
    }

    /** Sends one round of heartbeats. */
    private void sendHeartbeats(Role.Leader leader) {
        // TODO step-3: Tell every other node that you lead this generation (see 03-generation-clock/README.md#step-3)
        return;
    }

    /** Whether the leader has heard from fewer than a majority (itself included) within stepDownAfter. */
    private boolean lostMajority(Role.Leader leader) {
        return lostMajority(config, ctx.nanoTime(), leader.lastHeard().values(), ctx.cluster().size());
    }

    /**
     * Whether a leader that last heard from its followers at {@code lastHeard} (readings of its
     * monotonic clock, one per follower) has, at {@code now}, heard from fewer than a majority of
     * {@code clusterSize} servers (itself included) within {@code config}'s stepDownAfter. 05's
     * leaders of the log ask it too.
     */
    public static boolean lostMajority(ElectionConfig config, long now, Collection<Long> lastHeard, int clusterSize) {
        // TODO step-3: Decide whether you heard from a majority lately, yourself included (see 03-generation-clock/README.md#step-3)
        return false;
    }

    /** The leader of this node's generation is alive. */
    private void onHeartbeat(NodeId from, Heartbeat heartbeat) {
        // TODO step-3: Follow the leader: remember it, restart your election timeout, answer
        throw new UnsupportedOperationException("TODO step-3 (03-generation-clock): follow the leader: remember it, restart your election timeout, answer; see 03-generation-clock/README.md#step-3");
    }

    private void onHeartbeatReply(NodeId from, HeartbeatReply reply) {
        if (role instanceof Role.Leader leader && reply.generation() == leader.generation()) {
            leader.lastHeard().put(from, ctx.nanoTime());
        }
    }

    // ------------------------------------------------------------------ step 4: fencing

    /**
     * Looks at the generation of every message between servers before anything else: a newer one is
     * taken in, an older one fenced off. Returns whether the message is to be handled further.
     */
    private boolean admit(NodeId from, PeerMessage message) {
        // TODO step-4: Fence by generation: take in a newer one and follow; refuse an older one, naming yours (see 03-generation-clock/README.md#step-4)
        return true;
    }

    // ------------------------------------------------------------------ roles and timers

    private void becomeFollower(NodeId leader) {
        cancel(heartbeatTimer);
        if (role instanceof Role.Leader) {
            kv.stopLeading();
        }
        role = new Role.Follower(leader);
        resetElectionTimer();
    }

    private void resetElectionTimer() {
        cancel(electionTimer);
        electionTimer = ctx.schedule(electionTimeout(), this::onElectionTimeout);
    }

    private static void cancel(Timer timer) {
        if (timer != null) {
            timer.cancel();
        }
    }

    private List<NodeId> peers() {
        return ctx.cluster().stream().filter(id -> !id.equals(ctx.self())).toList();
    }

    /** The smallest number of servers such that any two groups of that many share a server. */
    private int majority() {
        return ctx.cluster().size() / 2 + 1;
    }

    private String roleName() {
        return role.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    // ------------------------------------------------------------------ for tests and invariants

    /** This node's current generation (its clock's). */
    public long generation() {
        return clock.generation();
    }

    /** Whom this node voted for in its current generation. */
    public Optional<NodeId> votedFor() {
        return clock.votedFor();
    }

    public Role role() {
        return role;
    }

    public boolean isLeader() {
        return role instanceof Role.Leader;
    }

    /** The generation this node leads, if it is a leader. */
    public Optional<Long> leaderOf() {
        return role instanceof Role.Leader leader ? Optional.of(leader.generation()) : Optional.empty();
    }

    /** The leader this node knows of: itself if it leads, the one it follows, or none. */
    public Optional<NodeId> knownLeader() {
        if (role instanceof Role.Leader) {
            return Optional.of(ctx.self());
        }
        return role instanceof Role.Follower follower ? Optional.ofNullable(follower.leader()) : Optional.empty();
    }

    public NodeId id() {
        return ctx.self();
    }

    /** What this node's key-value replica holds for {@code key}. */
    public Optional<VersionedValue> held(String key) {
        return kv.held(key);
    }

    @Override
    public String toString() {
        return ctx.self() + " (" + roleName() + ", " + clock + ")";
    }
}
