package dev.kata.tool;

import static dev.kata.tool.Kata.ROOT;
import static dev.kata.tool.Kata.files;
import static dev.kata.tool.Kata.read;
import static dev.kata.tool.Kata.write;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The fast path of {@code ./kata test} and {@code ./kata watch}: Maven stays the build of record,
 * and this only repeats, faster, what Maven's last run of the module did.
 *
 * <ul>
 *   <li>After Maven has run a module's tests, {@link #capture} keeps the test classpath Surefire used
 *       (from its XML report), with fingerprints of every POM and of the sources of each module
 *       directory on that classpath (the runtime's classes, an earlier module's).</li>
 *   <li>Next time, if no POM and none of those sources changed, and the module's own source files
 *       are the ones Maven compiled (none added or removed), it compiles with javac only the files
 *       newer than their classes, into Maven's own target/classes and target/test-classes, and runs
 *       the JUnit Platform in one JVM ({@code runner.PlatformRunner}) with Surefire's selection, tag
 *       filter, system properties and listeners, so the board is the same.</li>
 *   <li>Otherwise it says why in one line and Maven runs the tests (and refreshes the cache).</li>
 * </ul>
 */
final class FastPath {

    /** What to run: the module's directory, and the selection as {@code ./kata test} took it. */
    record Selection(Module module, Path dir, boolean own, Integer step, String test, String seed, String seeds) {
    }

    /** A reason the fast path cannot be sure; Maven runs the tests instead. */
    static final class CannotBeSure extends Exception {
        private static final long serialVersionUID = 1L;

        CannotBeSure(String reason) {
            super(reason);
        }
    }

    static final Pattern SIMPLE_TEST = Pattern.compile("([A-Za-z_$][\\w$]*)(?:#([A-Za-z_$][\\w$]*))?");
    static final String RUNNER = "dev.kata.tool.runner.PlatformRunner";
    static final Path RUNNER_SOURCE = ROOT.resolve("tools/src/main/java/dev/kata/tool/runner/PlatformRunner.java");
    static final Path RUNNER_CLASSES = ROOT.resolve("tools/target/kata-runner");

    /**
     * The jars of the test stack the parent POM adds to every module as test dependencies: the
     * module's main code is compiled without them, as Maven compiles it.
     */
    static final List<String> TEST_STACK = List.of("/org/junit/", "/org/assertj/", "/org/mockito/", "/net/bytebuddy/",
            "/org/objenesis/", "/org/awaitility/", "/org/hamcrest/", "/org/opentest4j/", "/org/apiguardian/");

    // ------------------------------------------------------------------------------------------
    // The cache: Surefire's classpath and what it depends on
    // ------------------------------------------------------------------------------------------

    static Path cacheFile(Path dir, boolean own) {
        return dir.resolve("target/kata-fast/classpath-" + (own ? "own" : "reference") + ".txt");
    }

    /**
     * After Maven ran the module's tests: keeps Surefire's test classpath, from the newest XML
     * report written since {@code since} (millis), with the fingerprints that tell when it is stale.
     * Does nothing if no test ran (no report).
     */
    static void capture(Path dir, boolean own, long since) {
        Path reports = dir.resolve("target/surefire-reports");
        if (!Files.isDirectory(reports)) {
            return;
        }
        Path newest = files(reports).stream()
                .filter(f -> f.getFileName().toString().startsWith("TEST-") && f.toString().endsWith(".xml"))
                .filter(f -> f.toFile().lastModified() >= since - 1000)
                .max((a, b) -> Long.compare(a.toFile().lastModified(), b.toFile().lastModified())).orElse(null);
        if (newest == null) {
            return;
        }
        Matcher m = Pattern.compile("name=\"surefire\\.test\\.class\\.path\" value=\"([^\"]*)\"").matcher(read(newest));
        if (!m.find()) {
            return;
        }
        List<Path> classpath = new ArrayList<>();
        for (String entry : unescapeXml(m.group(1)).split(Pattern.quote(File.pathSeparator))) {
            if (!entry.isBlank()) {
                classpath.add(Path.of(entry));
            }
        }
        StringBuilder cache = new StringBuilder();
        cache.append("poms\t").append(pomsFingerprint()).append('\n');
        for (Path entry : classpath) {
            cache.append("classpath\t").append(entry).append('\n');
        }
        for (Path upstream : upstreamModules(dir, classpath)) {
            cache.append("upstream\t").append(upstream).append('\t').append(sourcesFingerprint(upstream)).append('\n');
        }
        write(cacheFile(dir, own), cache.toString());
    }

