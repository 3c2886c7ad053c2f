package dev.kata.tool;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code ./kata status --line}: the tests of every exercise run as for ./kata status, but instead
 * of the board it prints one line per module (module, step, passed/total, track), the form a room's
 * board collects: a pair pastes its lines, an instructor reads where the room is.
 */
final class RoomLine {

    private RoomLine() {
    }

    static int status(List<String> args, boolean own) {
        // The run's own output (the streaming board, Maven's notes) is not what is asked for; it is
        // kept and shown only if the run fails before it has results.
        PrintStream out = System.out;
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        int code;
        System.setOut(new PrintStream(kept, true, StandardCharsets.UTF_8));
        try {
            code = Learner.status(args, own);
        } finally {
            System.setOut(out);
        }
        if (code != 0) {
            out.print(kept.toString(StandardCharsets.UTF_8));
            return code;
        }
        out.print(lines(Module.all()));
        return 0;
    }

    /** The lines, from the results on disk of the last run. */
    static String lines(List<Module> modules) {
        StringBuilder text = new StringBuilder();
        for (Module module : modules) {
            text.append(Board.roomLine(module, Results.read(module.exercise()), Track.given(module))).append('\n');
        }
        return text.toString();
    }
}
