package dev.kata.runtime.testing;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Translates Maven artifact ids, or where a test was compiled, into the names the {@code ./kata} command takes. */
final class KataModules {

    private KataModules() {
    }

    /**
     * {@code kata-01-wal} is exercise 01, {@code kata-01-wal-solution} its reference solution,
     * {@code kata-runtime} the runtime, {@code kata-raft-log} the reference-only module
     * {@code solutions/raft-log} (a directory without a number: no kata, {@code ./kata test} takes its name).
     */
    static String kataTarget(String artifactId) {
        if (artifactId == null || artifactId.isBlank()) {
            return "<module>";
        }
        if (artifactId.equals("kata-runtime")) {
            return "runtime";
        }
        String name = artifactId.replaceFirst("^kata-", "");
        if (!name.matches("\\d\\d-.*")) {
            return name;
        }
        boolean solution = name.endsWith("-solution");
        String number = name.length() >= 2 ? name.substring(0, 2) : name;
        return solution ? number + " --solution" : number;
    }

    /**
     * The module a test class belongs to, from the directory it was compiled into, for a run that did
     * not say (an IDE's): {@code .../solutions/02-quorum/target/test-classes} is {@code 02 --solution},
     * {@code .../02-quorum/target/test-classes} is {@code 02}, {@code .../00-runtime/...} the runtime,
     * {@code .../solutions/raft-log/...} the reference-only module {@code raft-log}.
     * {@code <module>} if the class was not compiled in such a directory.
     */
    static String kataTarget(Class<?> testClass) {
        try {
            var source = testClass.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                return kataTarget("");
            }
            for (Path dir = Path.of(source.getLocation().toURI()); dir != null; dir = dir.getParent()) {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                boolean inSolutions = dir.getParent() != null && dir.getParent().getFileName() != null
                        && dir.getParent().getFileName().toString().equals("solutions");
                if (inSolutions && !name.matches("\\d\\d-.*")) {
                    return name;
                }
                if (name.matches("\\d\\d-[A-Za-z0-9-]+")) {
                    if (name.startsWith("00-")) {
                        return "runtime";
                    }
                    return name.substring(0, 2) + (inSolutions ? " --solution" : "");
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            // no location to go by: the placeholder below says what to fill in
        }
        return kataTarget("");
    }
}
