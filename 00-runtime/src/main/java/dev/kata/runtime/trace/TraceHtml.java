package dev.kata.runtime.trace;

import dev.kata.runtime.trace.TraceEvent.ClientCompleted;
import dev.kata.runtime.trace.TraceEvent.ClientInvoked;
import dev.kata.runtime.trace.TraceEvent.Crashed;
import dev.kata.runtime.trace.TraceEvent.Delivered;
import dev.kata.runtime.trace.TraceEvent.Dropped;
import dev.kata.runtime.trace.TraceEvent.Duplicated;
import dev.kata.runtime.trace.TraceEvent.Held;
import dev.kata.runtime.trace.TraceEvent.InvariantViolated;
import dev.kata.runtime.trace.TraceEvent.Note;
import dev.kata.runtime.trace.TraceEvent.PartitionChanged;
import dev.kata.runtime.trace.TraceEvent.Released;
import dev.kata.runtime.trace.TraceEvent.Paused;
import dev.kata.runtime.trace.TraceEvent.Restarted;
import dev.kata.runtime.trace.TraceEvent.Resumed;
import dev.kata.runtime.trace.TraceEvent.Sent;
import dev.kata.runtime.trace.TraceEvent.TimerFired;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Renders a {@link Trace} as one self-contained HTML page: the failure, the seed that replays it,
 * a space-time diagram of nodes, messages and client operations, and a filterable table of every
 * event. The page has no external resources (inline CSS, SVG and a little script), so it can be
 * attached to a CI run or mailed, and the same trace always gives the same bytes.
 *
 * <p>How to read the page: {@code 00-runtime/docs/traces.md}.
 */
public final class TraceHtml {

    /** Longer message texts are cut in the page; a trace can hold a whole batch of log entries in one message. */
    static final int MAX_TEXT = 400;

    private TraceHtml() {
    }

    /** The page for this trace. */
    public static String render(Trace trace) {
        Objects.requireNonNull(trace, "trace");
        List<String> lanes = SpaceTimeDiagram.lanes(trace);
        SpaceTimeDiagram.Drawing drawing = SpaceTimeDiagram.draw(trace, lanes);
        String title = Objects.toString(trace.title(), "trace");

        StringBuilder page = new StringBuilder(64 * 1024 + trace.events().size() * 96);
        page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
        Html.escape(page, "Trace: " + title + " (seed " + trace.seed() + ")");
        page.append("</title>\n<style>").append(STYLE).append("</style>\n</head>\n<body>\n");

        page.append("<header>\n<h1>");
        Html.escape(page, title);
        page.append("</h1>\n");
        seedAndReplay(page, trace);
        if (!trace.summary().isEmpty()) {
            page.append("<div class=\"summary\">\n");
            for (String line : trace.summary()) {
                page.append("<div class=\"line\">");
                Html.escape(page, line);
                page.append("</div>\n");
            }
            page.append("</div>\n");
        }
        page.append("</header>\n");

        diagram(page, trace, drawing);
        table(page, trace, lanes);

        page.append("<script>").append(SCRIPT).append("</script>\n</body>\n</html>\n");
        return page.toString();
    }