    /** The cached classpath, if it can still be trusted; otherwise why not. */
    static List<Path> classpath(Path dir, boolean own) throws CannotBeSure {
        Path file = cacheFile(dir, own);
        if (!Files.isRegularFile(file)) {
            throw new CannotBeSure("no Maven run of " + ROOT.relativize(dir) + " to learn its classpath from yet");
        }
        List<Path> classpath = new ArrayList<>();
        String poms = null;
        Map<Path, String> upstream = new LinkedHashMap<>();
        for (String line : read(file).split("\n")) {
            String[] f = line.split("\t");
            switch (f[0]) {
                case "poms" -> poms = f[1];
                case "classpath" -> classpath.add(Path.of(f[1]));
                case "upstream" -> upstream.put(Path.of(f[1]), f[2]);
                default -> { }
            }
        }
        if (!pomsFingerprint().equals(poms)) {
            throw new CannotBeSure("a pom.xml changed since Maven last ran " + ROOT.relativize(dir));
        }
        for (Map.Entry<Path, String> e : upstream.entrySet()) {
            if (!e.getValue().equals(sourcesFingerprint(e.getKey()))) {
                throw new CannotBeSure(ROOT.relativize(e.getKey()) + " changed since Maven last built it");
            }
        }
        for (Path entry : classpath) {
            if (!Files.exists(entry)) {
                throw new CannotBeSure(relative(entry) + " is gone (a clean?)");
            }
        }
        if (classpath.stream().noneMatch(p -> p.getFileName().toString().startsWith("junit-platform-launcher-"))) {
            classpath.add(launcherJar(classpath));
        }
        return classpath;
    }

    /**
     * An exercise does not depend on junit-platform-launcher: Surefire brings its own, of the
     * engine's version. So does the fast path, from beside the engine's jar in the local repository.
     */
    static Path launcherJar(List<Path> classpath) throws CannotBeSure {
        for (Path entry : classpath) {
            String name = entry.getFileName().toString();
            if (name.startsWith("junit-platform-engine-") && name.endsWith(".jar")) {
                String version = name.substring("junit-platform-engine-".length(), name.length() - ".jar".length());
                Path launcher = entry.getParent().getParent().getParent().resolve("junit-platform-launcher")
                        .resolve(version).resolve("junit-platform-launcher-" + version + ".jar");
                if (Files.isRegularFile(launcher)) {
                    return launcher;
                }
                throw new CannotBeSure("no " + launcher.getFileName() + " in the local Maven repository");
            }
        }
        throw new CannotBeSure("no JUnit Platform on the test classpath");
    }

    /** The modules of the repository whose directories are on the classpath, other than {@code dir}. */
    static List<Path> upstreamModules(Path dir, List<Path> classpath) {
        Set<Path> modules = new TreeSet<>();
        for (Path entry : classpath) {
            Path abs = entry.toAbsolutePath().normalize();
            if (abs.startsWith(ROOT) && Files.isDirectory(abs) && abs.getParent() != null
                    && abs.getParent().getFileName().toString().equals("target")) {
                Path module = abs.getParent().getParent();
                if (!module.equals(dir.toAbsolutePath().normalize())) {
                    modules.add(module);
                }
            }
        }
        return List.copyOf(modules);
    }

