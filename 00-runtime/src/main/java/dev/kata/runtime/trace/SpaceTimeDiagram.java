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
import dev.kata.runtime.trace.TraceEvent.Paused;
import dev.kata.runtime.trace.TraceEvent.Released;
import dev.kata.runtime.trace.TraceEvent.Restarted;
import dev.kata.runtime.trace.TraceEvent.Resumed;
import dev.kata.runtime.trace.TraceEvent.Sent;
import dev.kata.runtime.trace.TraceEvent.TimerFired;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Draws a trace as a space-time diagram in SVG: one vertical lane per node, time flowing down, an
 * arrow from a message's send to its delivery. Vertical lanes read like a sequence diagram, leave
 * room for the labels of messages and client operations, and let a long run scroll the natural way.
 *
 * <p>At most {@link #MAX_DRAWN_EVENTS} events are drawn, a window of consecutive events around the
 * failure; the page's table lists every event. Things that began before the window (an operation
 * in flight, a crashed node, a partition) are worked out from the whole run, so the window starts
 * in the right state.
 */
final class SpaceTimeDiagram {

    /** Beyond this the drawing stops being readable, and the browser slows down. */
    static final int MAX_DRAWN_EVENTS = 2_000;
    /** With more arrows than this, message labels start hidden (a checkbox shows them). */
    static final int LABELS_SHOWN_UP_TO = 400;

    static final double HEADER_HEIGHT = 32;
    private static final double AXIS_WIDTH = 104;
    private static final double TOP = 26;
    private static final double BOTTOM_MARGIN = 34;
    /** Room for the labels of the last lane's client operations. */
    private static final double RIGHT_MARGIN = 110;

    /**
     * The drawing, ready to be put into the page.
     *
     * @param header     the lane names, drawn apart so they can stay in view while the body scrolls
     * @param body       the diagram itself
     * @param firstEvent index of the first drawn event
     * @param endEvent   index after the last drawn event
     * @param arrows     how many message arrows were drawn
     */
    record Drawing(String header, String body, int firstEvent, int endEvent, int arrows) {
    }

    /** A client operation over the whole run; {@code completedAt} is {@code Long.MAX_VALUE} without an answer. */
    private record ClientOp(long id, String client, String operation, long invokedAt, long completedAt,
                            String outcome, String result) {
    }

    /** A time a node spent crashed or paused; {@code to} is {@code Long.MAX_VALUE} if it never ended. */
    private record Span(String node, long from, long to) {
    }

    private final Trace trace;
    private final List<String> lanes;
    private final Map<String, Integer> laneIndex = new HashMap<>();
    private final Set<String> clientLanes = new HashSet<>();
    private final int first;
    private final int end;
    private final TimeAxis axis;
    private final double laneWidth;
    private final double width;
    private final double height;

    // Facts about the whole run, so the drawn window starts in the right state.
    private final Map<Long, Long> sentAt = new HashMap<>();
    private final Map<Long, Long> copiedAt = new HashMap<>();
    private final Set<Long> settled = new HashSet<>();
    private final Map<Long, ClientOp> ops = new LinkedHashMap<>();
    private final List<Span> downs = new ArrayList<>();
    private final List<Span> pauses = new ArrayList<>();
    private PartitionChanged partitionBefore;

    private final StringBuilder svg = new StringBuilder();
    private int arrows;

    private SpaceTimeDiagram(Trace trace, List<String> lanes) {
        this.trace = trace;
        this.lanes = lanes;
        for (int i = 0; i < lanes.size(); i++) {
            laneIndex.put(lanes.get(i), i);
        }
        int[] window = window(trace);
        first = window[0];
        end = window[1];
        long[] times = new long[end - first];
        for (int i = first; i < end; i++) {
            times[i - first] = trace.events().get(i).time();
        }
        axis = new TimeAxis(times, TOP);
        // Fills a 1400-pixel window up to about eight lanes; more lanes scroll sideways.
        laneWidth = Math.max(120, Math.min(220, 1130.0 / Math.max(1, lanes.size())));
        width = AXIS_WIDTH + laneWidth * lanes.size() + RIGHT_MARGIN;
        height = axis.bottom() + BOTTOM_MARGIN;
        learnFromWholeRun();
    }

