package dev.kata.runtime.checker;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Puts the checker's verdicts into words for a learner: the operations, their answers and time
 * intervals, and, when the failing piece has a well-known shape, its name and why it is wrong (the
 * model names the shapes: {@link Model#anomaly}).
 */
final class Explainer {

    private Explainer() {
    }

    static String linearizable(Model<?, ?, ?> model, int operations, int pieces) {
        String ops = operations + " operation" + (operations == 1 ? "" : "s");
        String where = isSinglePiece(model) ? ""
                : " on " + pieces + " " + model.pieceName() + (pieces == 1 ? "" : "s");
        return "Linearizable: " + ops + where + " can be ordered so that each takes effect at one instant"
                + " between its invocation and its answer.";
    }

    static String inconclusive(Model<?, ?, ?> model, String piece, int operations, long budget) {
        return "Inconclusive: the search for " + pieceWords(model, piece) + " (" + operations
                + " operations) gave up after exploring " + budget + " states without a verdict. This says nothing"
                + " about correctness. Many concurrent operations, especially writes without an answer, multiply"
                + " the orders to try: record fewer, or give the checker a larger budget (checker.withBudget(n)).";
    }

    /**
     * @param piece      the failing piece's history
     * @param shrunk     its shrunk failing part
     * @param others     other pieces found not linearizable
     */
    static <C, R> String notLinearizable(PieceHistory<C, R> piece, Shrinker.Piece<C, R> shrunk, List<String> others) {
        Model<C, R, ?> model = piece.model();
        List<Operation<C, R>> ops = shrunk.operations();
        StringBuilder words = new StringBuilder();
        words.append("Not linearizable");
        if (!piece.name().isEmpty()) {
            words.append(": ").append(model.pieceName()).append(' ').append(piece.name());
        }
        words.append(". ");
        if (ops.size() == 1) {
            words.append("This operation cannot have given its result at any instant between its invocation and"
                    + " its answer:\n");
        } else {
            words.append("No order of these ").append(ops.size()).append(" operations, each taking effect at one"
                    + " instant between its invocation and its answer, explains every result:\n");
        }
        words.append(table(model, ops));
        words.append(model.anomaly(ops, piece.all()).orElse("No simple anomaly explains it on its own: try to order"
                + " these operations by hand, each at one instant within its interval, and see which result cannot be"
                + " given."));
        if (!shrunk.minimal()) {
            words.append("\n(Shrinking stopped at its budget: a smaller piece may exist.)");
        }
        String name = capitalized(model.pieceName());
        if (others.size() == 1) {
            words.append("\n").append(name).append(' ').append(others.get(0)).append(" is not linearizable either.");
        } else if (others.size() > 1) {
            words.append("\n").append(name).append("s ").append(String.join(", ", others))
                    .append(" are not linearizable either.");
        }
        return words.toString();
    }

    private static boolean isSinglePiece(Model<?, ?, ?> model) {
        return model.pieceName().equals("piece");
    }

    private static String pieceWords(Model<?, ?, ?> model, String piece) {
        return piece.isEmpty() ? "the history" : model.pieceName() + " " + piece;
    }

    private static String capitalized(String word) {
        return word.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    /** One line per operation, in columns, the times right-aligned so that they line up. */
    private static <C, R> String table(Model<C, R, ?> model, List<Operation<C, R>> ops) {
        List<String[]> rows = new ArrayList<>();
        for (Operation<C, R> op : ops) {
            String to = op.outcome() == Outcome.UNKNOWN ? "no answer" : ms(op.completedAt());
            rows.add(new String[] {"op " + op.id(), "client " + op.client(), model.describe(op), ms(op.invokedAt()), to});
        }
        int[] widths = new int[5];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder table = new StringBuilder();
        for (String[] row : rows) {
            table.append(String.format(Locale.ROOT, "  %-" + widths[0] + "s  %-" + widths[1] + "s  %-" + widths[2]
                    + "s  %" + widths[3] + "s .. %" + widths[4] + "s\n", (Object[]) row));
        }
        return table.toString();
    }

    /** When the operation was in flight, in milliseconds. */
    static String interval(Operation<?, ?> op) {
        if (op.outcome() == Outcome.UNKNOWN) {
            return ms(op.invokedAt()) + " .. no answer";
        }
        return ms(op.invokedAt()) + " .. " + ms(op.completedAt());
    }

    /** Nanoseconds as milliseconds with three decimals: 12500000 becomes "12.500 ms". */
    static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f ms", nanos / 1_000_000.0);
    }
}
