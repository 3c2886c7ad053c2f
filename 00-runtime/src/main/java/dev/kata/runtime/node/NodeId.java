package dev.kata.runtime.node;

/** The name of a node (a server or a client) in a cluster, such as {@code n1} or {@code client-2}. */
public record NodeId(String name) implements Comparable<NodeId> {

    public NodeId {
        if (name == null || !name.matches("[A-Za-z0-9._-]{1,64}")) {
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
