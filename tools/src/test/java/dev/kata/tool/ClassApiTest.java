package dev.kata.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A class's API, which decides whether the fast path recompiles the classes that use it")
class ClassApiTest {

    @TempDir
    Path dir;

    String api(String source) throws IOException {
        Path file = dir.resolve("src/demo/Demo.java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "package demo;\n" + source);
        List<String> errors = FastPath.javac(List.of(file), dir.resolve("src"), dir.resolve("classes"), List.of());
        assertThat(errors).isEmpty();
        return ClassApi.of(dir.resolve("classes/demo/Demo.class"));
    }

    static final String BASE = "public class Demo { public static final int LIMIT = 4; int size(String s) { return s.length(); } }";

    @Test
    @DisplayName("a method body changes, or a private member comes: the API is the same")
    void bodiesAndPrivateMembers() throws IOException {
        String before = api(BASE);

        assertThat(api(BASE.replace("return s.length();", "int n = s.length(); return n * 2;"))).isEqualTo(before);
        assertThat(api(BASE.replace("int size(", "private int helper; private void h() { } int size("))).isEqualTo(before);
    }

    @Test
    @DisplayName("a signature, a constant, a throws clause or a new visible member changes the API")
    void visibleChanges() throws IOException {
        String before = api(BASE);

        assertThat(api(BASE.replace("int size(String s)", "long size(String s)"))).isNotEqualTo(before);
        assertThat(api(BASE.replace("LIMIT = 4", "LIMIT = 5"))).isNotEqualTo(before);
        assertThat(api(BASE.replace("int size(String s)", "int size(String s) throws java.io.IOException"))).isNotEqualTo(before);
        assertThat(api(BASE.replace("int size(", "void more() { } int size("))).isNotEqualTo(before);
    }

    @Test
    @DisplayName("no class file has an empty API")
    void missing() {
        assertThat(ClassApi.of(dir.resolve("nothing.class"))).isEmpty();
    }
}