    static Drawing draw(Trace trace, List<String> lanes) {
        SpaceTimeDiagram diagram = new SpaceTimeDiagram(trace, lanes);
        String body = diagram.body();
        return new Drawing(diagram.header(), body, diagram.first, diagram.end, diagram.arrows);
    }

    /** The trace's nodes, then any other name its events mention, in order of first mention. */
    static List<String> lanes(Trace trace) {
        Set<String> lanes = new LinkedHashSet<>(trace.nodes());
        for (TraceEvent event : trace.events()) {
            nodesOf(event).filter(n -> n != null && !n.isBlank()).forEach(lanes::add);
        }
        return List.copyOf(lanes);
    }

    /** The nodes an event happened on, or between. */
    static Stream<String> nodesOf(TraceEvent event) {
        if (event instanceof Sent e) {
            return Stream.of(e.from(), e.to());
        } else if (event instanceof Delivered e) {
            return Stream.of(e.from(), e.to());
        } else if (event instanceof Dropped e) {
            return Stream.of(e.from(), e.to());
        } else if (event instanceof Duplicated e) {
            return Stream.of(e.from(), e.to());
        } else if (event instanceof Held e) {
            return Stream.of(e.from(), e.to());
        } else if (event instanceof Released e) {
            return Stream.of(e.from(), e.to());
        } else if (event instanceof TimerFired e) {
            return Stream.of(e.node());
        } else if (event instanceof Crashed e) {
            return Stream.of(e.node());
        } else if (event instanceof Restarted e) {
            return Stream.of(e.node());
        } else if (event instanceof Paused e) {
            return Stream.of(e.node());
        } else if (event instanceof Resumed e) {
            return Stream.of(e.node());
        } else if (event instanceof Note e) {
            return Stream.of(e.node());
        } else if (event instanceof ClientInvoked e) {
            return Stream.of(e.client());
        } else if (event instanceof ClientCompleted e) {
            return Stream.of(e.client());
        }
        return Stream.empty(); // partitions and invariants concern the whole cluster
    }

    /**
     * Which events to draw: all of them if they fit, else a window of consecutive events that shows
     * the failure (the violated invariant, else the last event of a highlighted operation, else the
     * end of the run) with a little of what followed.
     */
    static int[] window(Trace trace) {
        List<TraceEvent> events = trace.events();
        int count = events.size();
        if (count <= MAX_DRAWN_EVENTS) {
            return new int[] {0, count};
        }
        int focus = count - 1;
        int lastHighlighted = -1;
        for (int i = 0; i < count; i++) {
            TraceEvent event = events.get(i);
            if (event instanceof InvariantViolated) {
                focus = i;
                lastHighlighted = -1;
                break;
            }
            if (event instanceof ClientInvoked e && trace.highlightedOperations().contains(e.operationId())
                    || event instanceof ClientCompleted c && trace.highlightedOperations().contains(c.operationId())) {
                lastHighlighted = i;
            }
        }
        if (lastHighlighted >= 0) {
            focus = lastHighlighted;
        }
        int end = Math.min(count, Math.max(focus + 1 + MAX_DRAWN_EVENTS / 10, MAX_DRAWN_EVENTS));
        return new int[] {end - MAX_DRAWN_EVENTS, end};
    }

