// Generated from solutions/04-paxos/src/main/java/dev/kata/paxos/PaxosMessage.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint 068d088ac775
package dev.kata.paxos;

import dev.kata.runtime.node.Message;
import dev.kata.runtime.wire.RecordCodec;
import java.util.Objects;
import java.util.Optional;

/**
 * What proposers, acceptors and learners say to each other. Every message names its register (the
 * key): each register is a separate instance of Paxos, with its own promises and accepted values.
 */
public sealed interface PaxosMessage extends Message {

    /**
     * The wire encoding of this module's messages ("paxos.Prepare", ..., "client.Propose", ...) and of
     * 03's client messages, which the key-value store of step 7 speaks ("kv.KvRequest", ...).
     */
    RecordCodec CODEC = RecordCodec.builder().registerSealed("paxos", PaxosMessage.class)
            .registerSealed("client", ClientMessage.class)
            .registerSealed("kv", dev.kata.election.ClientMessage.class).build();

    /** The register this message is about. */
    String key();

    /** The ballot of the round this message belongs to. */
    Ballot ballot();

    /**
     * Phase 1a: a proposer asks an acceptor to promise {@code ballot}. {@code round} is the id of the
     * proposer's round (02's QuorumRound): every answer echoes it.
     */
    record Prepare(String key, Ballot ballot, long round) implements PaxosMessage {
        public Prepare {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(ballot, "ballot");
        }
    }

    /**
     * Phase 1b: the acceptor promises to accept nothing below {@code ballot}, and tells what it accepted
     * last (the proposal of the highest ballot it accepted), if anything. Durable before it is sent.
     */
    record Promise(String key, Ballot ballot, Optional<Proposal> accepted, long round) implements PaxosMessage {
    }

    /** Phase 2a: the proposer of {@code ballot} asks an acceptor to accept {@code value}. */
    record Accept(String key, Ballot ballot, String value, long round) implements PaxosMessage {
        public Accept {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(ballot, "ballot");
        }
    }

    /** Phase 2b: the acceptor accepted the value of {@code ballot}. Durable before it is sent. */
    record Accepted(String key, Ballot ballot, long round) implements PaxosMessage {
    }

    /**
     * The acceptor refused {@code ballot} (a Prepare or an Accept): it has promised the higher
     * {@code promised}. The proposer learns from it how far up its next ballot must go.
     */
    record Rejected(String key, Ballot ballot, Ballot promised, long round) implements PaxosMessage {
    }

    /** Learning (step 5): the value of {@code ballot} was accepted by a majority; it is chosen. */
    record Chosen(String key, Ballot ballot, String value) implements PaxosMessage {
    }
}
