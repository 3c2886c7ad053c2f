package dev.kata.paxos;

import java.util.Optional;

/**
 * What one round of Paxos does to a register, CASPaxos style: phase 1 finds the register's current
 * value (the value of the highest ballot accepted among a majority), the change computes the value
 * phase 2 writes, and the answer for whoever asked.
 *
 * <p>Single-decree Paxos is one such change: keep the current value if there is one, else propose your
 * own ({@link #propose}). The key-value store of step 7 has one per operation.
 */
@FunctionalInterface
public interface Change {

    /**
     * @param current the register's current value: the value of the highest-ballot proposal among the
     *                promises, empty if none of them accepted anything (or accepted "absent")
     */
    Update apply(Optional<String> current);

    /**
     * What phase 2 does, and the answer.
     *
     * @param write  whether phase 2 runs at all (learning a register that holds nothing writes nothing)
     * @param value  the value phase 2 proposes (null: absent)
     * @param result what the proposer answers once it is chosen
     */
    record Update(boolean write, String value, String result) {

        /** Propose {@code value} in phase 2; answer {@code result} once a majority accepted it. */
        public static Update write(String value, String result) {
            return new Update(true, value, result);
        }

        /** No phase 2: answer {@code result} at once. */
        public static Update nothing(String result) {
            return new Update(false, null, result);
        }
    }

    /** Single-decree Paxos: carry on the value already accepted, if any; propose {@code mine} only if none. */
    static Change propose(String mine) {
        return current -> current.isPresent() ? Update.write(current.get(), current.get()) : Update.write(mine, mine);
    }

    /**
     * Learning (step 5): a round that proposes nothing of its own. If a value was accepted, it is written
     * again with this ballot, and is then surely chosen; if none was, nothing was chosen.
     */
    static Change learn() {
        return current -> current.isPresent() ? Update.write(current.get(), current.get()) : Update.nothing(null);
    }
}