    private void learnFromWholeRun() {
        Map<String, Long> downSince = new LinkedHashMap<>();
        Map<String, Long> pausedSince = new LinkedHashMap<>();
        List<TraceEvent> events = trace.events();
        for (int i = 0; i < events.size(); i++) {
            TraceEvent event = events.get(i);
            if (event instanceof Sent e) {
                sentAt.putIfAbsent(e.messageId(), e.time());
            } else if (event instanceof Duplicated e) {
                copiedAt.putIfAbsent(e.copyId(), e.time());
            } else if (event instanceof Delivered e) {
                settled.add(e.messageId());
            } else if (event instanceof Dropped e) {
                settled.add(e.messageId());
            } else if (event instanceof Crashed e) {
                downSince.putIfAbsent(e.node(), e.time());
            } else if (event instanceof Restarted e && downSince.containsKey(e.node())) {
                downs.add(new Span(e.node(), downSince.remove(e.node()), e.time()));
            } else if (event instanceof Paused e) {
                pausedSince.putIfAbsent(e.node(), e.time());
            } else if (event instanceof Resumed e && pausedSince.containsKey(e.node())) {
                pauses.add(new Span(e.node(), pausedSince.remove(e.node()), e.time()));
            } else if (event instanceof ClientInvoked e) {
                clientLanes.add(e.client());
                ops.put(e.operationId(), new ClientOp(e.operationId(), e.client(), e.operation(), e.time(),
                        Long.MAX_VALUE, null, null));
            } else if (event instanceof ClientCompleted e && ops.containsKey(e.operationId())) {
                ClientOp op = ops.get(e.operationId());
                ops.put(op.id(), new ClientOp(op.id(), op.client(), op.operation(), op.invokedAt(), e.time(),
                        e.outcome(), e.result()));
            } else if (event instanceof PartitionChanged e && i < first) {
                partitionBefore = e;
            }
        }
        downSince.forEach((node, since) -> downs.add(new Span(node, since, Long.MAX_VALUE)));
        pausedSince.forEach((node, since) -> pauses.add(new Span(node, since, Long.MAX_VALUE)));
    }

    // ---- the lane names -------------------------------------------------------------------------

    private String header() {
        StringBuilder out = new StringBuilder();
        out.append("<svg class=\"lane-names\" xmlns=\"http://www.w3.org/2000/svg\"");
        size(out, width, HEADER_HEIGHT);
        out.append('>');
        for (int i = 0; i < lanes.size(); i++) {
            String lane = lanes.get(i);
            boolean client = clientLanes.contains(lane);
            out.append("<g class=\"lane-name").append(client ? " client" : "").append("\" data-lane=\"");
            Html.escape(out, lane);
            out.append("\"><title>");
            Html.escape(out, lane + (client ? " (client)" : "") + ": click to list only its events");
            out.append("</title><rect");
            attr(out, "x", x(lane) - laneWidth / 2 + 4);
            attr(out, "y", 3);
            attr(out, "width", laneWidth - 8);
            attr(out, "height", HEADER_HEIGHT - 6);
            out.append(" rx=\"4\"/><text");
            attr(out, "x", x(lane));
            attr(out, "y", HEADER_HEIGHT / 2 + 5);
            out.append('>');
            Html.escape(out, Html.shorten(lane, 20));
            out.append("</text></g>");
        }
        return out.append("</svg>").toString();
    }

    // ---- the diagram ----------------------------------------------------------------------------

    private String body() {
        svg.append("<svg id=\"diagram\" xmlns=\"http://www.w3.org/2000/svg\"");
        size(svg, width, height);
        svg.append('>');
        svg.append("""
                <defs>\
                <marker id="head" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" \
                orient="auto"><path d="M0,0L10,5L0,10z" class="head"/></marker>\
                <pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" \
                patternTransform="rotate(45)"><rect width="6" height="6" fill="#f2f2f2"/>\
                <line x1="0" y1="0" x2="0" y2="6" stroke="#b0b0b0" stroke-width="2"/></pattern>\
                </defs>""");
        drawTimeAxis();
        drawPartitions();
        drawLanes();
        drawClientOperations();
        drawMessages();
        drawNodeMarks();
        drawViolations();
        return svg.append("</svg>").toString();
    }

