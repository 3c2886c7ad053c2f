package dev.kata.runtime.cell;

import dev.kata.runtime.node.NodeId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * A cell node's control channel: commands read line by line from its standard input, so only
 * whoever started the process (a {@link ProcessCell}, or a person at its terminal) can give them.
 * They cut the node off from peers, as a firewall between hosts would, without touching the other
 * processes:
 * <pre>
 *   cut n2 n3      refuse frames to and from n2 and n3 (servers, clients or listeners), both ways
 *   cut *          refuse frames to and from everyone: the node is isolated
 *   heal           end every cut
 * </pre>
 * A line may start with a number, which the answer repeats so that a program can wait for it. Each
 * command is answered with one line on standard output, {@code control 7 ok: cut n2 n3} or
 * {@code control 7 refused: ...}, once the cut is in force.
 */
final class CellControl implements Predicate<NodeId> {

    private final NodeId self;
    private final Set<NodeId> cut = ConcurrentHashMap.newKeySet();
    private volatile boolean everyone;

    CellControl(NodeId self) {
        this.self = self;
    }

    /** Whether frames to and from {@code peer} are refused now. */
    @Override
    public boolean test(NodeId peer) {
        return !peer.equals(self) && (everyone || cut.contains(peer));
    }

    /** Reads commands until the input ends (a node started without one simply has no control channel). */
    void serve(BufferedReader in, PrintStream out) {
        try {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) {
                    out.println(apply(line.strip()));
                    out.flush();
                }
            }
        } catch (IOException e) {
            out.println("control channel closed: " + e.getMessage());
        }
    }

    /** Carries out one command line and returns its answer. */
    String apply(String line) {
        List<String> words = List.of(line.split("\\s+"));
        String tag = "";
        if (words.get(0).matches("\\d+")) {
            tag = words.get(0) + " ";
            words = words.subList(1, words.size());
        }
        String command = String.join(" ", words);
        try {
            if (words.isEmpty()) {
                throw new IllegalArgumentException("no command after the number");
            }
            switch (words.get(0)) {
                case "cut" -> cut(words.subList(1, words.size()));
                case "heal" -> {
                    everyone = false;
                    cut.clear();
                }
                default -> throw new IllegalArgumentException("unknown command '" + words.get(0)
                        + "'; the commands are: cut PEER..., cut *, heal");
            }
            return "control " + tag + "ok: " + command + " (cut off from " + describe() + ")";
        } catch (IllegalArgumentException e) {
            return "control " + tag + "refused: " + command + ": " + e.getMessage();
        }
    }

    private void cut(List<String> peers) {
        if (peers.isEmpty()) {
            throw new IllegalArgumentException("cut needs the peers to cut off, or * for everyone");
        }
        if (peers.contains("*")) {
            everyone = true;
            return;
        }
        List<NodeId> ids = peers.stream().map(NodeId::of).toList(); // an invalid id fails before any is cut
        cut.addAll(ids);
    }

    private String describe() {
        return everyone ? "everyone" : cut.isEmpty() ? "no one" : new TreeSet<>(cut).toString();
    }
}
