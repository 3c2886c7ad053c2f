package dev.kata.runtime.testing;

/** Translates Maven artifact ids into the names the {@code ./kata} command takes. */
final class KataModules {

    private KataModules() {
    }

    /**
     * {@code kata-01-wal} is exercise 01, {@code kata-01-wal-solution} its reference solution,
     * {@code kata-runtime} the runtime.
     */
    static String kataTarget(String artifactId) {
        if (artifactId == null || artifactId.isBlank()) {
            return "<module>";
        }
        if (artifactId.equals("kata-runtime")) {
            return "runtime";
        }
        String name = artifactId.replaceFirst("^kata-", "");
        boolean solution = name.endsWith("-solution");
        String number = name.length() >= 2 ? name.substring(0, 2) : name;
        return solution ? number + " --solution" : number;
    }
}