    private void drawTimeAxis() {
        double lastLabel = Double.NEGATIVE_INFINITY;
        for (long time : axis.times()) {
            double y = axis.y(time);
            if (y - lastLabel < 28) {
                continue;
            }
            lastLabel = y;
            svg.append("<line class=\"grid\"");
            attr(svg, "x1", AXIS_WIDTH - 6);
            attr(svg, "y1", y);
            attr(svg, "x2", width - RIGHT_MARGIN);
            attr(svg, "y2", y);
            svg.append("/><text class=\"tick\"");
            attr(svg, "x", AXIS_WIDTH - 10);
            attr(svg, "y", y + 4);
            svg.append('>').append(Html.ms(time)).append(" ms</text>");
        }
        for (TimeAxis.Gap gap : axis.gaps()) {
            svg.append("<g class=\"gap\"><rect");
            attr(svg, "x", 4);
            attr(svg, "y", gap.fromY() + 10);
            attr(svg, "width", width - RIGHT_MARGIN - 4);
            attr(svg, "height", gap.toY() - gap.fromY() - 20);
            svg.append("/><text");
            attr(svg, "x", AXIS_WIDTH - 10);
            attr(svg, "y", (gap.fromY() + gap.toY()) / 2 + 4);
            svg.append(">≈ ").append(Html.ms(gap.nanos())).append(" ms pass</text></g>");
        }
    }

    private void drawPartitions() {
        if (partitionBefore != null) {
            partitionBand(axis.y(axis.first()) - 14, partitionBefore,
                    "since " + Html.ms(partitionBefore.time()) + " ms: ");
        }
        for (TraceEvent event : drawn()) {
            if (event instanceof PartitionChanged e) {
                partitionBand(axis.y(e.time()), e, "");
            }
        }
    }

    private void partitionBand(double y, PartitionChanged change, String prefix) {
        String label = prefix + "partition " + change.description();
        svg.append("<g class=\"partition\"><title>");
        Html.escape(svg, Html.ms(change.time()) + " ms: the network's partitions changed: " + change.description());
        svg.append("</title><line");
        attr(svg, "x1", AXIS_WIDTH - 6);
        attr(svg, "y1", y);
        attr(svg, "x2", width - RIGHT_MARGIN);
        attr(svg, "y2", y);
        svg.append("/><rect");
        attr(svg, "x", AXIS_WIDTH);
        attr(svg, "y", y - 8);
        attr(svg, "width", Html.shorten(label, 70).length() * 6.2 + 12);
        attr(svg, "height", 16);
        svg.append(" rx=\"3\"/><text");
        attr(svg, "x", AXIS_WIDTH + 6);
        attr(svg, "y", y + 4);
        svg.append('>');
        Html.escape(svg, Html.shorten(label, 70));
        svg.append("</text></g>");
    }

    private void drawLanes() {
        double top = TOP - 12;
        double bottom = height - 12;
        for (String lane : lanes) {
            svg.append("<line class=\"lane").append(clientLanes.contains(lane) ? " client" : "").append('"');
            attr(svg, "x1", x(lane));
            attr(svg, "y1", top);
            attr(svg, "x2", x(lane));
            attr(svg, "y2", bottom);
            svg.append("/>");
        }
        for (Span down : downs) {
            span(down, "down-span", "down (crashed) from ");
        }
        for (Span pause : pauses) {
            span(pause, "pause-span", "paused from ");
        }
    }

