// Generated from solutions/04-paxos/src/main/java/dev/kata/paxos/Proposal.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint 4d9db4765f84
package dev.kata.paxos;

import java.util.Objects;

/**
 * A value an acceptor accepted, with the ballot it was accepted in. The value may be null in the
 * key-value store of step 7: a register that was read while it held nothing.
 */
public record Proposal(Ballot ballot, String value) {
    public Proposal {
        Objects.requireNonNull(ballot, "ballot");
    }
}
