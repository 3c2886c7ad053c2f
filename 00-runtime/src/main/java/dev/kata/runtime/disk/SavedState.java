package dev.kata.runtime.disk;

import dev.kata.runtime.wire.MalformedMessageException;
import dev.kata.runtime.wire.RecordCodec;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The one way saved state is written: a record, encoded by the runtime's {@link RecordCodec} and
 * guarded by a CRC. A node's small durable facts (a generation and a vote, a counter reservation,
 * the clients' sequence numbers) each have a {@code SavedState} of their record type, and no
 * hand-made byte layout.
 *
 * <pre>{@code
 * record Reservation(long reserved) { }
 * static final SavedState<Reservation> RESERVATION = SavedState.of("quorum.Reservation", Reservation.class);
 *
 * RESERVATION.save(disk, "coordinator.counter", new Reservation(2000));   // atomic and durable
 * long reserved = RESERVATION.load(disk, "coordinator.counter").map(Reservation::reserved).orElse(0L);
 * }</pre>
 *
 * <p>The bytes are {@code | CRC32C of the rest (4) | the record, as RecordCodec encodes it |}.
 * {@link #save} replaces the whole file ({@link Disk#replace}: atomic, durable when it returns), so a
 * crash leaves the old record or the new one, never a mix; a record kept inside another store (a value
 * of 01's key-value store) uses {@link #encode} and {@link #decode} alone. Reading bytes that do not
 * check out (bit rot, a file from something else) throws a {@link CorruptStateException} that names
 * the file: a node must refuse to start rather than act on state it cannot trust.
 *
 * @param <T> the record saved
 */
public final class SavedState<T extends Record> {

    private static final int CRC_BYTES = 4;

    private final RecordCodec codec;
    private final Class<T> type;

    private SavedState(RecordCodec codec, Class<T> type) {
        this.codec = codec;
        this.type = type;
    }

    /**
     * The saved state of records of {@code type}, under the stable name {@code name} (such as
     * {@code "election.State"}): the name, not the class, is in the bytes. Components that are records
     * are written inline and need no name.
     */
    public static <T extends Record> SavedState<T> of(String name, Class<T> type) {
        return new SavedState<>(RecordCodec.builder().register(name, type).build(), type);
    }

    /**
     * The saved state of records of {@code type} with the names of {@code codec}: for a record with a
     * component of an open interface type, whose records other modules register.
     */
    public static <T extends Record> SavedState<T> of(RecordCodec codec, Class<T> type) {
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(type, "type");
        if (!codec.registeredTypes().containsValue(type)) {
            throw new IllegalArgumentException(type.getName() + " is not registered with the codec given for its"
                    + " saved state; register it (codec.extend().register(\"module.Name\", "
                    + type.getSimpleName() + ".class).build())");
        }
        return new SavedState<>(codec, type);
    }

    /** The bytes of {@code value}: its CRC, then the record. */
    public byte[] encode(T value) {
        byte[] record = codec.encodeRecord(Objects.requireNonNull(value, "value"));
        CRC32C crc = new CRC32C();
        crc.update(record);
        return ByteBuffer.allocate(CRC_BYTES + record.length).putInt((int) crc.getValue()).put(record).array();
    }

    /**
     * The record in {@code bytes}.
     *
     * @param where what the bytes are, for the error ("coordinator.counter", "the vote of n1")
     * @throws CorruptStateException if the CRC does not match or the bytes are no such record
     */
    public T decode(byte[] bytes, String where) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length < CRC_BYTES) {
            throw new CorruptStateException(where, bytes.length + " bytes, too few for even a CRC");
        }
        byte[] record = Arrays.copyOfRange(bytes, CRC_BYTES, bytes.length);
        CRC32C crc = new CRC32C();
        crc.update(record);
        int stored = ByteBuffer.wrap(bytes).getInt();
        if (stored != (int) crc.getValue()) {
            throw new CorruptStateException(where, "CRC mismatch (stored " + Integer.toHexString(stored)
                    + ", computed " + Integer.toHexString((int) crc.getValue()) + ")");
        }
        try {
            return codec.decodeRecord(record, type);
        } catch (MalformedMessageException e) {
            throw new CorruptStateException(where, "not a " + type.getSimpleName() + ": " + e.getMessage());
        }
    }

    /** The record saved in {@code file} of {@code disk}, or empty if there is no such file. */
    public Optional<T> load(Disk disk, String file) {
        if (!disk.exists(file)) {
            return Optional.empty();
        }
        return Optional.of(decode(disk.readAll(file), file));
    }

    /** Replaces {@code file} of {@code disk} with {@code value}: atomic, and durable when it returns. */
    public void save(Disk disk, String file, T value) {
        disk.replace(file, encode(value));
    }
}
