package dev.kata.runtime.wire;

import java.util.Map;

/**
 * A value whose exact type the reader cannot know from the context: a message, or a component
 * declared as an interface (a sealed {@code Command}, or {@code Message} itself). It is written as
 * the registered name of its record type, then the record. The reader accepts only registered names
 * of types that fit the declared one, so the bytes can never choose an arbitrary class.
 */
final class TaggedCodec implements ValueCodec {

    private final Class<?> declared;
    private final NameTable<RecordSchema> byName;
    private final Map<Class<?>, RecordSchema> byClass;

    /** The tables are the codec's registry; they are filled before the first encode or decode. */
    TaggedCodec(Class<?> declared, NameTable<RecordSchema> byName, Map<Class<?>, RecordSchema> byClass) {
        this.declared = declared;
        this.byName = byName;
        this.byClass = byClass;
    }

    Class<?> declared() {
        return declared;
    }

    @Override
    public void write(WireWriter out, Object value) {
        RecordSchema schema = schemaOf(value);
        out.writeRaw(schema.tag());
        try {
            schema.write(out, value);
        } catch (WireError e) {
            throw e.within("<" + schema.name() + ">");
        }
    }

    /** The schema of a value's class, if it is registered. */
    RecordSchema schemaOf(Object value) {
        RecordSchema schema = byClass.get(value.getClass());
        if (schema == null) {
            String simpleName = value.getClass().getSimpleName();
            throw new WireError(value.getClass().getName() + " is not registered with this codec; register it"
                    + " with RecordCodec.builder().register(\"module." + simpleName + "\", " + simpleName
                    + ".class) or registerSealed(...)", -1);
        }
        return schema;
    }

    @Override
    public Object read(WireReader in) {
        RecordSchema schema = readTag(in);
        try {
            return schema.read(in);
        } catch (WireError e) {
            throw e.within("<" + schema.name() + ">");
        }
    }

    /** Reads a type name and returns its schema, if it is registered and fits the declared type. */
    RecordSchema readTag(WireReader in) {
        int start = in.position();
        // The name is looked up by its bytes, in place: no String is made for it on every message.
        RecordSchema schema = in.readName(byName, "a type name");
        if (schema == null) {
            throw new WireError("unknown type '" + RecordCodec.printable(in.stringFrom(start)) + "'", start);
        }
        if (!declared.isAssignableFrom(schema.type())) {
            throw new WireError("type '" + schema.name() + "' is not a " + declared.getSimpleName(), start);
        }
        return schema;
    }

    @Override
    public int minSize() {
        return 5;
    }
}
