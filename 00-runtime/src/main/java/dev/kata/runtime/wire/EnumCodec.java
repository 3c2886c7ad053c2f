package dev.kata.runtime.wire;

import java.util.HashMap;
import java.util.Map;

/**
 * An enum constant, written as its name: reordering the constants in the source does not change
 * the wire, renaming one does.
 */
final class EnumCodec implements ValueCodec {

    private final Class<?> type;
    private final Map<String, Object> constants = new HashMap<>();

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
        String name = in.readString("an enum constant");
        Object constant = constants.get(name);
        if (constant == null) {
            throw new WireError("unknown constant '" + RecordCodec.printable(name) + "' of enum "
                    + type.getSimpleName(), start);
        }
        return constant;
    }

    @Override
    public int minSize() {
        return 5;
    }
}
