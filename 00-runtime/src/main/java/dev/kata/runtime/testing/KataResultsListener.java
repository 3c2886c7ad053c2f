package dev.kata.runtime.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Writes one line per test for {@code ./kata status} and {@code ./kata test}: status, step tag,
 * where the test sits, its name and its failure message. Registered through
 * {@code META-INF/services}, so every module that depends on the runtime reports; it writes
 * nothing unless the build sets {@code kata.results.dir}.
 */
public final class KataResultsListener implements TestExecutionListener {

    private final Path directory = Optional.ofNullable(System.getProperty("kata.results.dir")).map(Paths::get).orElse(null);
    private final List<String> lines = new ArrayList<>();
    private final Map<String, List<String>> traces = new HashMap<>();
    private TestPlan plan;

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
        lines.clear();
    }

    /**
     * Failure-report hooks belong to the test that registered them, and it must not write its trace
     * page into a later test's failure. They are forgotten when the test ends, not when the next one
     * starts: JUnit makes a test's instance (and a simulation in one of its fields, which registers
     * its hook) before it reports the test started.
     */
    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (test.isTest()) {
            FailureReport.end();
        }
        finished(test, result);
    }

    /** Trace pages a test wrote (see {@link FailureReportExtension#TRACE_ENTRY}), by test. */
    @Override
    public void reportingEntryPublished(TestIdentifier test, ReportEntry entry) {
        entry.getKeyValuePairs().forEach((key, value) -> {
            if (key.equals(FailureReportExtension.TRACE_ENTRY)) {
                List<String> pages = traces.computeIfAbsent(test.getUniqueId(), id -> new ArrayList<>());
                if (!pages.contains(value)) {
                    pages.add(value);
                }
            }
        });
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        if (test.isTest()) {
            FailureReport.end(); // JUnit may have made its instance, and a simulation in it, before it decided to skip
            record(test, "SKIPPED", reason);
        }
    }

    private void finished(TestIdentifier test, TestExecutionResult result) {
        List<String> pages = traces.remove(test.getUniqueId());
        boolean failed = result.getStatus() != TestExecutionResult.Status.SUCCESSFUL;
        // A container (a class, a step) only counts when it failed on its own, e.g. in @BeforeAll.
        if (!test.isTest() && !(failed && test.getSource().isPresent())) {
            return;
        }
        // A failure's message names its trace page already; a passing test's pages are its message.
        String message = result.getThrowable().map(KataResultsListener::describe)
                .orElse(pages == null ? "" : pages.stream().map(page -> "trace: " + page).collect(Collectors.joining("\n")));
        record(test, result.getStatus() == TestExecutionResult.Status.SUCCESSFUL ? "PASSED"
                : result.getStatus() == TestExecutionResult.Status.ABORTED ? "SKIPPED" : "FAILED", message);
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        if (directory == null || lines.isEmpty()) {
            return;
        }
        try {
            Files.createDirectories(directory);
            Files.write(directory.resolve("results-" + UUID.randomUUID() + ".tsv"), lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the kata results to " + directory, e);
        }
    }

    private void record(TestIdentifier test, String status, String message) {
        String tags = test.getTags().stream().map(TestTag::getName).sorted().collect(Collectors.joining(","));
        List<String> path = new ArrayList<>();
        Optional<TestIdentifier> parent = plan.getParent(test);
        while (parent.isPresent() && parent.get().getParentId().isPresent()) {
            path.add(0, parent.get().getDisplayName());
            parent = plan.getParent(parent.get());
        }
        lines.add(String.join("\t", status, tags, clean(String.join(" › ", path)), clean(test.getDisplayName()),
                escape(message)));
    }

    /** A failure as a learner should read it: the message, and where the code threw if it was not an assertion. */
    static String describe(Throwable failure) {
        String message = Optional.ofNullable(failure.getMessage()).orElse("");
        if (failure instanceof AssertionError) {
            return message.isBlank() ? failure.toString() : message;
        }
        StackTraceElement at = failure.getStackTrace().length > 0 ? failure.getStackTrace()[0] : null;
        return failure.getClass().getSimpleName() + ": " + message
                + (at != null ? "\n  at " + at.getClassName().replaceFirst(".*\\.", "") + "." + at.getMethodName()
                + "(" + at.getFileName() + ":" + at.getLineNumber() + ")" : "");
    }

    private static String clean(String text) {
        return text.replace('\t', ' ').replace('\n', ' ');
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\r", "").replace("\n", "\\n");
    }
}
