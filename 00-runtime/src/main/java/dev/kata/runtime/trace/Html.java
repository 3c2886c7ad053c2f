package dev.kata.runtime.trace;

/** Small text helpers for the trace page: escaping, times in milliseconds, numbers for SVG. */
final class Html {

    private Html() {
    }

    /**
     * Escapes text for HTML content and attribute values. Messages are arbitrary {@code toString}s,
     * so they may hold {@code < & "} and even control characters, which would break the page;
     * those become U+FFFD.
     */
    static String escape(String text) {
        StringBuilder out = new StringBuilder();
        escape(out, text);
        return out.toString();
    }

    static void escape(StringBuilder out, String text) {
        if (text == null) {
            return;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '\n', '\t' -> out.append(c);
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < text.length()
                            && Character.isLowSurrogate(text.charAt(i + 1))) {
                        out.append(c).append(text.charAt(++i));
                    } else if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
                        // A lone half of a surrogate pair (a message cut short) cannot be written as UTF-8.
                        out.append('\uFFFD');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }

    /** Virtual nanoseconds as milliseconds with three decimals ("12.345"), the same on every machine. */
    static String ms(long nanos) {
        String sign = nanos < 0 ? "-" : "";
        long abs = Math.abs(nanos);
        long micros = (abs % 1_000_000) / 1_000;
        return sign + (abs / 1_000_000) + "." + (micros < 10 ? "00" : micros < 100 ? "0" : "") + micros;
    }

    /** Cuts long text to {@code max} characters, ending with an ellipsis. */
    static String shorten(String text, int max) {
        if (text == null) {
            return "";
        }
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    /** A coordinate with one decimal at most: enough for the eye, and short in a 2,000-element drawing. */
    static void number(StringBuilder out, double value) {
        long tenths = Math.round(value * 10);
        if (tenths < 0) {
            out.append('-');
            tenths = -tenths;
        }
        out.append(tenths / 10);
        if (tenths % 10 != 0) {
            out.append('.').append(tenths % 10);
        }
    }
}
