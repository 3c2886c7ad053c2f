package dev.kata.paxos;

import dev.kata.election.ClientMessage.KvRequest;
import dev.kata.paxos.ClientMessage.Decided;
import dev.kata.paxos.ClientMessage.Propose;
import dev.kata.paxos.ClientMessage.WhatWasChosen;
import dev.kata.paxos.PaxosMessage.Accept;
import dev.kata.paxos.PaxosMessage.Accepted;
import dev.kata.paxos.PaxosMessage.Chosen;
import dev.kata.paxos.PaxosMessage.Prepare;
import dev.kata.paxos.PaxosMessage.Promise;
import dev.kata.paxos.PaxosMessage.Rejected;
import dev.kata.runtime.disk.ScopedDisk;
import dev.kata.runtime.node.Message;
import dev.kata.runtime.node.Node;
import dev.kata.runtime.node.NodeContext;
import dev.kata.runtime.node.NodeFactory;
import dev.kata.runtime.node.NodeId;
import dev.kata.runtime.node.SeenRequests;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A Paxos server. Every server plays every role: an {@link Acceptor} (the memory), a {@link Proposer}
 * (it runs rounds for the clients that ask it), a {@link Learner}, and the front of the
 * {@link KeyValueStore} of step 7. There is no leader: any server proposes.
 *
 * <p>Given code: it opens the durable parts on the node's disk and routes each message to its role.
 */
public final class PaxosNode implements Node {

    /** Where the proposer's ballot clock keeps its files on the node's disk. */
    static final String BALLOT_FILES = "ballot.";
    /** Where the acceptor keeps its promises and accepted values. */
    static final String ACCEPTOR_FILES = "acceptor.";
    /** The Idempotent Receiver's table of the key-value store. */
    static final String CLIENTS_FILE = "clients";

    private final NodeContext ctx;
    private final PaxosConfig config;
    private BallotClock ballots;
    private Acceptor acceptor;
    private Proposer proposer;
    private Learner learner;
    private KeyValueStore kv;

    public PaxosNode(NodeContext ctx, PaxosConfig config) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The factory a cluster is made with: {@code sim.addServers(3, PaxosNode.factory(config))}. */
    public static NodeFactory factory(PaxosConfig config) {
        Objects.requireNonNull(config, "config");
        return ctx -> new PaxosNode(ctx, config);
    }

    @Override
    public void onStart() {
        ballots = BallotClock.open(new ScopedDisk(ctx.disk(), BALLOT_FILES), ctx.self());
        acceptor = new Acceptor(ctx, AcceptorStorage.open(new ScopedDisk(ctx.disk(), ACCEPTOR_FILES)));
        proposer = new Proposer(ctx, config, ballots);
        learner = new Learner(ctx, proposer);
        kv = new KeyValueStore(ctx, proposer, SeenRequests.open(ctx.disk(), CLIENTS_FILE));
    }

    @Override
    public void onMessage(NodeId from, Message message) {
        if (message instanceof Prepare prepare) {
            acceptor.onPrepare(from, prepare);
        } else if (message instanceof Accept accept) {
            acceptor.onAccept(from, accept);
        } else if (message instanceof Promise promise) {
            proposer.onPromise(from, promise);
        } else if (message instanceof Accepted accepted) {
            proposer.onAccepted(from, accepted);
        } else if (message instanceof Rejected rejected) {
            proposer.onRejected(from, rejected);
        } else if (message instanceof Chosen chosen) {
            learner.onChosen(chosen);
        } else if (message instanceof Propose propose) {
            onPropose(from, propose);
        } else if (message instanceof WhatWasChosen question) {
            learner.onWhatWasChosen(from, question);
        } else if (message instanceof KvRequest request) {
            kv.onRequest(from, request);
        }
    }

    /**
     * Single-decree Paxos: a client proposes a value. The answer is the value chosen, its own or an
     * earlier one. A copy of the request runs another round, which does no harm: it finds the value
     * chosen and proposes it again.
     */
    private void onPropose(NodeId client, Propose propose) {
        proposer.propose(propose.key(), Change.propose(propose.value()), true, true,
                chosen -> ctx.send(client, new Decided(propose.sequence(), propose.key(), chosen)),
                () -> { }); // gave up: say nothing, the client asks again
    }

    // ------------------------------------------------------------------ for tests and invariants to look at

    /** What this node's acceptor holds for register {@code key}. */
    public AcceptorState acceptorState(String key) {
        return acceptor.state(key);
    }

    /** Every register this node's acceptor holds a state for (a read-only view). */
    public Map<String, AcceptorState> acceptorStates() {
        return acceptor.storage().all();
    }

    /** The value this node learned was chosen for {@code key}, if it did. */
    public Optional<String> learned(String key) {
        return learner.learned(key);
    }

    /** The generation of the last ballot this node's proposer took. */
    public long ballotGeneration() {
        return ballots.generation();
    }

    public NodeId id() {
        return ctx.self();
    }
}
