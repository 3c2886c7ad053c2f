package dev.kata.runtime.disk;

/**
 * Saved state that does not check out ({@link SavedState}): its CRC does not match, or its bytes are
 * not the record they should be. Written whole by an atomic replace, such state is damaged only by
 * the disk, or by something else writing the file. A node that finds it must not start on a guess.
 */
public final class CorruptStateException extends IllegalStateException {

    private final String where;

    public CorruptStateException(String where, String problem) {
        super(where + " is damaged: " + problem + ". The node cannot trust what it saved there, and refuses"
                + " to go on rather than guess what it held");
        this.where = where;
    }

    /** What was damaged: a file name, or a description of a record. */
    public String where() {
        return where;
    }
}
