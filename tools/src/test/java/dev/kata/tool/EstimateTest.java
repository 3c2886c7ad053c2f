package dev.kata.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The schedule's estimate: minutes per step from the size of its code and tests")
class EstimateTest {

    @Test
    @DisplayName("the model: 1 + 0.45 per line of reference code + 0.11 per line of test, rounded up to 5 minutes")
    void model() {
        assertThat(new Estimate.Step(7, 18, 158).minutes()).isEqualTo(30); // 27.5
        assertThat(new Estimate.Step(1, 0, 0).minutes()).isEqualTo(5);
        assertThat(new Estimate.Step(1, 20, 0).minutes()).isEqualTo(10); // exactly 10
        assertThat(Estimate.duration(50)).isEqualTo("50 min");
        assertThat(Estimate.duration(120)).isEqualTo("2 h");
        assertThat(Estimate.duration(205)).isEqualTo("3 h 25");
    }

    @Test
    @DisplayName("every step with a learner region is measured, with its code and its tests")
    void everyStepMeasured() {
        for (Module module : Module.all()) {
            List<Estimate.Step> steps = Estimate.steps(module);
            assertThat(steps).extracting(Estimate.Step::step).as(module.name()).containsAll(Fill.regionSteps(module));
            for (Estimate.Step s : steps) {
                if (Fill.regionSteps(module).contains(s.step())) {
                    assertThat(s.codeLines()).as(module.name() + " step " + s.step()).isPositive();
                    assertThat(s.testLines()).as(module.name() + " step " + s.step() + " has tests").isPositive();
                }
            }
        }
    }

    @Test
    @DisplayName("each module's core steps fit one sitting: an hour at most by the estimate (the schedule gives each its slot)")
    void coreFitsTheSlot() {
        for (Module module : Module.all()) {
            List<Integer> core = Workshop.of(module).core();
            int minutes = Estimate.steps(module).stream().filter(s -> core.contains(s.step())).mapToInt(Estimate.Step::minutes).sum();
            assertThat(minutes).as(module.name() + "'s core steps " + core).isLessThanOrEqualTo(60);
        }
    }

    @Test
    @DisplayName("estimate takes at most a module")
    void arguments() {
        assertThatThrownBy(() -> Kata.run(new ArrayList<>(List.of("estimate", "01", "02"))))
                .isInstanceOf(KataError.class).hasMessage("estimate takes at most a module, for example ./kata estimate 04; not 02");
        assertThatThrownBy(() -> Kata.run(new ArrayList<>(List.of("estimate", "42"))))
                .isInstanceOf(KataError.class).hasMessageStartingWith("no module '42'");
    }
}
