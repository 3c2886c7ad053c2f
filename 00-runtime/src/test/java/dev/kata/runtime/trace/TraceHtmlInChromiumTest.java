package dev.kata.runtime.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the trace page in a real, headless Chromium: the page's script must run without errors and
 * leave the drawing in place. Skipped where no Chromium is installed; {@code -Dkata.chromium=/path}
 * names a binary that is not on the PATH.
 */
@DisplayName("The trace page in a real browser (Chromium, when installed)")
class TraceHtmlInChromiumTest {

    private static final long TIMEOUT_SECONDS = 60;

    private static Path chromium;

    @TempDir
    Path temporary;

    @BeforeAll
    static void findChromium() {
        chromium = find().orElse(null);
    }

    @Test
    @DisplayName("runs the page's script and keeps the SVG diagram in the DOM")
    void dumpDom() throws Exception {
        assumeTrue(chromium != null, "no chromium on the PATH");
        Path page = TraceHtml.write(SampleTraces.staleRead(), temporary, "stale-read");

        String dom = run("--dump-dom", page.toUri().toString());

        assertThat(dom)
                .contains("data-ready=\"true\"")
                .contains("<svg id=\"diagram\"")
                .contains("<g class=\"op ok hl\">")
                .contains("72 events");
    }

    @Test
    @DisplayName("takes a screenshot of the page")
    void screenshot() throws Exception {
        assumeTrue(chromium != null, "no chromium on the PATH");
        Path page = TraceHtml.write(SampleTraces.staleRead(), temporary, "stale-read");
        Path png = temporary.resolve("trace.png");

        run("--screenshot=" + png, "--window-size=1400,900", page.toUri().toString());

        byte[] image = Files.readAllBytes(png);
        assertThat(image).startsWith(0x89, 'P', 'N', 'G');
        assertThat(image.length).as("a page with a drawing, not a blank one").isGreaterThan(20_000);
    }

    /** Runs headless Chromium with these arguments and returns what it printed. */
    private String run(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Files.createTempDirectory(temporary, "chromium-profile")));
        command.addAll(List.of(arguments));
        // Output goes to files, not pipes: a full pipe would block Chromium while we wait for it.
        Path out = temporary.resolve("chromium.out");
        Path err = temporary.resolve("chromium.err");
        Process process = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("chromium did not finish in " + TIMEOUT_SECONDS + " s: " + command);
        }
        assertThat(process.exitValue())
                .as("chromium's exit code; it said: %s", Files.readString(err, StandardCharsets.UTF_8))
                .isZero();
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    private static Optional<Path> find() {
        String configured = System.getProperty("kata.chromium");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.of(path.split(File.pathSeparator))
                .filter(directory -> !directory.isBlank())
                .flatMap(directory -> Stream.of("chromium", "chromium-browser").map(name -> Path.of(directory, name)))
                .filter(Files::isExecutable)
                .findFirst();
    }
}