    /** A crash or pause, shaded on its lane where it overlaps the drawn window. */
    private void span(Span span, String cssClass, String what) {
        if (!laneIndex.containsKey(span.node()) || !overlapsWindow(span.from(), span.to())) {
            return;
        }
        double y1 = axis.y(span.from());
        double y2 = span.to() == Long.MAX_VALUE ? height - 12 : axis.y(span.to());
        svg.append("<rect class=\"").append(cssClass).append('"');
        attr(svg, "x", x(span.node()) - 11);
        attr(svg, "y", y1);
        attr(svg, "width", 22);
        attr(svg, "height", Math.max(2, y2 - y1));
        svg.append("><title>");
        Html.escape(svg, span.node() + " " + what + Html.ms(span.from()) + " ms"
                + (span.to() == Long.MAX_VALUE ? " to the end of the run" : " to " + Html.ms(span.to()) + " ms"));
        svg.append("</title></rect>");
    }

    private void drawClientOperations() {
        double highlightTop = Double.POSITIVE_INFINITY;
        double highlightBottom = Double.NEGATIVE_INFINITY;
        Map<String, Integer> openEndedPerLane = new HashMap<>();
        for (ClientOp op : ops.values()) {
            if (!overlapsWindow(op.invokedAt(), op.completedAt())) {
                continue;
            }
            String outcome = outcomeClass(op.outcome());
            boolean highlighted = trace.highlightedOperations().contains(op.id());
            double x = x(op.client());
            double y1 = axis.y(op.invokedAt());
            double y2 = op.completedAt() == Long.MAX_VALUE ? height - 12 : axis.y(op.completedAt());
            if (highlighted) {
                highlightTop = Math.min(highlightTop, y1);
                highlightBottom = Math.max(highlightBottom, outcome.equals("unknown") ? height - 12 : y2);
            }
            svg.append("<g class=\"op ").append(outcome).append(highlighted ? " hl" : "").append("\"><title>");
            Html.escape(svg, opDescription(op, highlighted));
            svg.append("</title><rect");
            attr(svg, "x", x - 6);
            attr(svg, "y", y1);
            attr(svg, "width", 12);
            attr(svg, "height", Math.max(3, y2 - y1));
            svg.append(" rx=\"2\"/>");
            if (outcome.equals("unknown") && op.completedAt() != Long.MAX_VALUE) {
                // The client gave up, but the operation may still take effect at any later time:
                // the dotted tail says so. Tails of several such operations sit side by side.
                int k = openEndedPerLane.merge(op.client(), 1, Integer::sum) - 1;
                double tailX = x - 10 - 3 * (k % 4);
                svg.append("<path class=\"tail\" d=\"M");
                Html.number(svg, x - 6);
                svg.append(',');
                Html.number(svg, y2);
                svg.append('H');
                Html.number(svg, tailX);
                svg.append('V');
                Html.number(svg, height - 12);
                svg.append("\"/>");
            }
            svg.append("<text class=\"op-label\"");
            attr(svg, "x", x + 10);
            attr(svg, "y", y1 + 10);
            svg.append('>');
            Html.escape(svg, (highlighted ? "⚠ " : "") + Html.shorten(op.operation(), 24) + " " + outcomeText(op));
            svg.append("</text></g>");
        }
        if (highlightTop < highlightBottom) {
            // A bracket by the time axis: the stretch of time the checker could not explain.
            svg.append("<g class=\"hl-bracket\"><title>The highlighted operations: the smallest piece of "
                    + "history the checker found no legal order for</title><path d=\"M");
            Html.number(svg, AXIS_WIDTH - 2);
            svg.append(',');
            Html.number(svg, highlightTop);
            svg.append("h-5V");
            Html.number(svg, highlightBottom);
            svg.append("h5\"/></g>");
        }
    }

