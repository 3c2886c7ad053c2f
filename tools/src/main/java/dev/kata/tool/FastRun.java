package dev.kata.tool;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** {@code ./kata test} through the fast path: compile what changed, run the tests in one JVM. */
final class FastRun {

    private FastRun() {
    }

    /** Runs the selection once and prints the details, as the Maven path does. */
    static int once(FastPath.Selection s) throws FastPath.CannotBeSure {
        List<FastPath.Compiled> failed = new ArrayList<>();
        List<Results.Row> rows = rows(s, failed::add);
        return rows == null ? compileErrors(failed.get(0)) : Learner.report(s.module(), s.dir());
    }

    /** Runs the selection once; its rows, or null if the code does not compile (told to {@code onError}). */
    static List<Results.Row> rows(FastPath.Selection s, Consumer<FastPath.Compiled> onError) throws FastPath.CannotBeSure {
        List<Path> classpath = prepare(s);
        try (FastPath.TestJvm jvm = FastPath.TestJvm.start(s.dir(), classpath)) {
            // The test JVM loads JUnit while javac compiles: two processors, two jobs.
            FastPath.Compiled compiled = FastPath.compile(s.dir(), classpath);
            if (!compiled.ok()) {
                onError.accept(compiled);
                return null;
            }
            Results.clear(s.dir());
            try {
                jvm.run(FastPath.request(s, classpath));
            } catch (KataError e) {
                // Surefire might have coped (or failed the same way): let Maven run it, and say why.
                throw new FastPath.CannotBeSure(e.getMessage());
            }
        }
        return Results.read(s.dir());
    }

    /** The classpath, if the fast path can be sure of it; otherwise why not. */
    static List<Path> prepare(FastPath.Selection s) throws FastPath.CannotBeSure {
        if (s.test() != null && !FastPath.SIMPLE_TEST.matcher(s.test()).matches()) {
            throw new FastPath.CannotBeSure("--test '" + s.test() + "' is a pattern that only Surefire reads");
        }
        List<Path> classpath = FastPath.classpath(s.dir(), s.own());
        FastPath.Tree.main(s.dir()).requireSameFiles();
        FastPath.Tree.test(s.dir()).requireSameFiles();
        return classpath;
    }

    static int compileErrors(FastPath.Compiled compiled) {
        System.out.println("\nThe code does not compile, so no test ran:");
        compiled.errors().stream().limit(30).forEach(e -> System.out.println("  " + e.replace("\n", "\n  ")));
        return 2;
    }
}