    /** Every POM of the repository, by content. */
    static String pomsFingerprint() {
        List<Path> poms = new ArrayList<>();
        poms.add(ROOT.resolve("pom.xml"));
        for (Path parent : List.of(ROOT, ROOT.resolve("solutions"))) {
            try (Stream<Path> dirs = Files.list(parent)) {
                dirs.map(d -> d.resolve("pom.xml")).filter(Files::isRegularFile).sorted().forEach(poms::add);
            } catch (IOException e) {
                // no such directory: no POMs there
            }
        }
        MessageDigest digest = sha256();
        for (Path pom : poms) {
            digest.update(ROOT.relativize(pom).toString().getBytes(StandardCharsets.UTF_8));
            digest.update(read(pom).getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest(), 0, 12);
    }

    /** A module's main sources and resources, by name, size and time (no need to read them). */
    static String sourcesFingerprint(Path module) {
        MessageDigest digest = sha256();
        Path main = module.resolve("src/main");
        List<Path> all = new ArrayList<>(Files.isDirectory(main) ? files(main) : List.of());
        all.add(module.resolve("pom.xml"));
        for (Path f : all) {
            File file = f.toFile();
            digest.update((module.relativize(f) + "\t" + file.length() + "\t" + file.lastModified() + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(digest.digest(), 0, 12);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String unescapeXml(String text) {
        return text.replace("&quot;", "\"").replace("&apos;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }

    // ------------------------------------------------------------------------------------------
    // Compiling what changed
    // ------------------------------------------------------------------------------------------

    /** One of the module's two source trees and where Maven compiles it. */
    record Tree(Path sources, Path resources, Path output, Path inputList) {
        static Tree main(Path dir) {
            return new Tree(dir.resolve("src/main/java"), dir.resolve("src/main/resources"), dir.resolve("target/classes"),
                    dir.resolve("target/maven-status/maven-compiler-plugin/compile/default-compile/inputFiles.lst"));
        }

        static Tree test(Path dir) {
            return new Tree(dir.resolve("src/test/java"), dir.resolve("src/test/resources"), dir.resolve("target/test-classes"),
                    dir.resolve("target/maven-status/maven-compiler-plugin/testCompile/default-testCompile/inputFiles.lst"));
        }

        List<Path> javaFiles() {
            return Files.isDirectory(sources) ? files(sources).stream().filter(f -> f.toString().endsWith(".java")).toList()
                    : List.of();
        }

        /** Sources newer than their class (or without one). */
        List<Path> stale() {
            List<Path> stale = new ArrayList<>();
            for (Path source : javaFiles()) {
                String relative = sources.relativize(source).toString();
                Path compiled = output.resolve(relative.substring(0, relative.length() - ".java".length()) + ".class");
                if (!Files.exists(compiled) || source.toFile().lastModified() > compiled.toFile().lastModified()) {
                    stale.add(source);
                }
            }
            return stale;
        }

        /** The API of the classes compiled from these sources (a nested class's too), by class file. */
        Map<String, String> api(List<Path> javaSources) {
            Map<String, String> api = new java.util.TreeMap<>();
            for (Path source : javaSources) {
                String relative = sources.relativize(source).toString();
                Path packageDir = output.resolve(relative).getParent();
                String name = source.getFileName().toString().replaceFirst("\\.java$", "");
                if (!Files.isDirectory(packageDir)) {
                    continue;
                }
                try (Stream<Path> list = Files.list(packageDir)) {
                    for (Path f : list.toList()) {
                        String file = f.getFileName().toString();
                        if (file.equals(name + ".class") || (file.startsWith(name + "$") && file.endsWith(".class"))) {
                            api.put(file, ClassApi.of(f));
                        }
                    }
                } catch (IOException e) {
                    api.put(name, "unreadable");
                }
            }
            return api;
        }

        /** Maven compiled exactly these files last time: none added or removed since. */
        void requireSameFiles() throws CannotBeSure {
            if (!Files.isRegularFile(inputList)) {
                throw new CannotBeSure("Maven has not compiled " + ROOT.relativize(sources) + " yet");
            }
            Set<String> compiled = read(inputList).lines().filter(l -> !l.isBlank())
                    .map(l -> Path.of(l).toAbsolutePath().normalize().toString()).collect(Collectors.toCollection(TreeSet::new));
            Set<String> now = javaFiles().stream().map(p -> p.toAbsolutePath().normalize().toString())
                    .collect(Collectors.toCollection(TreeSet::new));
            if (!compiled.equals(now)) {
                throw new CannotBeSure("a source file of " + ROOT.relativize(sources) + " was added or removed since Maven compiled it");
            }
        }

        /** Copies the resources newer than their copy, as Maven's resources plugin would (no filtering here). */
        void copyResources() {
            if (!Files.isDirectory(resources)) {
                return;
            }
            for (Path resource : files(resources)) {
                Path target = output.resolve(resources.relativize(resource).toString());
                if (!Files.exists(target) || resource.toFile().lastModified() > target.toFile().lastModified()) {
                    try {
                        Files.createDirectories(target.getParent());
                        Files.copy(resource, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                    } catch (IOException e) {
                        throw new KataError("cannot copy " + resource + ": " + e.getMessage());
                    }
                }
            }
        }
    }

    /** Compiled, or the compiler's errors. */
    record Compiled(boolean ok, List<String> errors, int files) {
    }

    /**
     * Compiles the stale sources of both trees; stops at the first that does not compile. When a
     * recompiled class's API changed (a signature, a constant), the classes that use it may be
     * stale too: then the whole tree is compiled again, and after main the whole test tree, as Maven
     * would.
     */
    static Compiled compile(Path dir, List<Path> classpath) {
        Tree main = Tree.main(dir);
        Tree test = Tree.test(dir);
        main.copyResources();
        test.copyResources();
        Path classes = main.output();
        Path testClasses = test.output();
        List<Path> mainPath = new ArrayList<>(List.of(classes));
        List<Path> testPath = new ArrayList<>(List.of(testClasses, classes));
        for (Path entry : classpath) {
            Path abs = entry.toAbsolutePath().normalize();
            if (abs.equals(classes) || abs.equals(testClasses)) {
                continue;
            }
            testPath.add(entry);
            String unix = abs.toString().replace(File.separatorChar, '/');
            if (TEST_STACK.stream().noneMatch(unix::contains)) {
                mainPath.add(entry);
            }
        }
        int count = 0;
        boolean wholeTests = false;
        for (Tree tree : List.of(main, test)) {
            List<Path> path = tree == main ? mainPath : testPath;
            List<Path> stale = tree == test && wholeTests ? tree.javaFiles() : tree.stale();
            if (stale.isEmpty()) {
                continue;
            }
            Map<String, String> before = tree.api(stale);
            List<String> errors = javac(stale, tree.sources(), tree.output(), path);
            count += stale.size();
            if (errors.isEmpty() && !before.equals(tree.api(stale)) && stale.size() < tree.javaFiles().size()) {
                errors = javac(tree.javaFiles(), tree.sources(), tree.output(), path);
                count += tree.javaFiles().size();
                wholeTests = true;
            }
            if (!errors.isEmpty()) {
                return new Compiled(false, errors, count);
            }
        }
        return new Compiled(true, List.of(), count);
    }

    /** javac in this JVM, with the options the parent POM gives the compiler plugin (and its default -g). */
    static List<String> javac(List<Path> sources, Path sourcePath, Path output, List<Path> classpath) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            return List.of("no Java compiler in this Java (a JDK 17 or later is needed, not only a runtime)");
        }
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            List<String> options = List.of("--release", "17", "-parameters", "-g", "-nowarn", "-encoding", "UTF-8",
                    "-d", output.toString(), "-sourcepath", sourcePath.toString(),
                    "-cp", classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
            Files.createDirectories(output);
            boolean ok = compiler.getTask(null, files, diagnostics, options, null,
                    files.getJavaFileObjectsFromPaths(sources)).call();
            List<String> errors = new ArrayList<>();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    String where = d.getSource() == null ? "" : relative(Path.of(d.getSource().toUri())) + ":" + d.getLineNumber() + ": ";
                    errors.add(where + d.getMessage(Locale.ROOT));
                }
            }
            if (!ok && errors.isEmpty()) {
                errors.add("javac failed");
            }
            return errors;
        } catch (IOException e) {
            return List.of("cannot compile: " + e.getMessage());
        }
    }

    static String relative(Path path) {
        Path abs = path.toAbsolutePath().normalize();
        return abs.startsWith(ROOT) ? ROOT.relativize(abs).toString() : abs.toString();
    }

    // ------------------------------------------------------------------------------------------
    // The test JVM
    // ------------------------------------------------------------------------------------------

    /** A running PlatformRunner, ready for requests. */
    static final class TestJvm implements AutoCloseable {
        private final Process process;
        private final Writer requests;
        private final BufferedReader answers;
        private boolean ready;

        private TestJvm(Process process) {
            this.process = process;
            this.requests = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        /**
         * Starts the JVM in the module's directory (Surefire's working directory), with the jars of
         * the classpath; the module's directories come with each request.
         */
        static TestJvm start(Path dir, List<Path> classpath) {
            compileRunner(classpath);
            List<String> jars = new ArrayList<>(List.of(RUNNER_CLASSES.toString()));
            classpath.stream().filter(p -> !Files.isDirectory(p)).map(Path::toString).forEach(jars::add);
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                    "-cp", String.join(File.pathSeparator, jars), RUNNER);
            try {
                Files.createDirectories(dir.resolve("target/kata-fast"));
                return new TestJvm(new ProcessBuilder(command).directory(dir.toFile())
                        .redirectError(dir.resolve("target/kata-fast/runner.log").toFile()).start());
            } catch (IOException e) {
                throw new KataError("cannot start the test JVM: " + e.getMessage());
            }
        }

        /** Runs one request and waits until the tests are done. */
        void run(List<String> fields) {
            try {
                if (!ready) {
                    String first = answers.readLine();
                    if (!"ready".equals(first)) {
                        throw new KataError("the test JVM did not start (" + first + "); see its log in target/kata-fast/runner.log");
                    }
                    ready = true;
                }
                requests.write("run\n" + String.join("\n", fields) + "\n\n");
                requests.flush();
                String answer = answers.readLine();
                if (answer == null || !answer.equals("done")) {
                    throw new KataError("the test JVM failed: " + answer);
                }
            } catch (IOException e) {
                throw new KataError("lost the test JVM: " + e.getMessage());
            }
        }

        @Override
        public void close() {
            try {
                requests.close();
            } catch (IOException e) {
                // it is gone already
            }
            try {
                if (!process.waitFor(2, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroy();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroy();
            }
        }
    }

    /** Compiles PlatformRunner against the JUnit jars of a module's classpath, once. */
    static void compileRunner(List<Path> classpath) {
        Path compiled = RUNNER_CLASSES.resolve(RUNNER.replace('.', '/') + ".class");
        if (Files.exists(compiled) && compiled.toFile().lastModified() >= RUNNER_SOURCE.toFile().lastModified()) {
            return;
        }
        List<Path> jars = classpath.stream().filter(p -> !Files.isDirectory(p)).toList();
        List<String> errors = javac(List.of(RUNNER_SOURCE), RUNNER_SOURCE.getParent(), RUNNER_CLASSES, jars);
        if (!errors.isEmpty()) {
            throw new KataError("cannot compile the test runner: " + String.join("; ", errors));
        }
    }

    /** The request for a selection: Surefire's selection, tag filter and system properties. */
    static List<String> request(Selection s, List<Path> classpath) {
        List<String> fields = new ArrayList<>();
        fields.add("dirs=" + classpath.stream().filter(Files::isDirectory).map(Path::toString)
                .collect(Collectors.joining(File.pathSeparator)));
        for (String name : testClasses(s)) {
            fields.add("class=" + name);
        }
        if (s.step() != null) {
            fields.add("tags=step-" + s.step());
        }
        if (s.test() == null) {
            fields.add("exclude=" + Learner.REAL_TIME); // as Maven's run leaves them out (Learner.testArgs)
        }
        if (s.test() != null && s.test().contains("#")) {
            fields.add("method=" + s.test());
        }
        Path target = s.dir().resolve("target");
        fields.add("output=" + target.resolve("kata-fast/output.log"));
        fields.add("property=kata.results.dir=" + Results.dir(s.dir()));
        fields.add("property=kata.traces.dir=" + target.resolve("kata-traces"));
        fields.add("property=kata.module=" + artifactId(s.dir()));
        fields.add("property=basedir=" + s.dir());
        if (s.seed() != null) {
            fields.add("property=kata.seed=" + s.seed());
        }
        if (s.seeds() != null) {
            fields.add("property=kata.seeds=" + s.seeds());
        }
        if (s.own()) {
            fields.add("property=kata.own=true");
        }
        return fields;
    }

    /**
     * The classes Surefire would hand to the JUnit Platform: ./kata's -Dtest=package/**&#47;* (every
     * class of the module's package), or the class that --test names, in any package. Nested
     * classes come with the class that holds them.
     */
    static List<String> testClasses(Selection s) {
        Path testClasses = s.dir().resolve("target/test-classes");
        String packageDir = s.module().javaPackage().replace('.', '/') + "/";
        String wanted = s.test() == null ? null : s.test().split("#")[0];
        List<String> names = new ArrayList<>();
        for (Path file : files(testClasses)) {
            String relative = testClasses.relativize(file).toString().replace(File.separatorChar, '/');
            if (!relative.endsWith(".class") || relative.contains("$")) {
                continue;
            }
            String name = relative.substring(0, relative.length() - ".class".length());
            String simple = name.substring(name.lastIndexOf('/') + 1);
            if (wanted == null ? name.startsWith(packageDir) : simple.equals(wanted)) {
                names.add(name.replace('/', '.'));
            }
        }
        return names;
    }

    static String artifactId(Path dir) {
        Matcher m = Pattern.compile("</parent>\\s*<artifactId>([^<]+)</artifactId>").matcher(read(dir.resolve("pom.xml")));
        if (!m.find()) {
            throw new KataError("no artifactId in " + dir.resolve("pom.xml"));
        }
        return m.group(1);
    }

    /** Used by the bench and the watch: when a file changed, so that a run is due. */
    static FileTime newest(Path dir) {
        long newest = 0;
        for (Path tree : List.of(dir.resolve("src"))) {
            if (Files.isDirectory(tree)) {
                for (Path f : files(tree)) {
                    newest = Math.max(newest, f.toFile().lastModified());
                }
            }
        }
        return FileTime.fromMillis(newest);
    }
}
