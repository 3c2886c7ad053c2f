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

    /**
     * The sync check, then the mutation check through Maven, quietly (its output goes to
     * target/kata-maven.log): each module's table from its report file, then the summary, last.
     */
    static int check(List<String> args) {
        if (!checkSync()) {
            System.out.println("\nkata check FAILED: the exercises are out of sync (see above).");
            return 1;
        }
        List<String> mistakeProblems = new ArrayList<>();
        Generator.writeMutants(mistakeProblems);
        System.out.println("\nMutation check: each learner region stubbed alone, the module's tests must catch it;"
                + " then each planted mistake (mistakes.txt), a test it names must catch it."
                + "\n(Maven builds and runs it, about a minute a module; its output goes to " + ROOT.relativize(Maven.LOG) + ".)");
        int code = Maven.run(List.of("verify", "-DskipTests", "-Pkata-mutation", "-fae"), true);
        List<String> failures = new ArrayList<>(mistakeProblems);
        int regions = 0;
        int mistakes = 0;
        List<Module> modules = Module.all();
        for (Module module : modules) {
            Path mutants = module.solution().resolve("target/kata-mutants");
            Path report = mutants.resolve("report.txt");
            regions += (int) read(mutants.resolve("regions.tsv")).lines().filter(l -> !l.isBlank()).count();
            mistakes += (int) read(mutants.resolve("mistakes.tsv")).lines().filter(l -> !l.isBlank()).count();
            if (!Files.isRegularFile(report)) {
                failures.add(module.name() + ": no mutation report (the build or the baseline run failed; see below)");
                continue;
            }
            String table = read(report);
            System.out.print(table);
            // MutationCheck ends its table with "Every region is guarded ..." or with one line per
            // kind of problem ("N region(s) guarded by no test ...", "... only by later steps' tests ...").
            if (!table.contains("Every region is guarded")) {
                List<String> problems = table.lines().filter(l -> l.contains("region(s) guarded")).map(String::strip).toList();
                failures.add(module.name() + ": " + (problems.isEmpty() ? "a region is not guarded (see its table)"
                        : String.join("; ", problems)));
            }
            // PlantedMistakes ends its table with "N planted mistake(s) not caught ..." if one is.
            table.lines().filter(l -> l.contains("planted mistake(s) not caught"))
                    .forEach(l -> failures.add(module.name() + ": " + l.strip()));
        }
        if (code != 0 || !failures.isEmpty()) {
            List<String> errors = Maven.errors(15);
            if (code != 0 && !errors.isEmpty()) {
                System.out.println("\nMaven's errors:");
                errors.forEach(l -> System.out.println("  " + l));
            }
            System.out.println("\nkata check FAILED:");
            failures.forEach(f -> System.out.println("  - " + f));
            if (failures.isEmpty()) {
                System.out.println("  - the build failed (Maven exit code " + code + ")");
            }
            System.out.println("Full log: " + ROOT.relativize(Maven.LOG));
            return code != 0 ? code : 1;
        }
        System.out.println("\nkata check passed: the exercises are exactly what ./kata sync generates, and each of the "
                + regions + " learner regions in " + modules.size() + " modules is caught by a test of its own step or an earlier one, "
                + "and each of the " + mistakes + " planted mistakes by a test it names.");
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
        problems.addAll(Mistakes.guideProblems());
        if (problems.isEmpty()) {
            System.out.println("Exercises are exactly what ./kata sync generates.");
            return true;
        }
        System.out.println("The exercises are out of sync with solutions/:");
        problems.stream().distinct().forEach(p -> System.out.println("  - " + p));
        System.out.println("Run ./kata sync (on a maintainer's clean tree) and commit the result.");
        if (Module.all().stream().anyMatch(m -> !Track.given(m).isEmpty())) {
            System.out.println("(This checkout is on the workshop track, whose given steps differ from what is committed: ./kata track full first.)");
        }
        return false;
    }
}
