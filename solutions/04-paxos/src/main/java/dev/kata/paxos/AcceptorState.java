package dev.kata.paxos;

import java.util.Objects;
import java.util.Optional;

/**
 * What an acceptor keeps for one register: the highest ballot it promised, and the proposal it
 * accepted last (of the highest ballot it accepted), if any. On disk through {@link AcceptorStorage}.
 */
public record AcceptorState(Ballot promised, Optional<Proposal> accepted) {

    /** A register this acceptor has heard nothing about. */
    public static final AcceptorState EMPTY = new AcceptorState(Ballot.ZERO, Optional.empty());

    public AcceptorState {
        Objects.requireNonNull(promised, "promised");
        Objects.requireNonNull(accepted, "accepted");
    }

    /** The same, with {@code ballot} promised. */
    public AcceptorState promise(Ballot ballot) {
        return new AcceptorState(ballot, accepted);
    }

    /** The same, with {@code value} accepted in {@code ballot} (which is then promised too). */
    public AcceptorState accept(Ballot ballot, String value) {
        return new AcceptorState(ballot, Optional.of(new Proposal(ballot, value)));
    }
}
