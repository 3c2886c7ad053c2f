package dev.kata.runtime.node;

/** The name of a node (a server or a client) in a cluster, such as {@code n1} or {@code client-2}. */
public record NodeId(String name) implements Comparable<NodeId> {

    private static final java.util.regex.Pattern VALID = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public NodeId {
        if (name == null || !VALID.matcher(name).matches()) {
            throw new IllegalArgumentException("not a valid node name: '" + name
                    + "' (1 to 64 letters, digits, '.', '_' or '-')");
        }
    }

    public static NodeId of(String name) {
        return new NodeId(name);
    }

    @Override
    public int compareTo(NodeId other) {
        return name.compareTo(other.name);
    }

    @Override
    public String toString() {
        return name;
    }
}
