package dev.kata.runtime.wire;

import dev.kata.runtime.node.Message;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The runtime's wire encoding: an explicit, versioned binary format for message records.
 *
 * <p>A message is framed as
 * <pre>
 *   version (1 byte, currently 1) | type name (4-byte length + UTF-8) | the record's components
 * </pre>
 * and each component is written by its declared type, big-endian, with no field names: both sides
 * know the record. The full table is in {@code 00-runtime/docs/wire-and-tcp.md}.
 *
 * <p>Only registered types are ever created from bytes, each under a stable name chosen by the
 * module ({@code "wal.Append"}), never a class name: renaming or moving a class does not change the
 * wire, and input cannot name an arbitrary class. A module usually registers its sealed message
 * interface in one line:
 * <pre>{@code
 * RecordCodec codec = RecordCodec.builder()
 *         .registerSealed("wal", WalMessage.class)   // wal.Append, wal.Appended, ...
 *         .build();
 * }</pre>
 *
 * <p>Rules a message designer should know:
 * <ul>
 *   <li>Any reference component may be null (it costs one presence byte); elements, keys and values
 *       of collections may not. {@code Optional} says "maybe absent" more clearly than null.</li>
 *   <li>A component whose type is a record is written inline and needs no registration. A component
 *       whose type is an interface (a sealed {@code Command}, or {@code Message}) is written with its
 *       type name, so its records must be registered; for a sealed interface {@link Builder#build()}
 *       checks that all of them are.</li>
 *   <li>Decoded lists, sets and maps are unmodifiable and keep the sender's iteration order.</li>
 * </ul>
 *
 * <p>Decoding treats its input as hostile: every length is checked against the bytes that remain
 * (so a length claiming 2 GB fails at once, allocating nothing), nesting is bounded, the record's
 * own constructor validates the values, and every problem is a {@link MalformedMessageException}
 * that says what is wrong and where. Encoding a message the codec cannot carry (an unregistered
 * type, a null element, more than {@link #maxMessageSize()} bytes) is a programming error and
 * throws {@link IllegalArgumentException}.
 *
 * <p>A codec is immutable and safe to share between threads.
 */
public final class RecordCodec implements MessageCodec {

    /** The version byte that starts every message; a reader rejects any other. */
    public static final int WIRE_VERSION = 1;

    /** The largest message a codec accepts unless configured otherwise: 16 MiB. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 16 * 1024 * 1024;

    /** How deeply records may nest inside one another (a guard against stack overflow by input). */
    public static final int MAX_NESTING = 64;

    private final int maxMessageSize;
    private final TaggedCodec messages;
    /** The same registry, for any registered record at the top (saved state), not only messages. */
    private final TaggedCodec records;
    private final Map<String, Class<?>> registered;

    private RecordCodec(Builder builder, TypeCompiler compiler) {
        this.maxMessageSize = builder.maxMessageSize;
        this.messages = new TaggedCodec(Message.class, compiler.byName, compiler.byClass);
        this.records = new TaggedCodec(Record.class, compiler.byName, compiler.byClass);
        Map<String, Class<?>> names = new TreeMap<>();
        builder.names.forEach((type, name) -> names.put(name, type));
        this.registered = Collections.unmodifiableMap(names);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The largest encoded message, in bytes, this codec writes or reads. */
    public int maxMessageSize() {
        return maxMessageSize;
    }

    /**
     * A builder that starts with every type of this codec, under the same names: how a later module
     * extends an earlier one's codec with its own records (05's log entries carry 06's commands).
     * This codec does not change.
     */
    public Builder extend() {
        return builder().include(this).maxMessageSize(maxMessageSize);
    }

    /** Every registered type by its wire name, sorted by name. */
    public Map<String, Class<?>> registeredTypes() {
        return registered;
    }

    @Override
    public byte[] encode(Message message) {
        return encode(messages, Objects.requireNonNull(message, "message"));
    }

    /**
     * Encodes any registered record, a message or not (saved state, a log entry), framed like a
     * message: version, type name, components.
     */
    public byte[] encodeRecord(Record record) {
        return encode(records, Objects.requireNonNull(record, "record"));
    }

    /**
     * Decodes a record of {@code type} (a record class, or an interface its records implement) that
     * {@link #encodeRecord} wrote.
     *
     * @throws MalformedMessageException if the bytes are not a registered record of {@code type}
     */
    public <T> T decodeRecord(byte[] bytes, Class<T> type) {
        Objects.requireNonNull(type, "type");
        Object record = decode(records, bytes);
        if (!type.isInstance(record)) {
            throw new MalformedMessageException("malformed record: a " + record.getClass().getSimpleName()
                    + ", not the " + type.getSimpleName() + " expected");
        }
        return type.cast(record);
    }

    private byte[] encode(TaggedCodec top, Object message) {
        RecordSchema schema = null;
        try {
            schema = top.schemaOf(message);
            // Sized like the last message of this type: most types always take the same number of
            // bytes, and then the buffer ends exactly full and is itself the result, with no copy.
            WireWriter out = new WireWriter(schema.sizeHint(), maxMessageSize);
            out.writeByte(WIRE_VERSION);
            out.writeRaw(schema.tag());
            schema.write(out, message);
            byte[] bytes = out.toByteArray();
            schema.sizeHint(bytes.length);
            return bytes;
        } catch (WireError e) {
            // The name is looked up only here, so that encoding a message never pays for it.
            String where = schema != null ? schema.name() : message.getClass().getSimpleName();
            throw new IllegalArgumentException("cannot encode " + e.within(where).path() + ": " + e.problem());
        }
    }

    @Override
    public Message decode(byte[] bytes) {
        return (Message) decode(messages, bytes);
    }

    private Object decode(TaggedCodec top, byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length > maxMessageSize) {
            throw new MalformedMessageException("malformed message: " + bytes.length
                    + " bytes is more than the maximum message size of " + maxMessageSize + " bytes");
        }
        WireReader in = new WireReader(bytes);
        try {
            int version = in.readUnsignedByte("the version byte");
            if (version != WIRE_VERSION) {
                throw new WireError("unsupported wire version " + version + " (this codec reads version "
                        + WIRE_VERSION + ")", 0);
            }
            RecordSchema schema = top.readTag(in);
            Object message;
            try {
                message = schema.read(in);
            } catch (WireError e) {
                throw e.within(schema.name());
            }
            if (in.remaining() > 0) {
                throw in.error(in.remaining() + " trailing bytes after the end of " + schema.name());
            }
            return message;
        } catch (WireError e) {
            String where = e.path().isEmpty() ? "" : "in " + e.path() + ", ";
            throw new MalformedMessageException("malformed message: " + e.problem()
                    + " (" + where + "at byte " + e.offset() + " of " + bytes.length + ")");
        }
    }

    /** A piece of untrusted text, made safe to put in an error message: short and printable. */
    static String printable(String text) {
        StringBuilder safe = new StringBuilder();
        for (int i = 0; i < text.length() && safe.length() < 60; i++) {
            char c = text.charAt(i);
            safe.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return text.length() > 60 ? safe + "..." : safe.toString();
    }

    /** Collects the message types and limits of a codec. */
    public static final class Builder {

        private static final String NAME_PATTERN = "[A-Za-z0-9._-]{1,200}";

        /** Registered record types and their wire names, in registration order. */
        private final Map<Class<?>, String> names = new LinkedHashMap<>();
        private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;

        private Builder() {
        }

        /**
         * Registers a record under a stable wire name, such as {@code "wal.Append"}. The name, not
         * the class, is what travels: choose it once and keep it.
         */
        public Builder register(String name, Class<? extends Record> type) {
            Objects.requireNonNull(type, "type");
            if (name == null || !name.matches(NAME_PATTERN)) {
                throw new IllegalArgumentException("not a valid wire name for " + type.getSimpleName() + ": '"
                        + name + "' (1 to 200 letters, digits, '.', '_' or '-')");
            }
            if (!type.isRecord()) {
                throw new IllegalArgumentException(type.getName() + " is not a record; only records travel on the wire");
            }
            String existingName = names.get(type);
            if (existingName != null) {
                throw new IllegalArgumentException(type.getSimpleName() + " is already registered as '"
                        + existingName + "'; a type has one wire name");
            }
            for (Map.Entry<Class<?>, String> entry : names.entrySet()) {
                if (entry.getValue().equals(name)) {
                    throw new IllegalArgumentException("the wire name '" + name + "' is already taken by "
                            + entry.getKey().getName() + "; cannot also give it to " + type.getName());
                }
            }
            names.put(type, name);
            return this;
        }

        /**
         * Registers every type of {@code codec} under its name there: a module's codec extended by a
         * later module's records ({@code RecordCodec.builder().include(LogEntry.CODEC).registerSealed(
         * "lock", LockCommand.class)}). Including two codecs that share types (both extend 01's) is
         * fine; a name that means two types, or a type with two names, is refused as in
         * {@link #register}.
         */
        public Builder include(RecordCodec codec) {
            Objects.requireNonNull(codec, "codec");
            codec.registeredTypes().forEach((name, type) -> {
                if (!name.equals(names.get(type))) {
                    register(name, type.asSubclass(Record.class));
                }
            });
            return this;
        }

        /**
         * Registers every record a sealed interface permits (through sealed sub-interfaces too),
         * each named {@code prefix + "." + its simple name}: {@code registerSealed("wal",
         * WalMessage.class)} registers {@code Append} as {@code "wal.Append"}. An empty prefix
         * uses the simple names alone.
         */
        public Builder registerSealed(String prefix, Class<?> sealedType) {
            Objects.requireNonNull(prefix, "prefix");
            if (!sealedType.isSealed()) {
                throw new IllegalArgumentException(sealedType.getName() + " is not sealed; register its records"
                        + " one by one with register(name, type)");
            }
            for (Class<?> record : TypeCompiler.permittedRecords(sealedType, sealedType.getSimpleName())) {
                String name = prefix.isEmpty() ? record.getSimpleName() : prefix + "." + record.getSimpleName();
                register(name, record.asSubclass(Record.class));
            }
            return this;
        }

        /** The largest message to encode or decode, in bytes; the default is {@link #DEFAULT_MAX_MESSAGE_SIZE}. */
        public Builder maxMessageSize(int bytes) {
            if (bytes < 16) {
                throw new IllegalArgumentException("maxMessageSize must be at least 16 bytes, not " + bytes);
            }
            this.maxMessageSize = bytes;
            return this;
        }

        /**
         * Compiles every registered type. Fails here, naming the component, if a type cannot travel on
         * the wire or a sealed interface used as a component has unregistered records.
         */
        public RecordCodec build() {
            TypeCompiler compiler = new TypeCompiler(new LinkedHashMap<>(names));
            compiler.compileRegistered();
            return new RecordCodec(this, compiler);
        }
    }
}
