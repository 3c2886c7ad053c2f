package dev.kata.runtime.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.runtime.trace.TraceEvent.ClientCompleted;
import dev.kata.runtime.trace.TraceEvent.ClientInvoked;
import dev.kata.runtime.trace.TraceEvent.Delivered;
import dev.kata.runtime.trace.TraceEvent.Dropped;
import dev.kata.runtime.trace.TraceEvent.InvariantViolated;
import dev.kata.runtime.trace.TraceEvent.Note;
import dev.kata.runtime.trace.TraceEvent.Sent;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

@DisplayName("The trace page")
class TraceHtmlTest {

    private static final Trace STALE_READ = SampleTraces.staleRead();
    private static final String PAGE = TraceHtml.render(STALE_READ);

    @Nested
    @DisplayName("for a small run")
    class SmallRun {

        @Test
        @DisplayName("shows the title, the seed, the replay command and the summary")
        void header() {
            assertThat(PAGE)
                    .startsWith("<!DOCTYPE html>")
                    .contains("<h1>Linearizable reads › a deposed leader never serves a stale read</h1>")
                    .contains("seed <b>42</b>")
                    .contains("<code>./kata test 05 --test &#39;LinearizableReadTest#staleLeaderRead&#39; --seed 42</code>")
                    .contains("History is not linearizable for key x:");
        }

        @Test
        @DisplayName("draws one lane per node, in the trace's order, clients marked as clients")
        void lanes() {
            assertThat(count(PAGE, "<line class=\"lane\"")).isEqualTo(3);
            assertThat(count(PAGE, "<line class=\"lane client\"")).isEqualTo(2);
            assertThat(PAGE.indexOf("data-lane=\"n1\"")).isLessThan(PAGE.indexOf("data-lane=\"n2\""));
            assertThat(PAGE.indexOf("data-lane=\"n3\"")).isLessThan(PAGE.indexOf("data-lane=\"c1\""));
            assertThat(PAGE).contains("<g class=\"lane-name client\" data-lane=\"c2\"");
        }

        @Test
        @DisplayName("draws an arrow for every delivered message and a cross for every dropped one")
        void messages() {
            assertThat(count(PAGE, "marker-end=\"url(#head)\"")).isEqualTo(countEvents(STALE_READ, Delivered.class));
            assertThat(count(PAGE, "<g class=\"drop\">")).isEqualTo(countEvents(STALE_READ, Dropped.class));
            assertThat(PAGE)
                    .as("a message's text on hover, its name on the arrow")
                    .contains("<title>m13 c2 → n2\nsent 48.000 ms, delivered 50.000 ms\n"
                            + "Put[key=x, value=2, client=c2, seq=1]</title>")
                    .contains(">Put</text>")
                    .contains("<g class=\"msg copy\">")
                    .contains("<g class=\"msg in-flight\">");
        }

        @Test
        @DisplayName("draws client operations as bars coloured by outcome, unknown ones open-ended")
        void operations() {
            assertThat(PAGE)
                    .contains("<g class=\"op ok\"><title>op 0 on c1: write(x, 1)")
                    .contains("<g class=\"op fail\"><title>op 4 on c2: write(y, 7)")
                    .contains("<g class=\"op unknown\"><title>op 3 on c2: cas(x, 2 -&gt; 3)")
                    .contains(">cas(x, 2 -&gt; 3) unknown</text>")
                    .contains("<path class=\"tail\"")
                    .contains("<g class=\"op unknown\"><title>op 5 on c1: read(y)\ninvoked at 100.000 ms\n"
                            + "no answer by the end of the run");
        }

        @Test
        @DisplayName("draws the checker's highlighted operations prominently")
        void highlighted() {
            assertThat(count(PAGE, "<g class=\"op ok hl\">")).isEqualTo(2);
            assertThat(PAGE)
                    .contains(">⚠ write(x, 2) ok</text>")
                    .contains(">⚠ read(x) ok: 1</text>")
                    .contains("<g class=\"hl-bracket\">");
            assertThat(count(PAGE, "<tr class=\"hl\">")).as("invoke and complete of both").isEqualTo(4);
        }

        @Test
        @DisplayName("marks crashes, restarts, pauses and partition changes")
        void nodeMarks() {
            assertThat(PAGE)
                    .contains("<g class=\"mark crash\">")
                    .contains("<g class=\"mark restart\">")
                    .contains("<rect class=\"down-span\"")
                    .contains("<rect class=\"pause-span\"")
                    .contains(">partition {n1, c1} | {n2, n3, c2}</text>")
                    .contains(">partition healed: one partition</text>")
                    .contains("<circle class=\"timer\"")
                    .contains("<circle class=\"note\"");
        }

        @Test
        @DisplayName("lists every event in the table")
        void table() {
            assertThat(count(PAGE, "\n<tr")).isEqualTo(STALE_READ.events().size());
            assertThat(PAGE).contains("<tr class=\"drop\"><td>27<td>24.000<td>n1 → n2<td>drop<td>m9 partition\n");
        }

        @Test
        @DisplayName("draws well-formed SVG (every text escaped, every element closed)")
        void wellFormedSvg() throws Exception {
            Document svg = parseXml(between(PAGE, "<svg id=\"diagram\"", "</svg>"));
            assertThat(svg.getDocumentElement().getElementsByTagName("g").getLength()).isGreaterThan(30);
            parseXml(between(PAGE, "<svg class=\"lane-names\"", "</svg>"));
        }

