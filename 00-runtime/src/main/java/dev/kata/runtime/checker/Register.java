package dev.kata.runtime.checker;

/**
 * The state of one key in the {@link KeyValueModel}: a register holding a value, or nothing.
 *
 * @param value the key's value, null when the key is absent (the state before any write)
 */
public record Register(String value) {

    /** The state before any write. */
    public static final Register ABSENT = new Register(null);

    @Override
    public String toString() {
        return value == null ? "absent" : value;
    }
}
