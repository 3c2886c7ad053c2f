package dev.kata.runtime.testing;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * Gives a plain {@code @Test} what {@link RandomizedTest} gives a randomized one: when it fails, the
 * lines its {@link FailureReport} hooks return (the simulation's trace page) and the command that
 * runs it again. Registered for every test through JUnit's extension auto-detection
 * ({@code junit-platform.properties} and {@code META-INF/services} in this jar).
 */
public final class FailureReportExtension implements BeforeEachCallback, TestExecutionExceptionHandler {

    @Override
    public void beforeEach(ExtensionContext context) {
        FailureReport.clear();
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        boolean randomized = context.getTestMethod().map(m -> m.isAnnotationPresent(RandomizedTest.class)).orElse(false);
        if (randomized || failure instanceof org.opentest4j.TestAbortedException || Boolean.getBoolean("kata.mutation")) {
            throw failure; // the seed extension reports randomized tests itself
        }
        List<String> report = FailureReport.collect(SeedExtension.replayCommand(context));
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
}
