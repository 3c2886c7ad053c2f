package dev.kata.runtime.node;

/**
 * A message between nodes. Implementations are records whose components the wire codec can
 * encode; no two nodes ever share a mutable object, because every message crosses the codec.
 */
public interface Message {
}
