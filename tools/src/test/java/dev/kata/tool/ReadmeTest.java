package dev.kata.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Hints from a module's README")
class ReadmeTest {

    static final String README = """
            # 99-demo

            <a id="step-1"></a>
            ### Step 1: Encode

            Write it.

            <details><summary><b>Hint 1:</b> the CRC</summary>

            Use CRC32C.
            </details>

            <details>
            <summary>Hint 2: the length</summary>
            Four bytes.
            </details>

            <a id="step-2"></a>
            ### Step 2: Append

            <details><summary>Hint 1</summary>Step two's hint.</details>

            ## Questions

            <details><summary>Answer</summary>Not a hint of step 2.</details>
            """;

    @Test
    @DisplayName("a step's hints are the details blocks between its anchor and the next step's, tags stripped from the title")
    void hintsOfAStep() {
        List<String[]> hints = Readme.hints(README, "step-1");

        assertThat(hints).extracting(h -> h[0]).containsExactly("Hint 1: the CRC", "Hint 2: the length");
        assertThat(hints.get(0)[1].strip()).isEqualTo("Use CRC32C.");
    }

    @Test
    @DisplayName("the last step's hints stop at the next section")
    void lastStepStopsAtTheNextSection() {
        assertThat(Readme.hints(README, "step-2")).extracting(h -> h[1]).containsExactly("Step two's hint.");
    }

    @Test
    @DisplayName("a step without an anchor has no hints")
    void noAnchor() {
        assertThat(Readme.hints(README, "step-9")).isEmpty();
    }
}
