package dev.kata.runtime.wire;

/**
 * An enum constant, written as its name: reordering the constants in the source does not change
 * the wire, renaming one does.
 */
final class EnumCodec implements ValueCodec {

    private final Class<?> type;
    /** The constants by name, found by the name's bytes in place: decoding one makes no String. */
    private final NameTable<Object> constants = new NameTable<>();

    EnumCodec(Class<?> type) {
        this.type = type;
        for (Object constant : type.getEnumConstants()) {
            constants.put(((Enum<?>) constant).name(), constant);
        }
    }

    @Override
    public void write(WireWriter out, Object value) {
        out.writeString(((Enum<?>) value).name());
    }

    @Override
    public Object read(WireReader in) {
        int start = in.position();
        Object constant = in.readName(constants, "an enum constant");
        if (constant == null) {
            throw new WireError("unknown constant '" + RecordCodec.printable(in.stringFrom(start)) + "' of enum "
                    + type.getSimpleName(), start);
        }
        return constant;
    }

    @Override
    public int minSize() {
        return 5;
    }
}
