package dev.kata.tool;

import static dev.kata.tool.Kata.ROOT;
import static dev.kata.tool.Kata.read;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The checks CI runs. */
final class Checks {

    static int check(List<String> args) {
        if (!checkSync()) {
            return 1;
        }
        Generator.writeMutants();
        System.out.println("\nMutation check: each learner region stubbed alone, the module's tests must catch it.");
        int code = Maven.run(List.of("verify", "-DskipTests", "-Pkata-mutation"), false);
        if (code != 0) {
            System.out.println("\nkata check FAILED: see the table above.");
            return code;
        }
        System.out.println("\nkata check passed.");
        return 0;
    }

    /** The exercises are exactly what the generator makes, and every step has its README anchor. */
    static boolean checkSync() {
        List<String> problems = new ArrayList<>();
        for (Module module : Module.all()) {
            Map<Path, Generator.Output> outputs = Generator.exerciseFiles(module);
            for (Generator.Output output : outputs.values()) {
                Path target = output.target();
                if (!Files.exists(target)) {
                    problems.add("missing: " + ROOT.relativize(target));
                } else if (!read(target).equals(output.content())) {
                    problems.add("differs from the generator's output: " + ROOT.relativize(target));
                }
            }
            for (Path stale : Generator.staleFiles(module, outputs)) {
                problems.add("generated, but its source is gone: " + ROOT.relativize(stale));
            }
            Path readme = module.exercise().resolve("README.md");
            String readmeText = Files.exists(readme) ? read(readme) : "";
            if (readmeText.isEmpty()) {
                problems.add("missing: " + ROOT.relativize(readme));
            }
            for (Generator.Output output : outputs.values()) {
                Matcher m = Pattern.compile("README\\.md#(step-\\d+)").matcher(output.content());
                while (m.find()) {
                    if (!readmeText.contains("id=\"" + m.group(1) + "\"")) {
                        problems.add(ROOT.relativize(output.target()) + " links to " + module.name()
                                + "/README.md#" + m.group(1) + ", which has no <a id=\"" + m.group(1) + "\"></a>");
                    }
                }
            }
        }
        if (problems.isEmpty()) {
            System.out.println("Exercises are exactly what ./kata sync generates.");
            return true;
        }
        System.out.println("The exercises are out of sync with solutions/:");
        problems.stream().distinct().forEach(p -> System.out.println("  - " + p));
        System.out.println("Run ./kata sync (on a maintainer's clean tree) and commit the result.");
        return false;
    }
}
