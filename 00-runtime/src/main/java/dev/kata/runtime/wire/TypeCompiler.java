package dev.kata.runtime.wire;

import dev.kata.runtime.node.NodeId;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.AccessibleObject;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns Java types into {@link ValueCodec}s, once, when a {@link RecordCodec} is built. Every type
 * the wire cannot carry is reported here, with the component that uses it, so a mistake shows up
 * when the codec is built rather than when the first message is sent.
 */
final class TypeCompiler {

    static final String SUPPORTED = "primitives and their boxes, String, byte[], enums, NodeId, Duration,"
            + " Instant, List, Set, Map, Optional, records, and interfaces whose values are registered records";

    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();
    private static final Map<Class<?>, Scalars> SCALARS = Map.ofEntries(
            Map.entry(boolean.class, Scalars.BOOLEAN), Map.entry(Boolean.class, Scalars.BOOLEAN),
            Map.entry(byte.class, Scalars.BYTE), Map.entry(Byte.class, Scalars.BYTE),
            Map.entry(short.class, Scalars.SHORT), Map.entry(Short.class, Scalars.SHORT),
            Map.entry(char.class, Scalars.CHAR), Map.entry(Character.class, Scalars.CHAR),
            Map.entry(int.class, Scalars.INT), Map.entry(Integer.class, Scalars.INT),
            Map.entry(long.class, Scalars.LONG), Map.entry(Long.class, Scalars.LONG),
            Map.entry(float.class, Scalars.FLOAT), Map.entry(Float.class, Scalars.FLOAT),
            Map.entry(double.class, Scalars.DOUBLE), Map.entry(Double.class, Scalars.DOUBLE),
            Map.entry(String.class, Scalars.STRING),
            Map.entry(byte[].class, Scalars.BYTES),
            Map.entry(NodeId.class, Scalars.NODE_ID),
            Map.entry(Duration.class, Scalars.DURATION),
            Map.entry(Instant.class, Scalars.INSTANT));

    private final Map<Class<?>, String> registeredNames;
    /** The registry, shared with every {@link TaggedCodec}: registered records by name and by class. */
    final NameTable<RecordSchema> byName = new NameTable<>();
    final Map<Class<?>, RecordSchema> byClass = new HashMap<>();

    /** Every record compiled so far, registered or not; a record is compiled once. */
    private final Map<Class<?>, RecordSchema> records = new HashMap<>();
    private final Map<Class<?>, EnumCodec> enums = new HashMap<>();
    /** Interface types used as components, and where: checked in {@link #checkSealedTypesAreRegistered()}. */
    private final Map<Class<?>, String> taggedTypes = new LinkedHashMap<>();

    TypeCompiler(Map<Class<?>, String> registeredNames) {
        this.registeredNames = registeredNames;
    }

    /** Compiles every registered record (and, through them, every type they use). */
    void compileRegistered() {
        for (Map.Entry<Class<?>, String> entry : registeredNames.entrySet()) {
            RecordSchema schema = record(entry.getKey());
            byName.put(entry.getValue(), schema);
            byClass.put(entry.getKey(), schema);
        }
        checkSealedTypesAreRegistered();
    }