    private String opDescription(ClientOp op, boolean highlighted) {
        StringBuilder text = new StringBuilder();
        text.append("op ").append(op.id()).append(" on ").append(op.client()).append(": ").append(op.operation())
                .append("\ninvoked at ").append(Html.ms(op.invokedAt())).append(" ms");
        if (op.outcome() == null) {
            text.append("\nno answer by the end of the run: unknown, it may take effect at any later time");
        } else {
            text.append("\n").append(op.outcome()).append(" at ").append(Html.ms(op.completedAt())).append(" ms");
            if (op.result() != null) {
                text.append(", result ").append(Html.shorten(op.result(), 200));
            }
            if (outcomeClass(op.outcome()).equals("unknown")) {
                text.append("\nthe client gave up: the operation may still take effect at any later time");
            }
        }
        if (highlighted) {
            text.append("\nHIGHLIGHTED: part of the smallest history the checker could not linearize");
        }
        return text.toString();
    }

    private static String outcomeText(ClientOp op) {
        if (op.outcome() == null) {
            return "unknown";
        }
        String outcome = op.outcome().toLowerCase(Locale.ROOT);
        return op.result() == null ? outcome : outcome + ": " + Html.shorten(op.result(), 12);
    }

    /** ok, fail or unknown: the CSS class, and so the colour, of an operation's bar. */
    private static String outcomeClass(String outcome) {
        if (outcome == null) {
            return "unknown";
        }
        String lower = outcome.toLowerCase(Locale.ROOT);
        return lower.equals("ok") || lower.equals("fail") ? lower : "unknown";
    }

    private void drawMessages() {
        for (TraceEvent event : drawn()) {
            if (event instanceof Delivered e) {
                Long copied = copiedAt.get(e.messageId());
                boolean copy = copied != null && !sentAt.containsKey(e.messageId());
                long sent = copy ? copied : sentAt.getOrDefault(e.messageId(), e.time());
                arrow(e, sent, copy);
            } else if (event instanceof Dropped e) {
                drop(e);
            } else if (event instanceof Sent e && !settled.contains(e.messageId())) {
                inFlight(e);
            }
        }
    }

    private void arrow(Delivered message, long sent, boolean copy) {
        arrows++;
        double x1 = x(message.from());
        double y1 = axis.y(sent);
        double x2 = x(message.to());
        double y2 = axis.y(message.time());
        boolean clipped = sent < axis.first();
        svg.append("<g class=\"msg").append(copy ? " copy" : "").append(clipped ? " clipped" : "").append("\"><title>");
        Html.escape(svg, "m" + message.messageId() + " " + message.from() + " → " + message.to()
                + (copy ? " (a duplicate made by the network)" : "")
                + "\nsent " + Html.ms(sent) + " ms, delivered " + Html.ms(message.time()) + " ms\n"
                + Html.shorten(message.message(), TraceHtml.MAX_TEXT));
        svg.append("</title>");
        String path = message.from().equals(message.to())
                ? loop(x1, y1, y2)
                : "M" + coordinate(x1) + "," + coordinate(y1) + "L" + coordinate(x2) + "," + coordinate(y2);
        svg.append("<path class=\"hit\" d=\"").append(path).append("\"/>");
        svg.append("<path class=\"line\" marker-end=\"url(#head)\" d=\"").append(path).append("\"/>");
        svg.append("<text class=\"msg-label\"");
        attr(svg, "x", x1 == x2 ? x1 + 30 : (x1 + x2) / 2);
        attr(svg, "y", (y1 + y2) / 2 - 3);
        svg.append('>');
        Html.escape(svg, shortName(message.message()));
        svg.append("</text></g>");
    }

    /** A message a node sends to itself: a small loop to the right of its lane. */
    private static String loop(double x, double y1, double y2) {
        double bottom = Math.max(y2, y1 + 10);
        return "M" + coordinate(x) + "," + coordinate(y1) + "C" + coordinate(x + 40) + "," + coordinate(y1)
                + " " + coordinate(x + 40) + "," + coordinate(bottom) + " " + coordinate(x) + "," + coordinate(bottom);
    }

