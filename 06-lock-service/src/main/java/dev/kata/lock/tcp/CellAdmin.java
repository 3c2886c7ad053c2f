// Generated from solutions/06-lock-service/src/main/java/dev/kata/lock/tcp/CellAdmin.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint b5669b2b5251
package dev.kata.lock.tcp;

import dev.kata.runtime.node.Message;
import java.util.List;
import java.util.Objects;

/**
 * What an operator's tool asks a server of a running cell, and what it answers: not part of Chubby's
 * protocol, and not through the log. A server answers from its own replica, at once, so what a
 * follower says may be a little behind the master's.
 */
public sealed interface CellAdmin extends Message {

    /** "How are you?": {@code id} is echoed in the answer. */
    record StatusRequest(long id) implements CellAdmin {
    }

    /**
     * One server's view of the cell.
     *
     * @param server     the server that answers
     * @param master     whether it is the cell's master now
     * @param serving    whether, as master, it serves calls (every inherited session acknowledged the fail-over)
     * @param generation the master generation it has applied last (the master's, if it is master)
     * @param leader     the server its replica believes leads, if it knows one
     * @param applied    how many log entries its replica has applied
     * @param sessions   the open sessions
     * @param locks      each held lock: "path holder[,holder...]"
     * @param delayed    the locks in their lock-delay
     * @param paths      every node of the namespace
     */
    record Status(long id, String server, boolean master, boolean serving, long generation, String leader,
                  long applied, List<String> sessions, List<String> locks, List<String> delayed,
                  List<String> paths) implements CellAdmin {
        public Status {
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(leader, "leader");
            sessions = List.copyOf(sessions);
            locks = List.copyOf(locks);
            delayed = List.copyOf(delayed);
            paths = List.copyOf(paths);
        }
    }
}