    private RecordSchema record(Class<?> type) {
        RecordSchema existing = records.get(type);
        if (existing != null) {
            return existing;
        }
        String name = registeredNames.getOrDefault(type, type.getSimpleName());
        if (type.getTypeParameters().length > 0) {
            throw new IllegalArgumentException(name + ": generic records are not supported on the wire;"
                    + " give every component a concrete type");
        }
        RecordComponent[] components = type.getRecordComponents();
        int minSize = 0;
        for (RecordComponent component : components) {
            Class<?> componentType = component.getType();
            minSize += componentType.isPrimitive() ? SCALARS.get(componentType).minSize() : 1;
        }
        RecordSchema schema = new RecordSchema(type, name, minSize);
        // Registered before its components are compiled, so that a record may contain itself.
        records.put(type, schema);

        String[] names = new String[components.length];
        MethodHandle[] accessors = new MethodHandle[components.length];
        ValueCodec[] codecs = new ValueCodec[components.length];
        Class<?>[] parameterTypes = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            names[i] = component.getName();
            parameterTypes[i] = component.getType();
            codecs[i] = component(component.getGenericType(), name + "." + component.getName());
            try {
                accessors[i] = LOOKUP.unreflect(accessible(component.getAccessor(), name))
                        .asType(MethodType.methodType(Object.class, Object.class));
            } catch (IllegalAccessException e) {
                throw new IllegalArgumentException(name + ": cannot read component " + component.getName(), e);
            }
        }
        MethodHandle constructor;
        try {
            Constructor<?> canonical = type.getDeclaredConstructor(parameterTypes);
            constructor = LOOKUP.unreflectConstructor(accessible(canonical, name))
                    .asSpreader(Object[].class, components.length)
                    .asType(MethodType.methodType(Object.class, Object[].class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalArgumentException(name + ": cannot use the canonical constructor", e);
        }
        schema.complete(names, accessors, codecs, constructor);
        return schema;
    }

    private static <T extends AccessibleObject> T accessible(T member, String name) {
        try {
            // Message records are often package-private or nested in a test; reading them is the point.
            member.setAccessible(true);
            return member;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(name + ": cannot access " + member
                    + "; if it lives in a named module, open its package to dev.kata.runtime", e);
        }
    }

    /** A record component: nullable unless primitive, because a record may hold null in any reference. */
    private ValueCodec component(Type type, String where) {
        ValueCodec codec = value(type, where);
        return type instanceof Class<?> c && c.isPrimitive() ? codec : new Containers.Nullable(codec);
    }

    private ValueCodec value(Type type, String where) {
        if (type instanceof Class<?> c) {
            return plain(c, where);
        }
        if (type instanceof ParameterizedType parameterized) {
            Class<?> raw = (Class<?>) parameterized.getRawType();
            Type[] arguments = parameterized.getActualTypeArguments();
            if (raw == List.class) {
                return new Containers.ListOf(element(arguments[0], where + "[]"));
            }
            if (raw == Set.class) {
                return new Containers.SetOf(element(arguments[0], where + "[]"));
            }
            if (raw == Map.class) {
                ValueCodec key = value(arguments[0], where + "{key}");
                ValueCodec value = value(arguments[1], where + "{value}");
                if (key.minSize() + value.minSize() == 0) {
                    throw emptyElement(where);
                }
                return new Containers.MapOf(key, value);
            }
            if (raw == Optional.class) {
                return new Containers.OptionalOf(value(arguments[0], where));
            }
            throw unsupported(where, type, raw.isRecord() || raw.isInterface()
                    ? "generic types other than List, Set, Map and Optional are not supported"
                    : "declare the component as List, Set or Map");
        }
        if (type instanceof WildcardType wildcard) {
            // List<? extends Command> carries Commands: the upper bound is what the reader builds.
            return value(wildcard.getUpperBounds()[0], where);
        }
        throw unsupported(where, type, "the wire needs a concrete type (type variables are not supported)");
    }

    private ValueCodec element(Type type, String where) {
        ValueCodec element = value(type, where);
        if (element.minSize() == 0) {
            throw emptyElement(where);
        }
        return element;
    }

    private ValueCodec plain(Class<?> type, String where) {
        Scalars scalar = SCALARS.get(type);
        if (scalar != null) {
            return scalar;
        }
        if (type.isEnum()) {
            return enums.computeIfAbsent(type, EnumCodec::new);
        }
        if (type.isRecord()) {
            return record(type);
        }
        if (type == List.class || type == Set.class || type == Map.class || type == Optional.class) {
            throw unsupported(where, type, "give its type arguments, for example List<String>");
        }
        if (type.isArray()) {
            throw unsupported(where, type, "the only array on the wire is byte[]; use a List");
        }
        if (type.isInterface()) {
            taggedTypes.putIfAbsent(type, where);
            return new TaggedCodec(type, byName, byClass);
        }
        throw unsupported(where, type, "supported are " + SUPPORTED);
    }

    /**
     * A component of a sealed interface type can only be decoded if every record that interface
     * permits is registered; say which are missing now rather than at the first message.
     */
    private void checkSealedTypesAreRegistered() {
        for (Map.Entry<Class<?>, String> entry : taggedTypes.entrySet()) {
            Class<?> type = entry.getKey();
            if (!type.isSealed()) {
                continue;
            }
            Set<String> missing = new TreeSet<>();
            for (Class<?> permitted : permittedRecords(type, entry.getValue())) {
                if (!registeredNames.containsKey(permitted)) {
                    missing.add(permitted.getSimpleName());
                }
            }
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException(entry.getValue() + " has the sealed type " + type.getSimpleName()
                        + ", but these records it permits are not registered: " + String.join(", ", missing)
                        + "; register them all with registerSealed(\"prefix\", " + type.getSimpleName() + ".class)");
            }
        }
    }

    /** The records a sealed type permits, through any sealed sub-interfaces. */
    static List<Class<?>> permittedRecords(Class<?> sealed, String where) {
        List<Class<?>> records = new ArrayList<>();
        for (Class<?> permitted : sealed.getPermittedSubclasses()) {
            if (permitted.isRecord()) {
                records.add(permitted);
            } else if (permitted.isInterface() && permitted.isSealed()) {
                records.addAll(permittedRecords(permitted, where));
            } else {
                throw new IllegalArgumentException(where + ": " + sealed.getSimpleName() + " permits "
                        + permitted.getSimpleName() + ", which is neither a record nor a sealed interface;"
                        + " only records travel on the wire");
            }
        }
        return records;
    }

    private static IllegalArgumentException unsupported(String where, Type type, String hint) {
        return new IllegalArgumentException(where + ": " + type.getTypeName() + " is not a wire type; " + hint);
    }

    private static IllegalArgumentException emptyElement(String where) {
        return new IllegalArgumentException(where + ": a record with no components takes no bytes, so a"
                + " collection of them cannot be checked against its length; use an enum or add a component");
    }
}
