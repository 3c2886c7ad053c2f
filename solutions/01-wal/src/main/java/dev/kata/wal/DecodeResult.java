package dev.kata.wal;

/** What {@link EntryFormat#decode} found at a position of a segment. */
public sealed interface DecodeResult {

    /** A whole, intact record: the entry and how many bytes it takes on disk. */
    record Entry(LogEntry entry, int recordBytes) implements DecodeResult {
    }

    /** The bytes end before the record does: the tail of a write that a crash cut short. */
    record Incomplete() implements DecodeResult {
    }

    /** The bytes are all there but are not a valid record (bad CRC, impossible length). */
    record Invalid(String reason) implements DecodeResult {
    }
}