        @Test
        @DisplayName("gives the same bytes for the same trace")
        void deterministic() {
            assertThat(TraceHtml.render(SampleTraces.staleRead())).isEqualTo(PAGE);
        }
    }

    @Test
    @DisplayName("escapes < & \" and ' in every text it shows")
    void escapes() {
        String nasty = "<script>alert(\"x\")</script> & 'more'";
        Trace trace = new Trace("title " + nasty, 1, List.of("n1", "n2"), List.of(
                new Sent(1, 1, "n1", "n2", nasty, 10),
                new Delivered(2, 1, "n1", "n2", nasty),
                new Note(3, "n2", nasty),
                new ClientInvoked(4, "c<1>", 0, nasty),
                new ClientCompleted(5, "c<1>", 0, "ok", nasty),
                new InvariantViolated(6, nasty, nasty)), Set.of(0L), List.of(nasty));

        String page = TraceHtml.render(trace);

        assertThat(page).doesNotContain("<script>alert").doesNotContain("c<1>");
        assertThat(page).contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;more&#39;");
        assertThat(count(page, "<script>")).as("only the page's own script").isEqualTo(1);
    }

    @Test
    @DisplayName("writes text that is not valid UTF-16 (control characters, half an emoji) as U+FFFD")
    void brokenText(@TempDir Path temporary) throws Exception {
        String broken = "bell\u0007 half an emoji \uD83D, a whole one \uD83D\uDE00";
        Trace trace = new Trace("broken", 1, List.of("n1"), List.of(new Note(1, "n1", broken)), Set.of(), List.of());

        Path page = TraceHtml.write(trace, temporary, "broken");

        assertThat(Files.readString(page, StandardCharsets.UTF_8))
                .contains("bell\uFFFD half an emoji \uFFFD, a whole one \uD83D\uDE00");
    }

    @Test
    @DisplayName("marks a violated invariant in red, in the drawing and in the table")
    void invariant() {
        String page = TraceHtml.render(SampleTraces.splitBrain());

        assertThat(page)
                .contains("<g class=\"violation\"><title>invariant violated at 15.000 ms: at most one leader per term\n"
                        + "n1 and n2 both lead term 2</title>")
                .contains("✖ invariant violated at 15.000 ms: at most one leader per term</text>")
                .contains("<tr class=\"violation\">");
    }

    @Test
    @DisplayName("renders an empty trace")
    void empty() throws Exception {
        String page = TraceHtml.render(new Trace("nothing happened", 3, List.of(), List.of(), Set.of(), List.of()));

        assertThat(page).contains("seed <b>3</b>").contains("No events were recorded.").endsWith("</html>\n");
        parseXml(between(page, "<svg id=\"diagram\"", "</svg>"));
    }

    @Test
    @DisplayName("draws at most 2,000 events of a 50,000-event run, around the failure, and lists them all")
    void large() {
        Trace trace = SampleTraces.large(50_000);

        String page = TraceHtml.render(trace);

        assertThat(page.getBytes(StandardCharsets.UTF_8).length).as("bytes").isLessThan(8_000_000);
        assertThat(count(page, "\n<tr")).isEqualTo(trace.events().size());
        assertThat(count(page, "<g class=\"msg") + count(page, "<g class=\"drop\">"))
                .isLessThanOrEqualTo(SpaceTimeDiagram.MAX_DRAWN_EVENTS);
        assertThat(page).contains("<b>Showing events ").contains(" are left out of the drawing");
        assertThat(page).as("the highlighted operation is in the window").containsPattern("<g class=\"op \\w+ hl\">");
        assertThat(page).as("too many arrows to label by default").contains("id=\"show-labels\">");
    }

    @Test
    @DisplayName("draws the window of a long run around a violated invariant")
    void windowAroundViolation() {
        List<TraceEvent> events = new ArrayList<>(SampleTraces.large(6_000).events());
        events.add(3_000, new InvariantViolated(events.get(2_999).time(), "lease holders never overlap", "n3 and n4"));
        Trace trace = new Trace("violation in the middle", 5, List.of("n1"), events, Set.of(), List.of());

        int[] window = SpaceTimeDiagram.window(trace);

        assertThat(window[0]).isLessThanOrEqualTo(3_000);
        assertThat(window[1]).isGreaterThan(3_000);
        assertThat(window[1] - window[0]).isEqualTo(SpaceTimeDiagram.MAX_DRAWN_EVENTS);
        assertThat(TraceHtml.render(trace)).contains("<g class=\"violation\">");
    }

    @Test
    @DisplayName("write creates the directory, makes the stem safe for a file name and returns the path")
    void write(@TempDir Path temporary) throws Exception {
        Path directory = temporary.resolve("target/kata-traces");

        Path page = TraceHtml.write(STALE_READ, directory, "LinearizableReadTest#stale read [seed 42]");

        assertThat(page).isEqualTo(directory.resolve("LinearizableReadTest_stale_read__seed_42_.html"));
        assertThat(Files.readString(page, StandardCharsets.UTF_8)).isEqualTo(PAGE);
    }

    // ---- helpers --------------------------------------------------------------------------------

    static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }

    private static long countEvents(Trace trace, Class<? extends TraceEvent> type) {
        return trace.events().stream().filter(type::isInstance).count();
    }

    private static String between(String text, String start, String end) {
        int from = text.indexOf(start);
        assertThat(from).as("where " + start + " begins").isNotNegative();
        return text.substring(from, text.indexOf(end, from) + end.length());
    }

    private static Document parseXml(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }
}
