package dev.kata.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workshop track and catch-up, on this repository's real modules (in memory: no exercise file is written). */
@DisplayName("Tracks and catch-up: regions filled in and given back, the learner's code kept")
class TrackTest {

    static final Module WAL = Module.find("01");
    static final Path STORE = WAL.solution().resolve("src/main/java/dev/kata/wal/DurableKeyValueStore.java");

    /** The generated exercise file of a solution source, on the track that gives {@code given}. */
    static String exercise(Module module, Path source, Set<Integer> given) {
        return Generator.exerciseFiles(module, given).get(Fill.exerciseFile(module, source)).content();
    }

    /** A file's body: without the generator's three header lines (their role line and fingerprint differ by track). */
    static String body(String file) {
        return file.split("\n", 4)[3];
    }

    static String rewrite(Module module, Path source, String text, Function<Generator.Region, Generator.Form> wanted,
                          boolean replaceYours, Map<Generator.Region, Fill.Outcome> outcomes) {
        return Fill.rewrite(text, Fill.blocks(module, source, Kata.read(source)), wanted, replaceYours, outcomes);
    }

    static Function<Generator.Region, Generator.Form> track(Set<Integer> given) {
        return r -> given.contains(r.number()) ? Generator.Form.GIVEN : Generator.Form.STUB;
    }

    @Nested
    @DisplayName("The workshop track, generated")
    class Generated {

        @Test
        @DisplayName("every module with a workshop.md names core steps that have learner regions; the rest of its steps are given")
        void coreStepsHaveRegions() {
            for (Module module : Module.all()) {
                Workshop workshop = Workshop.of(module);
                if (!workshop.hasCore()) {
                    continue;
                }
                assertThat(Fill.regionSteps(module)).as(module.name() + "'s core steps have regions").containsAll(workshop.core());
                assertThat(Track.givenOnWorkshop(module)).as(module.name()).doesNotContainAnyElementsOf(workshop.core())
                        .isNotEmpty();
            }
        }

        @Test
        @DisplayName("on the workshop track a core step's regions are stubs and every other step's regions are the reference, marked as given")
        void coreStubbedRestGiven() {
            for (Module module : Module.all()) {
                Set<Integer> given = Track.givenOnWorkshop(module);
                for (Path source : Fill.sources(module)) {
                    String text = exercise(module, source, given);
                    for (Fill.Block block : Fill.blocks(module, source, Kata.read(source))) {
                        Generator.Region r = block.region();
                        String marker = Generator.givenMarker(r);
                        if (given.contains(r.number())) {
                            assertThat(text).as(r.where()).contains(marker);
                        } else {
                            assertThat(text).as(r.where()).doesNotContain(marker).contains("// TODO " + r.step() + ": " + r.title());
                        }
                    }
                }
            }
        }

        @Test
        @DisplayName("a file whose every region is given says so in its header; one with a stub left is still the learner's")
        void headerRole() {
            Set<Integer> given = Track.givenOnWorkshop(WAL);
            assertThat(exercise(WAL, WAL.solution().resolve("src/main/java/dev/kata/wal/Segment.java"), given).lines().skip(1).findFirst())
                    .contains(Generator.WORKSHOP_ROLE);
            assertThat(exercise(WAL, STORE, given).lines().skip(1).findFirst()).get().asString().startsWith("// Yours to write");
            assertThat(Generator.untouched(exercise(WAL, STORE, given))).isTrue();
        }
    }

    @Nested
    @DisplayName("Switching tracks on the learner's working copy")
    class Switching {

        @Test
        @DisplayName("every region of every module is found in the generated file: full to workshop and back gives the generated files again")
        void roundTripEveryModule() {
            for (Module module : Module.all()) {
                Set<Integer> given = Track.givenOnWorkshop(module);
                for (Path source : Fill.sources(module)) {
                    String full = exercise(module, source, Set.of());
                    String workshop = exercise(module, source, given);
                    Map<Generator.Region, Fill.Outcome> outcomes = new LinkedHashMap<>();
                    String there = rewrite(module, source, full, track(given), false, outcomes);
                    assertThat(body(there)).as(source.toString()).isEqualTo(body(workshop));
                    assertThat(outcomes.values()).as(source.toString()).doesNotContain(Fill.Outcome.NOT_FOUND, Fill.Outcome.KEPT_YOURS);
                    assertThat(body(rewrite(module, source, there, track(Set.of()), false, new LinkedHashMap<>())))
                            .as(source.toString()).isEqualTo(body(full));
                }
            }
        }

        @Test
        @DisplayName("the learner's code in a region is kept by both switches, and so is given code the learner changed")
        void learnersCodeKept() {
            String full = exercise(WAL, STORE, Set.of());
            String mine = full.replace(
                    "        throw new UnsupportedOperationException(\"TODO step-7 (01-wal): log the change and force it, and only then apply it; see 01-wal/README.md#step-7\");",
                    "        if (true) { // mine, with a } in a comment\n            String s = \"}\";\n        }\n        throw new IllegalStateException(\"mine\");");
            assertThat(mine).isNotEqualTo(full);

            // Step 7 given (as if it were outside the core): the learner's own step-7 code stays.
            Map<Generator.Region, Fill.Outcome> outcomes = new LinkedHashMap<>();
            String workshop = rewrite(WAL, STORE, mine, track(Set.of(7)), false, outcomes);
            assertThat(workshop).contains("String s = \"}\";", "throw new IllegalStateException(\"mine\");");
            assertThat(outcomes.values()).containsExactly(Fill.Outcome.CHANGED, Fill.Outcome.KEPT_YOURS, Fill.Outcome.CHANGED);

            // The learner edits a given region; back to the full track, that region is theirs and stays.
            String edited = workshop.replace("appliedIndex = entry.index();", "appliedIndex = entry.index(); /* mine */");
            assertThat(edited).isNotEqualTo(workshop);
            Map<Generator.Region, Fill.Outcome> back = new LinkedHashMap<>();
            String fullAgain = rewrite(WAL, STORE, edited, track(Set.of()), false, back);
            assertThat(fullAgain).contains("/* mine */", "throw new IllegalStateException(\"mine\");");
            assertThat(back.values()).containsExactly(Fill.Outcome.KEPT_YOURS, Fill.Outcome.KEPT_YOURS, Fill.Outcome.CHANGED);
            assertThat(fullAgain).contains("TODO step-7 (01-wal): snapshot the map");
        }