    /** A lost message: a line from its sender that stops with a cross part of the way to its receiver. */
    private void drop(Dropped message) {
        long sent = sentAt.getOrDefault(message.messageId(), copiedAt.getOrDefault(message.messageId(), message.time()));
        double x1 = x(message.from());
        double y1 = axis.y(sent);
        double x2 = message.from().equals(message.to())
                ? x1 + 30
                : x1 + (x(message.to()) - x1) * 0.55;
        double y2 = axis.y(message.time());
        svg.append("<g class=\"drop\"><title>");
        Html.escape(svg, "m" + message.messageId() + " " + message.from() + " → " + message.to() + " DROPPED at "
                + Html.ms(message.time()) + " ms (sent " + Html.ms(sent) + " ms): " + message.reason());
        svg.append("</title><path class=\"hit\" d=\"M").append(coordinate(x1)).append(',').append(coordinate(y1))
                .append('L').append(coordinate(x2)).append(',').append(coordinate(y2)).append("\"/>");
        svg.append("<path class=\"line\" d=\"M").append(coordinate(x1)).append(',').append(coordinate(y1))
                .append('L').append(coordinate(x2)).append(',').append(coordinate(y2))
                .append("M").append(coordinate(x2 - 5)).append(',').append(coordinate(y2 - 5))
                .append("l10,10m0,-10l-10,10\"/></g>");
    }

    /** A message sent but neither delivered nor dropped when the run ended. */
    private void inFlight(Sent message) {
        double x1 = x(message.from());
        double y1 = axis.y(message.time());
        double x2 = x1 + (x(message.to()) - x1) * 0.3 + (message.from().equals(message.to()) ? 20 : 0);
        svg.append("<g class=\"msg in-flight\"><title>");
        Html.escape(svg, "m" + message.messageId() + " " + message.from() + " → " + message.to() + " sent "
                + Html.ms(message.time()) + " ms, still in flight when the run ended\n"
                + Html.shorten(message.message(), TraceHtml.MAX_TEXT));
        svg.append("</title><path class=\"line\" d=\"M").append(coordinate(x1)).append(',').append(coordinate(y1))
                .append('L').append(coordinate(x2)).append(',').append(coordinate(y1 + 8)).append("\"/></g>");
    }

    private void drawNodeMarks() {
        for (TraceEvent event : drawn()) {
            if (event instanceof Crashed e) {
                bar(e.node(), e.time(), "crash", "crash", e.node() + " crashed at " + Html.ms(e.time())
                        + " ms: its memory and every unforced byte of its disk are gone");
            } else if (event instanceof Restarted e) {
                bar(e.node(), e.time(), "restart", "restart", e.node() + " restarted from its disk at "
                        + Html.ms(e.time()) + " ms");
            } else if (event instanceof Paused e) {
                bar(e.node(), e.time(), "paused", "pause", e.node() + " paused at " + Html.ms(e.time())
                        + " ms (handles no events: think of a long GC pause)");
            } else if (event instanceof Resumed e) {
                bar(e.node(), e.time(), "resumed", "pause", e.node() + " resumed at " + Html.ms(e.time()) + " ms");
            } else if (event instanceof Held e) {
                dot(e.from(), e.time(), "held", 9, 3.5, "m" + e.messageId() + " " + e.from() + " → " + e.to()
                        + " held at " + Html.ms(e.time()) + " ms by the test's " + e.by());
            } else if (event instanceof Released e) {
                dot(e.from(), e.time(), "released", 9, 3.5, "m" + e.messageId() + " " + e.from() + " → " + e.to()
                        + " released at " + Html.ms(e.time()) + " ms by the test's " + e.by());
            } else if (event instanceof TimerFired e) {
                dot(e.node(), e.time(), "timer", 0, 3.5, "timer " + e.label() + " fired on " + e.node() + " at "
                        + Html.ms(e.time()) + " ms");
            } else if (event instanceof Note e) {
                boolean onLane = e.node() != null && laneIndex.containsKey(e.node());
                dot(onLane ? e.node() : null, e.time(), "note", onLane ? -9 : 0, 3,
                        (onLane ? e.node() + " " : "") + "note at " + Html.ms(e.time()) + " ms: "
                                + Html.shorten(e.text(), TraceHtml.MAX_TEXT));
            }
        }
    }

