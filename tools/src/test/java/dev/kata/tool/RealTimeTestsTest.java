package dev.kata.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A learner's loop leaves out the tests on real sockets and processes, unless one is asked for by name. */
@DisplayName("./kata leaves the real-time tests out of a learner's loop")
class RealTimeTestsTest {

    @Test
    @DisplayName("Maven's run excludes the real-time tag by default")
    void excludedByDefault() {
        assertThat(Learner.testArgs(List.of("03-generation-clock"), false, false, List.of("-Dgroups=step-5")))
                .contains("-DexcludedGroups=real-time", "-Dgroups=step-5");
    }

    @Test
    @DisplayName("a run that says what to exclude (a test asked for by name: nothing) keeps its own choice")
    void ownChoiceKept() {
        assertThat(Learner.testArgs(List.of("03-generation-clock"), false, false,
                List.of("-Dtest=LeaderOnCellTest", "-DexcludedGroups=")))
                .contains("-DexcludedGroups=").doesNotContain("-DexcludedGroups=real-time");
    }
}
