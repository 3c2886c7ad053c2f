package dev.kata.tool;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * What other classes can see of a class file: its header and its non-private fields and methods,
 * with their descriptors, generic signatures and constant values. When a recompiled class's API
 * is what it was, the classes that use it need no recompiling; when it changed, the fast path
 * recompiles the whole module, as Maven would.
 */
final class ClassApi {

    private static final int ACC_PRIVATE = 0x0002;

    private ClassApi() {
    }

    /** The API of a class file, as one comparable string; "" if there is no such file. */
    static String of(Path classFile) {
        if (!Files.isRegularFile(classFile)) {
            return "";
        }
        try {
            return read(Files.readAllBytes(classFile));
        } catch (IOException | RuntimeException e) {
            // Unreadable: count it as changed, which costs a whole compile and is never wrong.
            return "unreadable " + System.nanoTime();
        }
    }

    static String read(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file");
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        Object[] pool = new Object[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> pool[i] = in.readUTF();
                case 3 -> pool[i] = "int " + in.readInt();
                case 4 -> pool[i] = "float " + in.readFloat();
                case 5 -> {
                    pool[i] = "long " + in.readLong();
                    i++;
                }
                case 6 -> {
                    pool[i] = "double " + in.readDouble();
                    i++;
                }
                case 7, 8, 16, 19, 20 -> pool[i] = new int[] {tag, in.readUnsignedShort()};
                case 9, 10, 11, 12, 17, 18 -> {
                    in.readInt();
                    pool[i] = "ref";
                }
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                    pool[i] = "handle";
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        StringBuilder api = new StringBuilder();
        api.append("class ").append(in.readUnsignedShort()).append(' ').append(name(pool, in.readUnsignedShort()));
        int superIndex = in.readUnsignedShort();
        api.append(" extends ").append(superIndex == 0 ? "-" : name(pool, superIndex));
        int interfaces = in.readUnsignedShort();
        for (int i = 0; i < interfaces; i++) {
            api.append(" implements ").append(name(pool, in.readUnsignedShort()));
        }
        api.append('\n');
        for (String kind : List.of("field", "method")) {
            TreeSet<String> members = new TreeSet<>();
            int n = in.readUnsignedShort();
            for (int i = 0; i < n; i++) {
                int access = in.readUnsignedShort();
                String member = kind + " " + access + " " + pool[in.readUnsignedShort()] + " " + pool[in.readUnsignedShort()];
                member += attributes(in, pool);
                if ((access & ACC_PRIVATE) == 0) {
                    members.add(member);
                }
            }
            members.forEach(m -> api.append(m).append('\n'));
        }
        api.append(attributes(in, pool));
        return api.toString();
    }

    /** The attributes that matter to other classes (generic signature, constant value, sealed subclasses). */
    private static String attributes(DataInputStream in, Object[] pool) throws IOException {
        StringBuilder out = new StringBuilder();
        int count = in.readUnsignedShort();
        for (int i = 0; i < count; i++) {
            String name = String.valueOf(pool[in.readUnsignedShort()]);
            byte[] body = new byte[in.readInt()];
            in.readFully(body);
            DataInputStream attribute = new DataInputStream(new ByteArrayInputStream(body));
            switch (name) {
                case "Signature" -> out.append(" signature ").append(pool[attribute.readUnsignedShort()]);
                case "ConstantValue" -> out.append(" value ").append(constant(pool, attribute.readUnsignedShort()));
                case "Exceptions", "PermittedSubclasses" -> {
                    List<String> names = new ArrayList<>();
                    int n = attribute.readUnsignedShort();
                    for (int k = 0; k < n; k++) {
                        names.add(name(pool, attribute.readUnsignedShort()));
                    }
                    out.append(' ').append(name).append(' ').append(names);
                }
                default -> {
                    // code, line numbers and the like: not part of what other classes see
                }
            }
        }
        return out.toString();
    }

    private static String name(Object[] pool, int classIndex) {
        Object entry = pool[classIndex];
        return entry instanceof int[] ref ? String.valueOf(pool[ref[1]]) : String.valueOf(entry);
    }

    private static String constant(Object[] pool, int index) {
        Object entry = pool[index];
        return entry instanceof int[] ref ? "string " + pool[ref[1]] : String.valueOf(entry);
    }
}
