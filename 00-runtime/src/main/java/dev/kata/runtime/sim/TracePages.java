package dev.kata.runtime.sim;

import dev.kata.runtime.trace.Trace;
import dev.kata.runtime.trace.TraceEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a trace page. A stand-in that lists the events as a table, until the space-time diagram
 * ({@code dev.kata.runtime.trace.TraceHtml}) is merged: then {@link #write} calls it and this
 * class shrinks to that one line.
 */
final class TracePages {

    private TracePages() {
    }

    static Path write(Trace trace, Path directory, String fileStem) {
        try {
            Files.createDirectories(directory);
            Path file = directory.resolve(fileStem + ".html");
            StringBuilder html = new StringBuilder();
            html.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
                    .append(escape(trace.title())).append(" (seed ").append(trace.seed()).append(")</title>")
                    .append("<style>body{font-family:sans-serif}td{font-family:monospace;padding:0 .5em}"
                            + "tr.bad{background:#fdd}</style></head><body>\n<h1>")
                    .append(escape(trace.title())).append(", seed ").append(trace.seed()).append("</h1>\n<pre>");
            for (String line : trace.summary()) {
                html.append(escape(line)).append('\n');
            }
            html.append("</pre>\n<p>nodes: ").append(escape(String.join(", ", trace.nodes()))).append("</p>\n<table>\n");
            for (TraceEvent event : trace.events()) {
                boolean bad = event instanceof TraceEvent.InvariantViolated;
                html.append(bad ? "<tr class=\"bad\">" : "<tr>").append("<td>")
                        .append(VirtualTime.format(event.time())).append("</td><td>")
                        .append(escape(event.toString())).append("</td></tr>\n");
            }
            html.append("</table></body></html>\n");
            Files.writeString(file, html, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the trace page under " + directory, e);
        }
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
