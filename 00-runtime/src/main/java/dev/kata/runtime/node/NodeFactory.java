package dev.kata.runtime.node;

/** Creates a node around its context; called on first start and after every restart. */
@FunctionalInterface
public interface NodeFactory {
    Node create(NodeContext context);
}