    /** A crash, restart, pause or resume: a short bar across the lane with a word beside it. */
    private void bar(String node, long time, String word, String cssClass, String description) {
        double x = x(node);
        double y = axis.y(time);
        svg.append("<g class=\"mark ").append(cssClass).append("\"><title>");
        Html.escape(svg, description);
        svg.append("</title><rect");
        attr(svg, "x", x - 14);
        attr(svg, "y", y - 3);
        attr(svg, "width", 28);
        attr(svg, "height", 6);
        svg.append("/><text");
        attr(svg, "x", x - 17);
        attr(svg, "y", y + 4);
        svg.append('>').append(word).append("</text></g>");
    }

    /** A timer or a note: a small circle on (or beside) the lane; {@code node} null puts it by the axis. */
    private void dot(String node, long time, String cssClass, double offset, double radius, String description) {
        svg.append("<circle class=\"").append(cssClass).append('"');
        attr(svg, "cx", node == null ? AXIS_WIDTH - 2 : x(node) + offset);
        attr(svg, "cy", axis.y(time));
        attr(svg, "r", radius);
        svg.append("><title>");
        Html.escape(svg, description);
        svg.append("</title></circle>");
    }

    private void drawViolations() {
        for (TraceEvent event : drawn()) {
            if (event instanceof InvariantViolated e) {
                double y = axis.y(e.time());
                svg.append("<g class=\"violation\"><title>");
                Html.escape(svg, "invariant violated at " + Html.ms(e.time()) + " ms: " + e.invariant() + "\n"
                        + e.explanation());
                svg.append("</title><line");
                attr(svg, "x1", 4);
                attr(svg, "y1", y);
                attr(svg, "x2", width - RIGHT_MARGIN);
                attr(svg, "y2", y);
                svg.append("/><text");
                attr(svg, "x", AXIS_WIDTH + 6);
                attr(svg, "y", y + 16);
                svg.append(">✖ ");
                Html.escape(svg, Html.shorten("invariant violated at " + Html.ms(e.time()) + " ms: " + e.invariant(), 100));
                svg.append("</text></g>");
            }
        }
    }

    // ---- small helpers --------------------------------------------------------------------------

    private List<TraceEvent> drawn() {
        return trace.events().subList(first, end);
    }

    private boolean overlapsWindow(long from, long to) {
        return end > first && from <= axis.last() && to >= axis.first();
    }

    private double x(String lane) {
        Integer index = lane == null ? null : laneIndex.get(lane);
        return index == null ? AXIS_WIDTH - 2 : AXIS_WIDTH + laneWidth * (index + 0.5);
    }

    /** "AppendEntries[term=3, ...]" is labelled "AppendEntries": the record's name says most. */
    static String shortName(String message) {
        if (message == null) {
            return "";
        }
        int cut = 0;
        while (cut < message.length() && "[({ ,:".indexOf(message.charAt(cut)) < 0) {
            cut++;
        }
        return Html.shorten(cut == 0 ? message : message.substring(0, cut), 18);
    }

    private static String coordinate(double value) {
        StringBuilder out = new StringBuilder();
        Html.number(out, value);
        return out.toString();
    }

    private static void attr(StringBuilder out, String name, double value) {
        out.append(' ').append(name).append("=\"");
        Html.number(out, value);
        out.append('"');
    }

    private static void size(StringBuilder out, double width, double height) {
        attr(out, "width", width);
        attr(out, "height", height);
        out.append(" viewBox=\"0 0 ");
        Html.number(out, width);
        out.append(' ');
        Html.number(out, height);
        out.append('"');
    }
}
