package dev.kata.runtime.trace;

import java.nio.file.Path;

/**
 * Writes sample trace pages, so a person can open one and see what a failing test leaves behind:
 * {@code java -cp target/classes:target/test-classes dev.kata.runtime.trace.TraceHtmlDemo [directory]}
 * (from {@code 00-runtime}, after {@code ./mvnw -pl 00-runtime test-compile}), or run it from the IDE.
 */
public final class TraceHtmlDemo {

    private TraceHtmlDemo() {
    }

    public static void main(String[] args) {
        Path directory = Path.of(args.length > 0 ? args[0] : System.getProperty("kata.traces.dir", "target/kata-traces"));
        for (Path page : new Path[] {
                TraceHtml.write(SampleTraces.staleRead(), directory, "demo-stale-read"),
                TraceHtml.write(SampleTraces.splitBrain(), directory, "demo-split-brain"),
                TraceHtml.write(SampleTraces.large(50_000), directory, "demo-50000-events")}) {
            System.out.println(page.toAbsolutePath().toUri());
        }
    }
}
