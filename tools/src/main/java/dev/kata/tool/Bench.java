package dev.kata.tool;

import static dev.kata.tool.Kata.ROOT;
import static dev.kata.tool.Kata.files;
import static dev.kata.tool.Kata.read;
import static dev.kata.tool.Kata.write;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** ./kata bench: a module's benchmark, a main program in its test sources (*Benchmark.java). */
final class Bench {
    static int run(List<String> args) {
        if (args.isEmpty()) {
            throw new KataError("which module? for example: ./kata bench 01");
        }
        String name = args.remove(0);
        if (name.equals("loop")) {
            return LoopBench.run(args);
        }
        Path dir;
        if (Module.isRuntime(name)) {
            dir = ROOT.resolve(Module.RUNTIME);
        } else {
            Module module = Module.find(name);
            dir = args.remove("--exercise") ? module.exercise() : module.solution();
        }
        Path tests = dir.resolve("src/test/java");
        List<String> mains = (Files.isDirectory(tests) ? files(tests) : List.<Path>of()).stream()
                .filter(f -> f.getFileName().toString().endsWith("Benchmark.java"))
                .map(f -> tests.relativize(f).toString().replace(".java", "").replace(java.io.File.separatorChar, '.'))
                .toList();
        if (mains.isEmpty()) {
            throw new KataError(ROOT.relativize(dir) + " has no benchmark (no *Benchmark.java in " + ROOT.relativize(tests) + ")");
        }
        // Compile with -am so a clean clone works, and let Maven write the classpath it resolved
        // (a relative outputFile is taken relative to each module of the build).
        System.out.println("Building " + ROOT.relativize(dir) + "...");
        String project = ROOT.relativize(dir).toString().replace(java.io.File.separatorChar, '/');
        int code = Maven.run(List.of("-pl", project, "-am", "test-compile", "dependency:build-classpath",
                "-Dmdep.outputFile=target/kata-bench.classpath", "-Dmdep.includeScope=test"), true);
        if (code != 0) {
            return Maven.explainBuildFailure();
        }
        String classpath = String.join(java.io.File.pathSeparator, dir.resolve("target/test-classes").toString(),
                dir.resolve("target/classes").toString(), read(dir.resolve("target/kata-bench.classpath")).strip());
        for (String main : mains) {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", classpath, main));
            command.addAll(args);
            try {
                // In the module's directory, so that the benchmark writes under its target/.
                code = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start().waitFor();
            } catch (IOException e) {
                throw new KataError("cannot run " + main + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 130;
            }
            if (code != 0) {
                return code;
            }
        }
        return 0;
    }
}
