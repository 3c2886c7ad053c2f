package dev.kata.runtime.wire;

import java.lang.invoke.MethodHandle;

/**
 * The compiled form of one record type: its components' accessors and codecs, in declaration
 * order, and its canonical constructor. Built once by {@link TypeCompiler}; encoding and decoding
 * then only call method handles, which is what keeps a small message well under a microsecond.
 *
 * <p>On the wire a record is just its components, one after the other, with no names and no
 * lengths: the reader knows the schema. Where the type itself is not known from the context (a
 * message, a field of an interface type) it is preceded by its registered name, see {@link TaggedCodec}.
 */
final class RecordSchema implements ValueCodec {

    private final Class<?> type;
    private final String name;
    private final byte[] tag;
    private final int minSize;
    /**
     * How many bytes the last message of this type took, to size the next one's buffer (see
     * {@link RecordCodec#encode}). Written and read by any thread without a lock: any value is a
     * correct (if maybe poor) guess, so a stale one costs a copy at worst, never a wrong message.
     */
    private int sizeHint = 64;

    // Set by complete(), after construction, so that a record may (indirectly) contain itself.
    private String[] componentNames;
    private MethodHandle[] accessors;
    private ValueCodec[] codecs;
    private MethodHandle constructor;

    /**
     * @param minSize the fewest bytes the record takes: known from its component types alone (a
     *                primitive's size, one presence byte for a reference), so that it is known
     *                even while a record that contains itself is still being compiled
     */
    RecordSchema(Class<?> type, String name, int minSize) {
        this.type = type;
        this.name = name;
        this.minSize = minSize;
        WireWriter tagWriter = new WireWriter(64, Integer.MAX_VALUE);
        tagWriter.writeString(name);
        this.tag = tagWriter.toByteArray();
    }

    /**
     * @param accessors  one per component, of type {@code (Object)Object}
     * @param constructor the canonical constructor, of type {@code (Object[])Object}
     */
    void complete(String[] componentNames, MethodHandle[] accessors, ValueCodec[] codecs, MethodHandle constructor) {
        this.componentNames = componentNames;
        this.accessors = accessors;
        this.codecs = codecs;
        this.constructor = constructor;
    }

    Class<?> type() {
        return type;
    }

    /** The registered name, or the simple class name of a record that is only used inline. */
    String name() {
        return name;
    }

    /** The name as it is written before a tagged record: a 4-byte length and the UTF-8 bytes. */
    byte[] tag() {
        return tag;
    }

    int sizeHint() {
        return sizeHint;
    }

    void sizeHint(int bytes) {
        // Stored only when it changes: a store per message would make the cores of threads that
        // share the codec (a TCP node's connections) pass this cache line back and forth.
        if (sizeHint != bytes) {
            sizeHint = bytes;
        }
    }

    @Override
    public void write(WireWriter out, Object record) {
        if (++out.depth > RecordCodec.MAX_NESTING) {
            throw new WireError("records nested more than " + RecordCodec.MAX_NESTING + " deep", -1);
        }
        for (int i = 0; i < codecs.length; i++) {
            Object value = component(i, record);
            try {
                codecs[i].write(out, value);
            } catch (WireError e) {
                throw e.within(componentNames[i]);
            }
        }
        out.depth--;
    }

    private Object component(int i, Object record) {
        try {
            return (Object) accessors[i].invokeExact(record);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            // Only a hand-written accessor could get here, by throwing a checked exception sneakily.
            throw new IllegalStateException(name + "." + componentNames[i] + "() threw " + e, e);
        }
    }

    @Override
    public Object read(WireReader in) {
        int start = in.position();
        if (++in.depth > RecordCodec.MAX_NESTING) {
            throw in.error("records nested more than " + RecordCodec.MAX_NESTING + " deep");
        }
        Object[] values = new Object[codecs.length];
        for (int i = 0; i < codecs.length; i++) {
            try {
                values[i] = codecs[i].read(in);
            } catch (WireError e) {
                throw e.within(componentNames[i]);
            }
        }
        in.depth--;
        try {
            return (Object) constructor.invokeExact(values);
        } catch (RuntimeException e) {
            // The record's own validation (a compact constructor) refused what the bytes say.
            throw new WireError("the constructor of " + name + " rejected the values: " + e, start);
        } catch (Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("the constructor of " + name + " threw " + e, e);
        }
    }

    @Override
    public int minSize() {
        return minSize;
    }

    @Override
    public String toString() {
        return name + " (" + type.getName() + ")";
    }
}
