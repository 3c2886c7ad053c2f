package dev.kata.runtime.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Planted mistakes: each runs in a class loader of its own, the mistake's classes first")
class PlantedMistakesTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("the mistake's copy of a class wins over the class path's, each loader has its own, and JUnit comes from the class path")
    void childFirst() throws Exception {
        Path source = dir.resolve("src/dev/kata/runtime/testing/ShadowedAnswer.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "package dev.kata.runtime.testing;\n"
                + "public final class ShadowedAnswer { public static int value() { return 43; } }\n");
        MutationCheck.compile(dir.resolve("src"), dir.resolve("classes"), List.of());

        try (PlantedMistakes.ChildFirstLoader one = new PlantedMistakes.ChildFirstLoader(dir.resolve("classes"));
             PlantedMistakes.ChildFirstLoader two = new PlantedMistakes.ChildFirstLoader(dir.resolve("classes"))) {
            Class<?> mistaken = Class.forName(ShadowedAnswer.class.getName(), true, one);

            assertThat(mistaken.getMethod("value").invoke(null)).isEqualTo(43);
            assertThat(ShadowedAnswer.value()).isEqualTo(42);
            assertThat(Class.forName(ShadowedAnswer.class.getName(), true, two)).isNotSameAs(mistaken);
            assertThat(Class.forName(Test.class.getName(), false, one)).isSameAs(Test.class);
        }
    }
}
