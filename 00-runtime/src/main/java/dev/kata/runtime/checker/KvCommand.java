package dev.kata.runtime.checker;

/** An operation a client asks of a key-value store, as the linearizability checker models it. */
public sealed interface KvCommand {

    String key();

    /** Reads the key's value; the result is the value, or null if the key has none. */
    record Read(String key) implements KvCommand {
        @Override
        public String toString() {
            return "read(" + key + ")";
        }
    }

    /** Sets the key's value (null deletes it); the result is null. */
    record Write(String key, String value) implements KvCommand {
        @Override
        public String toString() {
            return "write(" + key + ", " + value + ")";
        }
    }

    /** Sets the key to {@code value} if it holds {@code expected}; the result is "true" or "false". */
    record CompareAndSet(String key, String expected, String value) implements KvCommand {
        @Override
        public String toString() {
            return "cas(" + key + ", " + expected + " -> " + value + ")";
        }
    }
}
