package dev.kata.tool;

import static dev.kata.tool.Kata.ROOT;
import static dev.kata.tool.Kata.read;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** A kata module: the reference in solutions/NN-name and the exercise in NN-name. */
record Module(String name) {
    String number() {
        return name.substring(0, 2);
    }

    Path solution() {
        return ROOT.resolve("solutions").resolve(name);
    }

    Path exercise() {
        return ROOT.resolve(name);
    }

    /** The module's steps, from the anchors of its README ({@code <a id="step-3"></a>}). */
    List<Integer> steps() {
        Path readme = exercise().resolve("README.md");
        if (!Files.isRegularFile(readme)) {
            return List.of();
        }
        Matcher m = Pattern.compile("id=\"step-(\\d+)\"").matcher(read(readme));
        java.util.TreeSet<Integer> steps = new java.util.TreeSet<>();
        while (m.find()) {
            steps.add(Integer.parseInt(m.group(1)));
        }
        return List.copyOf(steps);
    }

    /** {@code value} as one of this module's steps, or a one-line error that lists them. */
    int checkStep(String value) {
        List<Integer> steps = steps();
        String allowed = steps.isEmpty() ? "" : steps.get(0) + " to " + steps.get(steps.size() - 1);
        try {
            int step = Integer.parseInt(value);
            if (steps.isEmpty() || steps.contains(step)) {
                return step;
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new KataError(name + " has no step '" + value + "'" + (allowed.isEmpty() ? "" : "; its steps are " + allowed));
    }

    String exerciseArtifact() {
        return "kata-" + name;
    }

    /** The module's Java package below dev.kata, found from the solution's sources. */
    String javaPackage() {
        Path base = solution().resolve("src/main/java/dev/kata");
        try (Stream<Path> dirs = Files.list(base)) {
            return dirs.filter(Files::isDirectory).map(d -> "dev.kata." + d.getFileName())
                    .findFirst().orElseThrow(() -> new KataError("no package under " + base));
        } catch (IOException e) {
            throw new KataError("cannot read " + base + ": " + e.getMessage());
        }
    }

    static List<Module> all() {
        try (Stream<Path> dirs = Files.list(ROOT.resolve("solutions"))) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("pom.xml")))
                    .map(d -> d.getFileName().toString())
                    .filter(n -> n.matches("\\d\\d-.+"))
                    .sorted()
                    .map(Module::new)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * True for a name of 00-runtime, the library every module builds on: it has tests and a
     * benchmark but no exercise, so only {@code test} and {@code bench} take it.
     */
    static boolean isRuntime(String name) {
        return List.of("runtime", "0", "00", RUNTIME).contains(name);
    }

    static final String RUNTIME = "00-runtime";

    /**
     * Whether {@code name} is a reference-only module: a directory of solutions/ with a pom.xml and
     * no number ({@code raft-log}, Raft beside 05's Multi-Paxos). Not a kata: no exercise, no steps, no
     * learner regions, so sync, check and status leave it out ({@link #all()} takes numbered ones
     * only); {@code test} runs its tests.
     */
    static boolean isReferenceOnly(String name) {
        return !name.matches("\\d\\d-.*") && !name.contains("/") && !name.startsWith(".")
                && Files.isRegularFile(ROOT.resolve("solutions").resolve(name).resolve("pom.xml"));
    }

    static Module find(String number) {
        String wanted = number.length() == 1 ? "0" + number : number;
        return all().stream().filter(m -> m.number().equals(wanted) || m.name().equals(number))
                .findFirst()
                .orElseThrow(() -> new KataError("no module '" + number + "'; the modules are "
                        + all().stream().map(Module::name).collect(Collectors.joining(", "))));
    }
}
