package dev.kata.runtime.wire;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A problem found while encoding or decoding, on its way up to {@link RecordCodec}, which turns it
 * into a {@link MalformedMessageException} (decoding) or an {@link IllegalArgumentException}
 * (encoding). Each record on the way adds the name of the component it was working on, so the final
 * message says where the problem is ({@code wal.Append.entries[3].key}) without the codec building
 * path strings on the happy path.
 */
final class WireError extends RuntimeException {

    private final String problem;
    private final int offset;
    private final Deque<String> path = new ArrayDeque<>();

    WireError(String problem, int offset) {
        // No stack trace: this is an expected outcome of bad input, and filling one in is slow.
        super(problem, null, false, false);
        this.problem = problem;
        this.offset = offset;
    }

    /** Adds the component (or index) the problem was found in; called from the inside out. */
    WireError within(String segment) {
        path.addFirst(segment);
        return this;
    }

    String problem() {
        return problem;
    }

    /** The byte at which the failing read started; -1 while encoding. */
    int offset() {
        return offset;
    }

    /** The path from the outermost type to the failing component, such as {@code wal.Append.entries[3].key}. */
    String path() {
        StringBuilder text = new StringBuilder();
        for (String segment : path) {
            if (text.length() > 0 && !segment.startsWith("[") && !segment.startsWith("<")) {
                text.append('.');
            }
            text.append(segment);
        }
        return text.toString();
    }
}
