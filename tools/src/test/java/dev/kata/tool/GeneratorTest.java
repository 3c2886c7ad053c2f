package dev.kata.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The generator: regions, stubs, mutants and fingerprints")
class GeneratorTest {

    static final Module MODULE = new Module("99-demo");
    static final Path SOURCE = Kata.ROOT.resolve("solutions/99-demo/src/main/java/dev/kata/demo/Demo.java");

    static String java(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    @Nested
    @DisplayName("The region parser and the stub writer")
    class Stubs {

        @Test
        @DisplayName("a begin region becomes a TODO and a throw that names the step, the module and the README anchor")
        void beginRegion() {
            String stub = Generator.stub(MODULE, SOURCE, java(
                    "class Demo {",
                    "    int answer() {",
                    "        // kata:begin step-2 \"Compute the answer\"",
                    "        return 42;",
                    "        // kata:end",
                    "    }",
                    "}"));

            assertThat(stub).isEqualTo(java(
                    "class Demo {",
                    "    int answer() {",
                    "        // TODO step-2: Compute the answer",
                    "        throw new UnsupportedOperationException(\"TODO step-2 (99-demo): compute the answer; see 99-demo/README.md#step-2\");",
                    "    }",
                    "}"));
        }

        @Test
        @DisplayName("a region with a default keeps the default as its stub, so that the earlier steps still work")
        void defaultRegion() {
            String stub = Generator.stub(MODULE, SOURCE, java(
                    "    boolean full() {",
                    "        // kata:begin step-5 \"Decide when the segment is full\" default: return false;",
                    "        return size > limit;",
                    "        // kata:end",
                    "    }"));

            assertThat(stub).isEqualTo(java(
                    "    boolean full() {",
                    "        // TODO step-5: Decide when the segment is full (see 99-demo/README.md#step-5)",
                    "        return false;",
                    "    }"));
        }

        @Test
        @DisplayName("a members region becomes one TODO comment, and the lines around it stay as they are")
        void membersRegion() {
            String stub = Generator.stub(MODULE, SOURCE, java(
                    "class Demo {",
                    "    // kata:members step-3 \"the fields group commit needs\"",
                    "    private final Queue<Entry> queue = new ArrayDeque<>();",
                    "    // kata:end",
                    "    int kept = 1;",
                    "}"));

            assertThat(stub).isEqualTo(java(
                    "class Demo {",
                    "    // TODO step-3: the fields group commit needs",
                    "    int kept = 1;",
                    "}"));
        }

        @Test
        @DisplayName("a region inside a region is refused, with the line of each")
        void nestedRegion() {
            assertThatThrownBy(() -> Generator.stub(MODULE, SOURCE, java(
                    "    void a() {",
                    "        // kata:begin step-1 \"Outer\"",
                    "        // kata:begin step-2 \"Inner\"",
                    "        // kata:end",
                    "    }")))
                    .isInstanceOf(KataError.class)
                    .hasMessageContaining("Demo.java:3: a kata region starts inside the region that starts at line 2");
        }

        @Test
        @DisplayName("a region without its end is refused")
        void missingEnd() {
            assertThatThrownBy(() -> Generator.stub(MODULE, SOURCE, java(
                    "    void a() {",
                    "        // kata:begin step-1 \"Never ends\"",
                    "        work();",
                    "    }")))
                    .isInstanceOf(KataError.class)
                    .hasMessageContaining("Demo.java:2: this kata region has no // kata:end");
        }

        @Test
        @DisplayName("code after a begin region is refused: the stub throws, so that code could never run")
        void codeAfterRegion() {
            assertThatThrownBy(() -> Generator.stub(MODULE, SOURCE, java(
                    "    void a() {",
                    "        // kata:begin step-1 \"First half\"",
                    "        work();",
                    "        // kata:end",
                    "        // a comment may follow",
                    "        more();",
                    "    }")))
                    .isInstanceOf(KataError.class)
                    .hasMessageContaining("Demo.java:6: code follows a kata region");
        }

        @Test
        @DisplayName("a misspelt marker is refused rather than copied into the exercise")
        void unknownMarker() {
            assertThatThrownBy(() -> Generator.stub(MODULE, SOURCE, java(
                    "    void a() {",
                    "        // kata:begn step-1 \"Typo\"",
                    "    }")))
                    .isInstanceOf(KataError.class)
                    .hasMessageContaining("Demo.java:2: a kata marker the generator does not understand");
        }
    }

    @Nested
    @DisplayName("The mutant writer")
    class Mutants {

        @Test
        @DisplayName("each begin region gets a numbered switch to its stub, its default if it has one; a members region's fields get none")
        void switches() {
            List<Generator.Region> regions = new ArrayList<>();
            String mutant = Generator.mutant(SOURCE, java(
                    "    // kata:members step-1 \"fields\"",
                    "    int x;",
                    "    // kata:end",
                    "    int a() {",
                    "        // kata:begin step-1 \"First\"",
                    "        return 1;",
                    "        // kata:end",
                    "    }",
                    "    boolean b() {",
                    "        // kata:begin step-2 \"Second\" default: return false;",
                    "        return true;",
                    "        // kata:end",
                    "    }"), regions);

            assertThat(mutant).contains(java(
                    "        // kata:begin step-1 \"First\"",
                    "        if (dev.kata.runtime.testing.Mutant.isActive(0)) { throw new UnsupportedOperationException(\"kata mutant 0: step-1 stubbed\"); }",
                    "        return 1;"));
            assertThat(mutant).contains(java(
                    "        // kata:begin step-2 \"Second\" default: return false;",
                    "        if (dev.kata.runtime.testing.Mutant.isActive(1)) { return false; }",
                    "        return true;"));
            assertThat(regions).extracting(Generator.Region::step, Generator.Region::line)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("step-1", 5), org.assertj.core.groups.Tuple.tuple("step-2", 10));
            assertThat(regions.get(0).where()).isEqualTo("solutions/99-demo/src/main/java/dev/kata/demo/Demo.java:5");
        }

        @Test
        @DisplayName("each method of a members region gets a switch at the start of its body; its fields and constructors none")
        void membersMethods() {
            List<Generator.Region> regions = new ArrayList<>();
            String mutant = Generator.mutant(SOURCE, java(
                    "    // kata:members step-3 \"the helpers group commit needs\"",
                    "    private final List<String> queue = new ArrayList<>();",
                    "    Demo(int x) {",
                    "        this.x = x;",
                    "    }",
                    "    private static <T> List<T> drain(List<T> queue,",
                    "                                     int max) {",
                    "        return queue.subList(0, max);",
                    "    }",
                    "    @Override",
                    "    public boolean isFull() { return queue.size() > 3; }",
                    "    // kata:end",
                    "    int after() {",
                    "        return 1;",
                    "    }"), regions);

            assertThat(mutant).contains(java(
                    "                                     int max) {",
                    "        if (dev.kata.runtime.testing.Mutant.isActive(0)) { throw new UnsupportedOperationException(\"kata mutant 0: step-3 drain() stubbed\"); }",
                    "        return queue.subList(0, max);"));
            assertThat(mutant).contains(java(
                    "    Demo(int x) {",
                    "        this.x = x;"));
            assertThat(regions).extracting(Generator.Region::step, Generator.Region::title, Generator.Region::line)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("step-3", "the helpers group commit needs: drain()", 6));
        }
    }

    @Nested
    @DisplayName("Fingerprints")
    class Fingerprints {

        @Test
        @DisplayName("a generated file is untouched until someone edits its body")
        void untouchedUntilEdited() {
            String generated = Generator.withHeader(MODULE, SOURCE, java("class Demo {", "}"), true);

            assertThat(generated).startsWith("// Generated from solutions/99-demo/src/main/java/dev/kata/demo/Demo.java by ./kata sync");
            assertThat(Generator.untouched(generated)).isTrue();
            assertThat(Generator.untouched(generated.replace("class Demo {", "class Demo { int mine;"))).isFalse();
        }

        @Test
        @DisplayName("a file without the generator's header counts as edited, so sync asks before replacing it")
        void noHeader() {
            assertThat(Generator.untouched(java("class Demo {", "}"))).isFalse();
        }

        @Test
        @DisplayName("the fingerprint is the first 6 bytes of the body's SHA-256, in hex")
        void fingerprintShape() {
            assertThat(Generator.fingerprint("x")).matches("[0-9a-f]{12}").isEqualTo(Generator.fingerprint("x"))
                    .isNotEqualTo(Generator.fingerprint("y"));
        }
    }
}
