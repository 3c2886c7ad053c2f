package dev.kata.runtime.wire;

/**
 * Encodes and decodes values of one type: a scalar, a collection, a record. {@link RecordCodec}
 * compiles each record component's type into a tree of these once, when it is built, so encoding a
 * message never looks at reflection again.
 */
interface ValueCodec {

    /** Writes a non-null value. */
    void write(WireWriter out, Object value);

    /** Reads a value; never returns null (nullable components are wrapped, see {@link Containers.Nullable}). */
    Object read(WireReader in);

    /**
     * The fewest bytes any value of this type takes. A collection's length is checked against it,
     * so that a length the remaining input cannot hold fails before anything is allocated.
     */
    int minSize();
}