    /**
     * Writes the page to {@code directory/fileStem.html}, creating the directory, and returns the
     * file's path. Characters other than letters, digits, '.', '_' and '-' in the stem become '_',
     * so a test's display name is a safe stem.
     */
    public static Path write(Trace trace, Path directory, String fileStem) {
        String stem = fileStem == null || fileStem.isBlank() ? "trace" : fileStem.replaceAll("[^A-Za-z0-9._-]", "_");
        Path file = directory.resolve(stem + ".html");
        try {
            Files.createDirectories(directory);
            Files.writeString(file, render(trace), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the trace page " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    private static void seedAndReplay(StringBuilder page, Trace trace) {
        // The simulation's failure message holds the exact command; without it, show its shape.
        String replay = trace.summary().stream()
                .flatMap(String::lines)
                .filter(line -> line.contains("./kata test"))
                .map(line -> line.substring(line.indexOf("./kata test")).strip())
                .findFirst()
                .orElse("./kata test <module> --test 'Class#method' --seed " + trace.seed());
        page.append("<p class=\"seed\">seed <b>").append(trace.seed())
                .append("</b> &middot; the same seed replays this run exactly: <code>");
        Html.escape(page, replay);
        page.append("</code></p>\n");
    }

    private static void diagram(StringBuilder page, Trace trace, SpaceTimeDiagram.Drawing drawing) {
        int total = trace.events().size();
        page.append("<section>\n<h2>Space-time diagram</h2>\n<p class=\"hint\">");
        if (total == 0) {
            page.append("No events were recorded.");
        } else {
            page.append("Time flows down; hover over any mark for its details. ");
            if (drawing.endEvent() - drawing.firstEvent() < total) {
                page.append("<b>Showing events ").append(count(drawing.firstEvent() + 1)).append("&ndash;")
                        .append(count(drawing.endEvent())).append(" of ").append(count(total)).append("</b>: ")
                        .append(count(total - (drawing.endEvent() - drawing.firstEvent())))
                        .append(" are left out of the drawing (the table below lists all). ")
                        .append("Faint arrows were sent before the first drawn event.");
            } else {
                page.append("All ").append(count(total)).append(" events are drawn.");
            }
        }
        page.append("</p>\n");
        page.append(LEGEND);
        page.append("<label class=\"toggle\"><input type=\"checkbox\" id=\"show-labels\"")
                .append(drawing.arrows() <= SpaceTimeDiagram.LABELS_SHOWN_UP_TO ? " checked" : "")
                .append("> message names on arrows</label>\n");
        page.append("<div class=\"diagram\">\n<div class=\"lanes\">").append(drawing.header()).append("</div>\n")
                .append(drawing.body()).append("\n</div>\n</section>\n");
    }

    /** 50000 as "50,000", the same on every machine. */
    private static String count(int n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static void table(StringBuilder page, Trace trace, List<String> lanes) {
        int total = trace.events().size();
        page.append("<section>\n<h2>All events</h2>\n<div class=\"filters\">")
                .append("<select id=\"node-filter\"><option value=\"\">all nodes</option>");
        for (String lane : lanes) {
            page.append("<option>");
            Html.escape(page, lane);
            page.append("</option>");
        }
        page.append("</select> <input id=\"text-filter\" type=\"search\" placeholder=\"filter: text, m17, op 3, drop…\">")
                .append(" <span id=\"count\">").append(total).append(" events</span></div>\n")
                .append("<table id=\"events\">\n<thead><tr><th>#</th><th>ms</th><th>node</th><th>event</th>")
                .append("<th>details</th></tr></thead>\n<tbody>\n");
        // End tags of td and tr are optional in HTML; leaving them out keeps a 50,000-event page small.
        for (int i = 0; i < total; i++) {
            TraceEvent event = trace.events().get(i);
            String kind = kind(event);
            boolean highlighted = event instanceof ClientInvoked e && trace.highlightedOperations().contains(e.operationId())
                    || event instanceof ClientCompleted c && trace.highlightedOperations().contains(c.operationId());
            page.append("<tr");
            if (highlighted) {
                page.append(" class=\"hl\"");
            } else if (ROW_CLASSES.contains(kind)) {
                page.append(" class=\"").append(kind).append('"');
            }
            page.append("><td>").append(i + 1).append("<td>").append(Html.ms(event.time())).append("<td>");
            Html.escape(page, SpaceTimeDiagram.nodesOf(event).filter(Objects::nonNull).distinct()
                    .collect(Collectors.joining(" → ")));
            page.append("<td>").append(kind).append("<td>");
            Html.escape(page, Html.shorten(details(event), MAX_TEXT));
            page.append('\n');
        }
        page.append("</tbody>\n</table>\n</section>\n");
    }

    private static final List<String> ROW_CLASSES = List.of("drop", "crash", "restart", "pause", "resume",
            "partition", "violation");

    /** The event's name in the table, one short word. */
    static String kind(TraceEvent event) {
        if (event instanceof Sent) {
            return "send";
        } else if (event instanceof Delivered) {
            return "deliver";
        } else if (event instanceof Dropped) {
            return "drop";
        } else if (event instanceof Duplicated) {
            return "duplicate";
        } else if (event instanceof Held) {
            return "hold";
        } else if (event instanceof Released) {
            return "release";
        } else if (event instanceof TimerFired) {
            return "timer";
        } else if (event instanceof Crashed) {
            return "crash";
        } else if (event instanceof Restarted) {
            return "restart";
        } else if (event instanceof Paused) {
            return "pause";
        } else if (event instanceof Resumed) {
            return "resume";
        } else if (event instanceof PartitionChanged) {
            return "partition";
        } else if (event instanceof Note) {
            return "note";
        } else if (event instanceof ClientInvoked) {
            return "invoke";
        } else if (event instanceof ClientCompleted) {
            return "complete";
        } else {
            return "violation";
        }
    }

    /** The rest of the event in words; message ids ("m17") and operation ids ("op 3") can be searched for. */
    static String details(TraceEvent event) {
        if (event instanceof Sent e) {
            return "m" + e.messageId() + " " + e.message() + " (" + e.bytes() + " bytes)";
        } else if (event instanceof Delivered e) {
            return "m" + e.messageId() + " " + e.message();
        } else if (event instanceof Dropped e) {
            return "m" + e.messageId() + " " + e.reason();
        } else if (event instanceof Duplicated e) {
            return "m" + e.messageId() + " copied as m" + e.copyId();
        } else if (event instanceof Held e) {
            return "m" + e.messageId() + " held by the test's " + e.by();
        } else if (event instanceof Released e) {
            return "m" + e.messageId() + " released by the test's " + e.by();
        } else if (event instanceof TimerFired e) {
            return e.label();
        } else if (event instanceof Crashed) {
            return "memory and unforced disk writes lost";
        } else if (event instanceof Restarted) {
            return "started again from its disk";
        } else if (event instanceof Paused) {
            return "stopped handling events";
        } else if (event instanceof Resumed) {
            return "handles events again";
        } else if (event instanceof PartitionChanged e) {
            return e.description();
        } else if (event instanceof Note e) {
            return e.text();
        } else if (event instanceof ClientInvoked e) {
            return "op " + e.operationId() + " " + e.operation();
        } else if (event instanceof ClientCompleted e) {
            return "op " + e.operationId() + " " + e.outcome() + (e.result() == null ? "" : ": " + e.result());
        } else if (event instanceof InvariantViolated e) {
            return e.invariant() + ": " + e.explanation();
        }
        return String.valueOf(event);
    }

    private static final String LEGEND = """
            <div class="legend">\
            <span><svg width="34" height="12"><path d="M2,6H28" class="l-msg"/><path d="M26,2L32,6L26,10z" class="l-head"/></svg>message delivered</span>\
            <span><svg width="34" height="12"><path d="M2,6H28" class="l-msg" stroke-dasharray="4 3"/><path d="M26,2L32,6L26,10z" class="l-head"/></svg>duplicate copy</span>\
            <span><svg width="34" height="12"><path d="M2,6H22M17,1l10,10m0,-10l-10,10" class="l-drop"/></svg>message dropped</span>\
            <span><svg width="30" height="12"><rect x="1" y="3" width="28" height="6" class="l-crash"/></svg>crash</span>\
            <span><svg width="30" height="12"><rect x="1" y="3" width="28" height="6" class="l-restart"/></svg>restart</span>\
            <span><svg width="16" height="14"><rect x="1" y="0" width="14" height="14" fill="url(#hatch)" class="l-down"/></svg>node down</span>\
            <span><svg width="16" height="14"><rect x="1" y="0" width="14" height="14" class="l-pause"/></svg>node paused</span>\
            <span><svg width="34" height="12"><path d="M2,6H32" class="l-partition"/></svg>partition change</span>\
            <span><svg width="12" height="12"><circle cx="6" cy="6" r="3.5" class="l-timer"/></svg>timer</span>\
            <span><svg width="12" height="12"><circle cx="6" cy="6" r="3" class="l-note"/></svg>note</span>\
            <span><svg width="12" height="12"><circle cx="6" cy="6" r="3.5" class="l-held"/></svg>held by the test</span>\
            <span><svg width="12" height="12"><circle cx="6" cy="6" r="3.5" class="l-released"/></svg>released</span>\
            <span><svg width="12" height="16"><rect x="1" y="1" width="10" height="14" rx="2" class="l-ok"/></svg>op ok</span>\
            <span><svg width="12" height="16"><rect x="1" y="1" width="10" height="14" rx="2" class="l-fail"/></svg>op fail</span>\
            <span><svg width="18" height="16"><rect x="7" y="1" width="10" height="9" rx="2" class="l-unknown"/><path d="M7,9H3V16" class="l-tail"/></svg>op unknown (open-ended)</span>\
            <span><svg width="12" height="16"><rect x="1.5" y="1.5" width="9" height="13" rx="2" class="l-hl"/></svg>highlighted by the checker</span>\
            <span><svg width="34" height="12"><path d="M2,6H32" class="l-violation"/></svg>invariant violated</span>\
            </div>
            """;

    private static final String STYLE = """

            body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2733; margin: 0 24px 40px; }
            h1 { font-size: 20px; margin: 18px 0 4px; }
            h2 { font-size: 16px; margin: 22px 0 6px; }
            code { font: 13px ui-monospace, "DejaVu Sans Mono", Menlo, monospace; background: #f1f3f5; padding: 1px 5px; border-radius: 3px; }
            .seed { margin: 4px 0 8px; }
            .summary { border-left: 4px solid #d62728; background: #fff5f5; padding: 6px 12px; margin: 8px 0; }
            .summary .line { white-space: pre-wrap; font: 13px/1.45 ui-monospace, "DejaVu Sans Mono", Menlo, monospace; }
            .hint { color: #4a5562; margin: 2px 0 6px; }
            .legend { display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 12px; color: #333; margin: 6px 0; }
            .legend span { display: inline-flex; align-items: center; gap: 5px; }
            .legend svg { overflow: visible; }
            .l-msg { stroke: #3d6fb6; stroke-width: 1.4; fill: none; } .l-head { fill: #3d6fb6; }
            .l-drop { stroke: #e8590c; stroke-width: 2; fill: none; }
            .l-crash { fill: #111; } .l-restart { fill: #2b8a3e; }
            .l-down { stroke: #999; } .l-pause { fill: #fcc419; fill-opacity: .45; stroke: #e0a800; }
            .l-partition { stroke: #7048e8; stroke-width: 1.5; stroke-dasharray: 6 4; }
            .l-timer { fill: #fff; stroke: #868e96; stroke-width: 1.5; } .l-note { fill: #495057; }
            .l-held, .held { fill: #fff; stroke: #7048e8; stroke-width: 2; } .l-released, .released { fill: #7048e8; }
            .l-ok { fill: #8ce99a; stroke: #2b8a3e; } .l-fail { fill: #dee2e6; stroke: #868e96; }
            .l-unknown { fill: #d0bfff; stroke: #7048e8; stroke-dasharray: 3 2; } .l-tail { stroke: #7048e8; stroke-dasharray: 2 2; fill: none; }
            .l-hl { fill: #ffc9c9; stroke: #d62728; stroke-width: 3; } .l-violation { stroke: #d62728; stroke-width: 3; }
            .toggle { font-size: 12px; color: #333; user-select: none; }
            .diagram { max-height: 78vh; overflow: auto; border: 1px solid #ced4da; border-radius: 4px; margin-top: 4px; background: #fff; }
            .lanes { position: sticky; top: 0; z-index: 1; background: #fff; border-bottom: 1px solid #ced4da; }
            .lanes svg, #diagram { display: block; }
            .lane-name { cursor: pointer; } .lane-name rect { fill: #e7f0fb; stroke: #a5c0e4; }
            .lane-name.client rect { fill: #fff4e6; stroke: #f0b37a; }
            .lane-name text { font: 600 13px system-ui, sans-serif; text-anchor: middle; fill: #1d2733; }
            #diagram text { font: 11px system-ui, sans-serif; }
            .grid { stroke: #f1f3f5; } .tick { text-anchor: end; fill: #6c757d; }
            .gap rect { fill: #f8f9fa; stroke: #dee2e6; stroke-dasharray: 4 3; } .gap text { text-anchor: end; fill: #6c757d; font-style: italic; }
            .lane { stroke: #495057; stroke-width: 1.5; } .lane.client { stroke: #d9822b; }
            .down-span { fill: url(#hatch); stroke: #999; } .pause-span { fill: #fcc419; fill-opacity: .45; stroke: #e0a800; }
            .partition line { stroke: #7048e8; stroke-width: 1.5; stroke-dasharray: 6 4; }
            .partition rect { fill: #f3f0ff; stroke: #b197fc; } #diagram .partition text { fill: #5f3dc4; font-weight: 600; }
            .msg .line { stroke: #3d6fb6; stroke-width: 1.3; fill: none; } .head { fill: #3d6fb6; }
            .msg.copy .line { stroke-dasharray: 5 3; } .msg.clipped .line { stroke-opacity: .4; }
            .msg.in-flight .line { stroke: #868e96; stroke-dasharray: 2 3; }
            .hit { stroke: transparent; stroke-width: 9; fill: none; }
            .msg:hover .line { stroke: #1c3f7a; stroke-width: 2.5; }
            #diagram .msg-label { fill: #1c3f7a; font-size: 10px; text-anchor: middle; paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
            .no-labels .msg-label { display: none; }
            .drop .line { stroke: #e8590c; stroke-width: 1.6; fill: none; } .drop:hover .line { stroke-width: 2.6; }
            .mark.crash rect { fill: #111; } .mark.restart rect { fill: #2b8a3e; } .mark.pause rect { fill: #e0a800; }
            #diagram .mark text { text-anchor: end; font-weight: 600; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
            #diagram .mark.crash text { fill: #111; } #diagram .mark.restart text { fill: #2b8a3e; } #diagram .mark.pause text { fill: #8a6100; }
            .timer { fill: #fff; stroke: #868e96; stroke-width: 1.5; } .note { fill: #495057; }
            .op rect { stroke-width: 1.5; } .op.ok rect { fill: #8ce99a; stroke: #2b8a3e; }
            .op.fail rect { fill: #dee2e6; stroke: #868e96; }
            .op.unknown rect { fill: #d0bfff; stroke: #7048e8; stroke-dasharray: 3 2; } .tail { stroke: #7048e8; stroke-dasharray: 2 2; fill: none; }
            .op.hl rect { stroke: #d62728; stroke-width: 3.5; stroke-dasharray: none; }
            #diagram .op-label { fill: #1d2733; paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
            #diagram .op.ok .op-label { fill: #1e6b30; } #diagram .op.fail .op-label { fill: #495057; } #diagram .op.unknown .op-label { fill: #5f3dc4; }
            #diagram .op.hl .op-label { fill: #c92a2a; font-weight: 700; }
            .hl-bracket path { stroke: #d62728; stroke-width: 3; fill: none; }
            .violation line { stroke: #d62728; stroke-width: 3; }
            #diagram .violation text { fill: #c92a2a; font-weight: 700; font-size: 13px; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
            .filters { display: flex; gap: 8px; align-items: center; margin: 6px 0; }
            .filters input { width: 320px; padding: 3px 6px; } #count { color: #6c757d; font-size: 12px; }
            #events { border-collapse: collapse; font: 12px/1.35 ui-monospace, "DejaVu Sans Mono", Menlo, monospace; }
            #events th { position: sticky; top: 0; background: #e9ecef; text-align: left; padding: 3px 8px; }
            #events td { padding: 1px 8px; vertical-align: top; white-space: pre-wrap; }
            #events td:nth-child(1), #events td:nth-child(2) { text-align: right; color: #6c757d; }
            #events td:nth-child(3) { white-space: nowrap; }
            #events tbody tr:nth-child(even) { background: #f8f9fa; }
            #events tr.drop td:nth-child(4) { color: #e8590c; } #events tr.crash td:nth-child(4) { color: #111; font-weight: 700; }
            #events tr.restart td:nth-child(4) { color: #2b8a3e; font-weight: 700; }
            #events tr.pause td:nth-child(4), #events tr.resume td:nth-child(4) { color: #a07800; }
            #events tr.partition td:nth-child(4) { color: #5f3dc4; font-weight: 700; }
            #events tbody tr.hl { background: #ffe3e3; } #events tbody tr.violation { background: #d62728; color: #fff; }
            #events tbody tr.violation td { color: #fff; font-weight: 700; }
            """;

    // Filters the table by node and text, toggles the arrows' labels, and lets a click on a lane's
    // name filter the table. Plain DOM code: the page must work offline, years from now.
    private static final String SCRIPT = """

            (function () {
              var rows = Array.prototype.slice.call(document.querySelectorAll('#events tbody tr'));
              var texts = null, nodes = null;
              var nodeFilter = document.getElementById('node-filter');
              var textFilter = document.getElementById('text-filter');
              var count = document.getElementById('count');
              function apply() {
                if (texts === null) {
                  texts = rows.map(function (r) { return r.textContent.toLowerCase(); });
                  nodes = rows.map(function (r) { return r.cells[2].textContent.split(' → ').filter(Boolean); });
                }
                var node = nodeFilter.value, text = textFilter.value.trim().toLowerCase(), shown = 0;
                for (var i = 0; i < rows.length; i++) {
                  // Events of no single node (partitions, invariants) concern every node.
                  var show = (!node || nodes[i].length === 0 || nodes[i].indexOf(node) >= 0)
                      && (!text || texts[i].indexOf(text) >= 0);
                  rows[i].hidden = !show;
                  if (show) { shown++; }
                }
                count.textContent = shown === rows.length ? rows.length + ' events' : shown + ' of ' + rows.length + ' events';
              }
              nodeFilter.addEventListener('change', apply);
              textFilter.addEventListener('input', apply);
              Array.prototype.forEach.call(document.querySelectorAll('[data-lane]'), function (lane) {
                lane.addEventListener('click', function () {
                  nodeFilter.value = lane.getAttribute('data-lane');
                  apply();
                  document.getElementById('events').scrollIntoView();
                });
              });
              var labels = document.getElementById('show-labels');
              var diagram = document.getElementById('diagram');
              function showLabels() { diagram.classList.toggle('no-labels', !labels.checked); }
              labels.addEventListener('change', showLabels);
              showLabels();
              // A long run's failure can be far down the drawing: open at it. The violated invariant or
              // the checker's last highlighted operation; else the end of the run, where a test's
              // assertion or a condition that never came true found the failure.
              // The drawing's box is made to end at the bottom of the window, so that the page opens
              // with the failure in view under the summary.
              var box = diagram.parentNode;
              var room = window.innerHeight - (box.getBoundingClientRect().top + window.pageYOffset) - 12;
              if (room >= 300 && room < box.clientHeight) {
                box.style.maxHeight = room + 'px';
              }
              var marks = diagram.querySelectorAll('.violation, .op.hl');
              var focus = marks.length ? marks[marks.length - 1] : null;
              var y = focus ? focus.getBBox().y + focus.getBBox().height : box.scrollHeight;
              if (y > box.clientHeight - 80) {
                box.scrollTop = y - box.clientHeight + 80;
              }
              if (box.getBoundingClientRect().bottom > window.innerHeight) {
                window.scrollTo(0, box.getBoundingClientRect().bottom + window.pageYOffset - window.innerHeight + 12);
              }
              document.body.setAttribute('data-ready', 'true');
            })();
            """;
}
