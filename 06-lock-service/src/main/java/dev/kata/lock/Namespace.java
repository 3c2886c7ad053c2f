// Generated from solutions/06-lock-service/src/main/java/dev/kata/lock/Namespace.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint f6be43413b13
package dev.kata.lock;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The cell's files and directories, as Chubby names them: {@code /ls/cell/dir/file}. Given code, part of
 * the {@link LockCell}'s deterministic state. The root {@code /ls/cell} always exists. A node is a file
 * (whole-file contents, a lock) or a directory (children); an ephemeral node belongs to a session.
 * Every method checks everything before it changes anything: a refusal changes nothing.
 */
public final class Namespace {

    /** The root of the cell's names. */
    public static final String ROOT = "/ls/cell";

    /** One node. Its lock lives in {@link LockCell}; its lock generation here, with the other metadata. */
    static final class Node {
        final String path;
        final long instance;
        final boolean directory;
        final String owner; // the session of an ephemeral node, or null
        String contents = "";
        long contentGeneration;
        long lockGeneration;

        Node(String path, long instance, boolean directory, String owner) {
            this.path = path;
            this.instance = instance;
            this.directory = directory;
            this.owner = owner;
        }

        Metadata metadata() {
            return new Metadata(instance, contentGeneration, lockGeneration, directory, owner != null);
        }
    }

    private final TreeMap<String, Node> nodes = new TreeMap<>();
    private final int maxContentBytes;
    private long instances;

    public Namespace(int maxContentBytes) {
        this.maxContentBytes = maxContentBytes;
        nodes.put(ROOT, new Node(ROOT, ++instances, true, null));
    }

    /** Checks that {@code path} is an absolute name in this cell: /ls/cell, or below it, with no empty, "." or ".." part. */
    static void checkPath(String path) {
        if (!path.equals(ROOT) && !path.startsWith(ROOT + "/")) {
            throw new LockServiceException(ErrorCode.BAD_PATH, "'" + path + "' is not an absolute path in this"
                    + " cell: names start with " + ROOT + "/ (for example " + ROOT + "/service/leader)");
        }
        for (String part : path.substring(1).split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw new LockServiceException(ErrorCode.BAD_PATH, "'" + path + "' has an empty, '.' or '..'"
                        + " part: write the path in full, without a trailing slash");
            }
        }
    }

    static String parent(String path) {
        return path.substring(0, path.lastIndexOf('/'));
    }

    Optional<Node> find(String path) {
        return Optional.ofNullable(nodes.get(path));
    }

    /** Creates a node, whose parent directory must exist. */
    Node create(String path, boolean directory, String owner) {
        checkPath(path);
        if (nodes.containsKey(path)) {
            throw new LockServiceException(ErrorCode.EXISTS, path + " exists already: open it without create");
        }
        Node parent = nodes.get(parent(path));
        if (parent == null || !parent.directory) {
            throw new LockServiceException(ErrorCode.NOT_FOUND, "cannot create " + path + ": its parent "
                    + parent(path) + (parent == null ? " does not exist; create it first" : " is a file"));
        }
        Node node = new Node(path, ++instances, directory, owner);
        nodes.put(path, node);
        return node;
    }

    /** Deletes a node; a directory only when it has no children. */
    void delete(Node node) {
        if (node.path.equals(ROOT)) {
            throw new LockServiceException(ErrorCode.NOT_EMPTY, ROOT + " is the cell's root; it cannot be deleted");
        }
        List<String> children = children(node.path);
        if (!children.isEmpty()) {
            throw new LockServiceException(ErrorCode.NOT_EMPTY, "cannot delete " + node.path + ": it has "
                    + children.size() + " child" + (children.size() == 1 ? "" : "ren") + " (" + children.get(0)
                    + (children.size() > 1 ? ", ..." : "") + "); delete them first");
        }
        nodes.remove(node.path);
    }

    /** Writes a file's whole contents, if its content generation is {@code expected} (or {@code expected} is -1). */
    void write(Node node, String contents, long expected) {
        if (node.directory) {
            throw new LockServiceException(ErrorCode.WRONG_KIND, node.path + " is a directory: it has no contents");
        }
        int bytes = contents.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > maxContentBytes) {
            throw new LockServiceException(ErrorCode.TOO_LARGE, "contents of " + bytes + " bytes for " + node.path
                    + ": a file holds at most " + maxContentBytes + " bytes (keep small things in the cell, big ones elsewhere)");
        }
        if (expected >= 0 && expected != node.contentGeneration) {
            throw new LockServiceException(ErrorCode.GENERATION_MISMATCH, node.path + " is at content generation "
                    + node.contentGeneration + ", not " + expected + ": read it again, then write");
        }
        node.contents = contents;
        node.contentGeneration++;
    }

    /** The paths of the direct children of {@code path}, sorted. */
    List<String> children(String path) {
        List<String> children = new ArrayList<>();
        for (Map.Entry<String, Node> entry : nodes.tailMap(path + "/", false).entrySet()) {
            if (!entry.getKey().startsWith(path + "/")) {
                break;
            }
            if (entry.getKey().indexOf('/', path.length() + 1) < 0) {
                children.add(entry.getKey());
            }
        }
        return children;
    }

    /** The ephemeral nodes of {@code session}, deepest first (so a directory goes after what is in it). */
    List<Node> ephemeralOf(String session) {
        List<Node> owned = new ArrayList<>();
        for (Node node : nodes.descendingMap().values()) {
            if (session.equals(node.owner)) {
                owned.add(node);
            }
        }
        return owned;
    }

    /** Every path, sorted: for tests to look at. */
    public List<String> paths() {
        return List.copyOf(nodes.keySet());
    }
}
