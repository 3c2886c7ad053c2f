package dev.kata.runtime.testing;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;

/** Runs a {@link RandomizedTest} once per seed and names the seed, and how to replay it, on failure. */
public final class SeedExtension implements TestTemplateInvocationContextProvider {

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getRequiredTestMethod().isAnnotationPresent(RandomizedTest.class);
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        RandomizedTest annotation = context.getRequiredTestMethod().getAnnotation(RandomizedTest.class);
        return seeds(annotation.seeds()).mapToObj(SeedInvocation::new);
    }

    static LongStream seeds(int defaultCount) {
        String single = System.getProperty("kata.seed");
        if (single != null && !single.isBlank()) {
            return LongStream.of(Long.parseLong(single.trim()));
        }
        int count = Integer.getInteger("kata.seeds", defaultCount);
        String startProperty = System.getProperty("kata.seedStart", "1").trim();
        long start = startProperty.equals("random")
                ? ThreadLocalRandom.current().nextLong(1, 1_000_000_000L)
                : Long.parseLong(startProperty);
        return LongStream.range(start, start + count);
    }

    /** The command that runs one test method with one seed, in the learner's vocabulary. */
    static String replayCommand(ExtensionContext context, long seed) {
        return replayCommand(context) + " --seed " + seed;
    }

    /** The command that runs one test method again. */
    static String replayCommand(ExtensionContext context) {
        String module = System.getProperty("kata.module", "");
        if (module.isBlank()) { // run from an IDE: the module is where the test class was compiled
            return replayCommand(context, KataModules.kataTarget(context.getRequiredTestClass()));
        }
        return replayCommand(context, KataModules.kataTarget(module));
    }

    private static String replayCommand(ExtensionContext context, String target) {
        // A nested test class is Outer$Inner: Surefire selects it by that binary name.
        String selector = context.getRequiredTestClass().getName().replaceFirst(".*\\.", "")
                + "#" + context.getRequiredTestMethod().getName();
        // A run on the learner's own earlier modules (./kata --own) replays on them too.
        String own = System.getProperty("kata.own") != null ? "--own " : "";
        return "./kata " + own + "test " + target + " --test '" + selector + "'";
    }

    private static final class SeedInvocation implements TestTemplateInvocationContext {
        private final long seed;

        SeedInvocation(long seed) {
            this.seed = seed;
        }

        @Override
        public String getDisplayName(int invocationIndex) {
            return "seed " + seed;
        }

        @Override
        public List<Extension> getAdditionalExtensions() {
            return List.of(new SeedParameter(seed), new SeedFailureHandler(seed));
        }
    }

    private record SeedParameter(long seed) implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            Class<?> type = parameter.getParameter().getType();
            return (type == long.class || type == Long.class) && parameter.getParameter().getName().equals("seed");
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return seed;
        }
    }

    /**
     * How many failing seeds of one randomized test are explained at length: their fault schedules
     * shrunk and their trace pages written (see {@link FailureReport#detailed()}).
     */
    static final int DETAILED_FAILURES = 3;

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SeedExtension.class);

    /** How many seeds of this invocation's test have failed so far. */
    private static AtomicInteger failures(ExtensionContext invocation) {
        // The parent of a seed's invocation is the test method: its store lives as long as the sweep.
        ExtensionContext test = invocation.getParent().orElse(invocation);
        return test.getStore(NAMESPACE).getOrComputeIfAbsent("failures", key -> new AtomicInteger(), AtomicInteger.class);
    }

    private record SeedFailureHandler(long seed)
            implements TestExecutionExceptionHandler, BeforeEachCallback, AfterEachCallback {

        @Override
        public void beforeEach(ExtensionContext context) {
            // After the FailureReportExtension's: the replay command of a seed names the seed.
            FailureReport.begin(FailureReportExtension.testName(context), replayCommand(context, seed), true);
            // A sweep of a broken implementation can fail hundreds of seeds. Shrinking one takes up
            // to a hundred runs and its trace page up to a megabyte: the first few say what is wrong.
            FailureReport.detailed(failures(context).get() < DETAILED_FAILURES);
        }

        @Override
        public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
            if (failure instanceof org.opentest4j.TestAbortedException) {
                throw failure;
            }
            StringBuilder message = new StringBuilder();
            message.append(Optional.ofNullable(failure.getMessage()).orElse(failure.toString()).strip());
            message.append("\n\n  seed:   ").append(seed);
            failures(context).incrementAndGet();
            // The mutation check fails tests on purpose, thousands of times: no trace pages for it.
            List<String> report = Boolean.getBoolean("kata.mutation") ? List.of()
                    : FailureReport.collect(replayCommand(context, seed), failure);
            FailureReport.clear();
            for (String line : report) {
                message.append("\n  ").append(line);
            }
            message.append("\n  replay: ").append(replayCommand(context, seed));
            AssertionError withSeed = new AssertionError(message.toString(), failure);
            withSeed.setStackTrace(failure.getStackTrace());
            throw withSeed;
        }

        @Override
        public void afterEach(ExtensionContext context) {
            FailureReport.clear();
            FailureReport.detailed(true);
        }
    }
}
