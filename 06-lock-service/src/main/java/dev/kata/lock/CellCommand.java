// Generated from solutions/06-lock-service/src/main/java/dev/kata/lock/CellCommand.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint 2f2ac6c36111
package dev.kata.lock;

import dev.kata.log.Command;
import java.util.Objects;

/**
 * What the master puts on the replicated log, for {@link LockCell} to apply on every replica. Only the
 * master proposes; every decision that must survive a fail-over is one of these.
 */
public sealed interface CellCommand extends Command {

    /**
     * The master of {@code generation} has taken over: applied, it makes {@code generation} the cell's
     * master generation, and every entry before it has been applied, so the master's state is whole.
     */
    record NewMaster(long generation) implements CellCommand {
    }

    /** A client opens session {@code session}; the cell answers its calls at node {@code client}. */
    record OpenSession(String session, String client) implements CellCommand {
        public OpenSession {
            Objects.requireNonNull(session, "session");
            Objects.requireNonNull(client, "client");
        }
    }

    /** Call number {@code sequence} of {@code session}. */
    record Call(String session, long sequence, LockOp op) implements CellCommand {
        public Call {
            Objects.requireNonNull(session, "session");
            Objects.requireNonNull(op, "op");
        }
    }

    /**
     * The master of {@code masterGeneration} saw {@code session}'s lease run out. Applied only if that
     * is still the cell's master generation: a deposed master's decision is void.
     */
    record ExpireSession(String session, long masterGeneration) implements CellCommand {
        public ExpireSession {
            Objects.requireNonNull(session, "session");
        }
    }

    /** The lock-delay of {@code lock}, begun when its holder of {@code generation} expired, is over. */
    record EndLockDelay(String lock, long generation) implements CellCommand {
        public EndLockDelay {
            Objects.requireNonNull(lock, "lock");
        }
    }

    /** A fenced resource asks whether {@code sequencer} is valid (it has no session). */
    record ValidateSequencer(Sequencer sequencer) implements CellCommand {
        public ValidateSequencer {
            Objects.requireNonNull(sequencer, "sequencer");
        }
    }
}