        @Test
        @DisplayName("a region whose surroundings the learner changed is not found, and left as it is")
        void surroundingsChanged() {
            String full = exercise(WAL, STORE, Set.of());
            String renamed = full.replace("private void write(byte[] record) {", "private void writeMine(byte[] record) {");
            assertThat(renamed).isNotEqualTo(full);
            Map<Generator.Region, Fill.Outcome> outcomes = new LinkedHashMap<>();
            String result = rewrite(WAL, STORE, renamed, track(Set.of(7)), false, outcomes);
            assertThat(outcomes).containsValue(Fill.Outcome.NOT_FOUND);
            assertThat(result).contains("writeMine(");
        }

        @Test
        @DisplayName("a track switch puts the generated role line in the learner's header, and keeps a header the learner changed")
        void roleLine() {
            String workshop = exercise(WAL, WAL.solution().resolve("src/main/java/dev/kata/wal/Segment.java"), Track.givenOnWorkshop(WAL));
            String full = exercise(WAL, WAL.solution().resolve("src/main/java/dev/kata/wal/Segment.java"), Set.of());
            assertThat(Fill.withRoleOf(full, workshop).split("\n")[1]).startsWith("// Yours to write");
            assertThat(Fill.withRoleOf(full, "// my own header\n// more\nclass X {}\n")).isEqualTo("// my own header\n// more\nclass X {}\n");
        }
    }

    @Nested
    @DisplayName("Catch-up")
    class CatchUp {

        @Test
        @DisplayName("steps up to N are filled in from the reference, over the learner's code; later steps are left alone")
        void fillsUpToTheStep() {
            Module paxos = Module.find("04");
            Path acceptor = paxos.solution().resolve("src/main/java/dev/kata/paxos/Acceptor.java");
            String full = exercise(paxos, acceptor, Set.of());
            String mine = full.replace("TODO step-2: Promise", "TODO step-2: Promise (mine)");
            Map<Generator.Region, Fill.Outcome> outcomes = new LinkedHashMap<>();
            String caughtUp = rewrite(paxos, acceptor, mine, r -> r.number() <= 2 ? Generator.Form.CAUGHT_UP : null, true, outcomes);
            assertThat(caughtUp).doesNotContain("(mine)").contains("Filled in from the reference by ./kata catchup: step-2")
                    .contains("TODO step-3");
            assertThat(outcomes.values()).containsExactly(Fill.Outcome.CHANGED);
            assertThat(Fill.caughtUp(caughtUp)).isTrue();

            // A caught-up region is the reference: the workshop track takes it as given, and the
            // full track keeps it (the pair asked for it).
            Map<Generator.Region, Fill.Outcome> switched = new LinkedHashMap<>();
            rewrite(paxos, acceptor, caughtUp, r -> r.number() == 2 ? Generator.Form.GIVEN : null, false, switched);
            assertThat(switched.values()).containsExactly(Fill.Outcome.ALREADY);
            switched.clear();
            rewrite(paxos, acceptor, caughtUp, r -> r.number() == 2 ? Generator.Form.STUB : null, false, switched);
            assertThat(switched.values()).containsExactly(Fill.Outcome.KEPT_CAUGHT_UP);
        }

        @Test
        @DisplayName("the files are saved before, and an undo puts them back, saving what it replaces")
        void saveAndUndo(@TempDir Path temp) throws Exception {
            Path dir = Kata.ROOT.resolve("tools/target/track-test-" + System.nanoTime());
            Path file = dir.resolve("Mine.java");
            Kata.write(file, "my code\n");
            Path saved = Fill.save(temp, List.of(file), "./kata catchup 01 3");
            Kata.write(file, "the reference\n");

            assertThat(Fill.savedCopies(temp)).containsExactly(saved);
            assertThat(Kata.read(saved.resolve(Fill.NOTE))).startsWith("./kata catchup 01 3\n");

            Fill.undo(temp, saved.getFileName().toString());
            assertThat(Kata.read(file)).isEqualTo("my code\n");
            assertThat(Fill.savedCopies(temp)).hasSize(2);
            Fill.undo(temp, null); // the newest: the one the undo made
            assertThat(Kata.read(file)).isEqualTo("the reference\n");
            Kata.deleteTree(dir);
            assertThat(Files.exists(dir)).isFalse();
        }
    }

    @Test
    @DisplayName("braces in strings, characters, comments and text blocks do not close a method")
    void closingBrace() {
        List<String> lines = List.of(
                "        String a = \"}\"; char b = '}'; // }",
                "        /* } */ String c = \"\"\"",
                "            }",
                "            \"\"\";",
                "        if (x) { y(); }",
                "    }",
                "}");
        assertThat(Fill.closingLine(lines, 0)).isEqualTo(5);
    }
}
