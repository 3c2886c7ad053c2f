package dev.kata.runtime.testing;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Gives a plain {@code @Test} what {@link RandomizedTest} gives a randomized one: when it fails, the
 * lines its {@link FailureReport} hooks return (the simulation's seed and trace page) and the command
 * that runs it again. For every test, passing or not, it tells {@link FailureReport} the test's name
 * and replay command (a trace page shows them), and publishes a report entry {@code trace} for each
 * page a passing test wrote (a test that shows a counterexample), which {@code ./kata test} prints.
 * Registered for every test through JUnit's extension auto-detection ({@code junit-platform.properties}
 * and {@code META-INF/services} in this jar).
 */
public final class FailureReportExtension implements BeforeEachCallback, AfterEachCallback,
        TestExecutionExceptionHandler {

    /** The key of the report entry that gives the path of a trace page a test wrote. */
    public static final String TRACE_ENTRY = "trace";

    @Override
    public void beforeEach(ExtensionContext context) {
        // The hooks are not cleared here: a simulation built in a field of the test class registered
        // its hook when JUnit made the instance, before this. The hooks of a test end with it.
        FailureReport.begin(testName(context), SeedExtension.replayCommand(context), false);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (context.getExecutionException().isEmpty()) {
            for (Path page : FailureReport.takePagesWritten()) {
                context.publishReportEntry(TRACE_ENTRY, page.toAbsolutePath().normalize().toString());
            }
        }
        FailureReport.end();
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        boolean randomized = context.getTestMethod().map(m -> m.isAnnotationPresent(RandomizedTest.class)).orElse(false);
        if (randomized || failure instanceof org.opentest4j.TestAbortedException || Boolean.getBoolean("kata.mutation")) {
            throw failure; // the seed extension reports randomized tests itself
        }
        List<String> report = FailureReport.collect(SeedExtension.replayCommand(context), failure);
        if (report.isEmpty()) {
            throw failure;
        }
        StringBuilder message = new StringBuilder(Optional.ofNullable(failure.getMessage()).orElse(failure.toString()).strip());
        message.append('\n');
        for (String line : report) {
            message.append("\n  ").append(line);
        }
        message.append("\n  replay: ").append(SeedExtension.replayCommand(context));
        AssertionError withReport = new AssertionError(message.toString(), failure);
        withReport.setStackTrace(failure.getStackTrace());
        throw withReport;
    }

    /** "Class-method", as a trace page's file is named: a nested class goes by its outer class. */
    static String testName(ExtensionContext context) {
        String name = context.getRequiredTestClass().getName().replaceFirst(".*\\.", "");
        int nested = name.indexOf('$');
        return (nested < 0 ? name : name.substring(0, nested)) + "-" + context.getRequiredTestMethod().getName();
    }
}
