package dev.kata.tool.runner;

import java.io.BufferedReader;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.PostDiscoveryFilter;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The fast path's test JVM: runs a module's tests on the JUnit Platform the way Surefire does, and
 * can stay up to run them again (./kata watch). ./kata compiles this class apart, against the
 * module's test classpath (it is not part of the kata command's own classes), and starts it with
 * the third-party jars of that classpath; the module's directories (its classes, the runtime's,
 * an earlier module's) come with each request, in a class loader of their own, so that every run
 * loads the code as it is now, and the runtime's static state starts afresh.
 *
 * <p>The protocol, on standard input, one request after another:
 *
 * <pre>
 * run
 * dirs=PATH{:PATH}              the module's directories, in Surefire's classpath order
 * class=NAME                    a test class to select (one line each)
 * tags=EXPRESSION               Surefire's groups (optional)
 * exclude=EXPRESSION            Surefire's excludedGroups (optional)
 * method=CLASS#METHOD           Surefire's -Dtest=Class#method (optional)
 * property=NAME=VALUE           a system property for this run (one line each)
 * (an empty line)
 * </pre>
 *
 * <p>It answers "done" on standard output when the run is over; the tests' own output goes to
 * {@code output=FILE} if given, else nowhere, so that it cannot mix with the answer.
 */
public final class PlatformRunner {

    private PlatformRunner() {
    }

    public static void main(String[] args) throws IOException {
        PrintStream answers = new PrintStream(new FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        // Load the launcher and its engines while ./kata compiles: the first run then starts at once.
        LauncherFactory.create();
        answers.println("ready");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        Map<String, String> original = new HashMap<>();
        for (String line; (line = in.readLine()) != null; ) {
            if (!line.equals("run")) {
                continue;
            }
            Request request = new Request();
            for (String field; (field = in.readLine()) != null && !field.isEmpty(); ) {
                request.add(field);
            }
            try {
                run(request, original);
                answers.println("done");
            } catch (Throwable t) {
                answers.println("failed " + t.toString().replace('\n', ' '));
            }
        }
    }

    /** One request: what to load, what to select, with which properties. */
    static final class Request {
        final List<Path> dirs = new ArrayList<>();
        final List<String> classes = new ArrayList<>();
        final Map<String, String> properties = new HashMap<>();
        String tags;
        String exclude;
        String method;
        String output;

        void add(String field) {
            int eq = field.indexOf('=');
            String key = field.substring(0, eq);
            String value = field.substring(eq + 1);
            switch (key) {
                case "dirs" -> {
                    for (String dir : value.split(Pattern.quote(File.pathSeparator))) {
                        dirs.add(Path.of(dir));
                    }
                }
                case "class" -> classes.add(value);
                case "tags" -> tags = value;
                case "exclude" -> exclude = value;
                case "method" -> method = value;
                case "output" -> output = value;
                case "property" -> {
                    int split = value.indexOf('=');
                    properties.put(value.substring(0, split), value.substring(split + 1));
                }
                default -> throw new IllegalArgumentException("unknown field " + key);
            }
        }
    }

    private static void run(Request request, Map<String, String> original) throws Exception {
        // A property set by the last run and not by this one goes back to what it was.
        for (Map.Entry<String, String> e : original.entrySet()) {
            if (e.getValue() == null) {
                System.clearProperty(e.getKey());
            } else {
                System.setProperty(e.getKey(), e.getValue());
            }
        }
        original.clear();
        for (Map.Entry<String, String> e : request.properties.entrySet()) {
            original.put(e.getKey(), System.getProperty(e.getKey()));
            System.setProperty(e.getKey(), e.getValue());
        }
        URL[] urls = request.dirs.stream().map(PlatformRunner::url).toArray(URL[]::new);
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        PrintStream out = System.out;
        PrintStream err = System.err;
        PrintStream sink = request.output == null ? new PrintStream(OutputStream.nullOutputStream())
                : new PrintStream(new FileOutputStream(request.output), true, StandardCharsets.UTF_8);
        try (URLClassLoader loader = new URLClassLoader(urls, PlatformRunner.class.getClassLoader())) {
            Thread.currentThread().setContextClassLoader(loader);
            System.setOut(sink);
            System.setErr(sink);
            List<DiscoverySelector> selectors = new ArrayList<>();
            for (String name : request.classes) {
                selectors.add(DiscoverySelectors.selectClass(Class.forName(name, false, loader)));
            }
            LauncherDiscoveryRequestBuilder builder = LauncherDiscoveryRequestBuilder.request().selectors(selectors);
            if (request.tags != null) {
                builder.filters(TagFilter.includeTags(request.tags));
            }
            if (request.exclude != null) {
                builder.filters(TagFilter.excludeTags(request.exclude));
            }
            if (request.method != null) {
                builder.filters(methodFilter(request.method));
            }
            LauncherDiscoveryRequest discovery = builder.build();
            // A launcher per run: the listeners and extensions it finds (through the context class
            // loader) are this run's, as in a fresh Surefire fork.
            Launcher launcher = LauncherFactory.create();
            launcher.execute(discovery);
        } finally {
            System.setOut(out);
            System.setErr(err);
            sink.close();
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    /**
     * Surefire's -Dtest=Class#method: a test method runs if its class's simple name (a nested
     * class's too, after the last dot) is the class given and its name the method given.
     */
    private static PostDiscoveryFilter methodFilter(String spec) {
        String className = spec.substring(0, spec.indexOf('#'));
        String methodName = spec.substring(spec.indexOf('#') + 1);
        return descriptor -> {
            Optional<MethodSource> source = descriptor.getSource().filter(MethodSource.class::isInstance).map(MethodSource.class::cast);
            if (source.isEmpty()) {
                return FilterResult.included("not a method");
            }
            String simple = source.get().getClassName().substring(source.get().getClassName().lastIndexOf('.') + 1);
            boolean match = simple.equals(className) && source.get().getMethodName().equals(methodName);
            return match ? FilterResult.included("selected") : FilterResult.excluded("not " + spec);
        };
    }

    private static URL url(Path dir) {
        try {
            return dir.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(dir.toString(), e);
        }
    }
}
