package dev.kata.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Bad arguments get one line that says what is wrong and what is allowed (against this repository's 01-wal). */
@DisplayName("Bad arguments get one line that says what is allowed")
class ArgumentsTest {

    static int kata(String... args) {
        return Kata.run(new ArrayList<>(List.of(args)));
    }

    /** 01's steps as the error names them ("1 to 7"), from its README, so that a new step changes nothing here. */
    static String steps01() {
        List<Integer> steps = Module.find("01").steps();
        return steps.get(0) + " to " + steps.get(steps.size() - 1);
    }

    @Test
    @DisplayName("--step x and --step 99 name the module's steps")
    void steps() {
        assertThatThrownBy(() -> kata("test", "01", "--step", "x"))
                .isInstanceOf(KataError.class).hasMessage("01-wal has no step 'x'; its steps are " + steps01());
        assertThatThrownBy(() -> kata("test", "01", "--step", "99"))
                .isInstanceOf(KataError.class).hasMessage("01-wal has no step '99'; its steps are " + steps01());
        assertThat(steps01()).startsWith("1 to ");
        assertThat(Module.find("01").checkStep("3")).isEqualTo(3);
    }

    @Test
    @DisplayName("--seed takes any whole number, --seeds one or more")
    void seeds() {
        assertThatThrownBy(() -> kata("test", "01", "--seed", "notanumber"))
                .isInstanceOf(KataError.class).hasMessage("--seed takes a whole number; not 'notanumber'");
        assertThatThrownBy(() -> kata("test", "01", "--seeds", "-5"))
                .isInstanceOf(KataError.class).hasMessage("--seeds takes how many seeds to run, 1 or more; not -5");
        List<String> maven = new ArrayList<>();
        assertThat(Learner.selectionOption("--seed", "-3", maven)).isTrue();
        assertThat(Learner.selectionOption("--seeds", "500", maven)).isTrue();
        assertThat(maven).containsExactly("-Dkata.seed=-3", "-Dkata.seeds=500");
    }

    @Test
    @DisplayName("an option without its value, an unknown option, a missing or unknown module")
    void options() {
        assertThatThrownBy(() -> kata("test", "01", "--step"))
                .isInstanceOf(KataError.class).hasMessage("--step needs a value");
        assertThatThrownBy(() -> kata("test", "01", "--fast"))
                .isInstanceOf(KataError.class).hasMessageStartingWith("unknown option --fast for test");
        assertThatThrownBy(() -> kata("test"))
                .isInstanceOf(KataError.class).hasMessage("which module? for example: ./kata test 01");
        assertThatThrownBy(() -> kata("test", "42"))
                .isInstanceOf(KataError.class).hasMessageStartingWith("no module '42'; the modules are 01-wal, ");
        assertThatThrownBy(() -> kata("test", "runtime", "--step", "1"))
                .isInstanceOf(KataError.class).hasMessageStartingWith("the runtime takes --test, --seed and --seeds, not --step");
    }

    @Test
    @DisplayName("a reference-only module (solutions/raft-log) is no kata: test takes it with --test and seeds only")
    void referenceOnly() {
        assertThat(Module.isReferenceOnly("raft-log")).isTrue();
        assertThat(Module.isReferenceOnly("05-replicated-log")).as("a kata").isFalse();
        assertThat(Module.all()).as("the katas sync, check and status go through")
                .extracting(Module::name).doesNotContain("raft-log");
        assertThatThrownBy(() -> kata("test", "raft-log", "--step", "1")).isInstanceOf(KataError.class)
                .hasMessageStartingWith("solutions/raft-log takes --test, --seed and --seeds, not --step");
        assertThat(Learner.testClasses(Kata.ROOT.resolve("solutions/raft-log"))).contains("RaftLogContractTest");
    }

    @Test
    @DisplayName("hint 01 42 names the steps, hint 01 1 99 the hints")
    void hints() {
        assertThatThrownBy(() -> kata("hint", "01", "42"))
                .isInstanceOf(KataError.class).hasMessage("01-wal has no step '42'; its steps are " + steps01());
        assertThatThrownBy(() -> kata("hint", "01", "1", "99"))
                .isInstanceOf(KataError.class).hasMessageMatching("step 1 has hints 1 to \\d+");
        assertThatThrownBy(() -> kata("hint", "01"))
                .isInstanceOf(KataError.class).hasMessageStartingWith("usage: ./kata hint NN STEP [K]");
    }

    @Test
    @DisplayName("watch takes a module and nothing more; status and bench loop their own options")
    void watchAndBench() {
        assertThatThrownBy(() -> kata("watch"))
                .isInstanceOf(KataError.class).hasMessage("which module? for example: ./kata watch 01");
        assertThatThrownBy(() -> kata("watch", "01", "--step", "2"))
                .isInstanceOf(KataError.class).hasMessageStartingWith("watch takes a module and nothing more");
        assertThatThrownBy(() -> kata("bench", "loop", "--fast"))
                .isInstanceOf(KataError.class).hasMessage("bench loop takes [NN] [--runs K] [--step N]; not --fast");
        assertThatThrownBy(() -> kata("status", "--fast"))
                .isInstanceOf(KataError.class).hasMessage("status takes --own, --maven and --line, not --fast");
        assertThatThrownBy(() -> kata("bench", "loop", "--runs", "0"))
                .isInstanceOf(KataError.class).hasMessage("--runs takes how many rounds to time, 1 or more");
    }

    @Test
    @DisplayName("an unknown command lists the commands")
    void unknownCommand() {
        assertThatThrownBy(() -> kata("tset"))
                .isInstanceOf(KataError.class).hasMessageStartingWith("unknown command 'tset'").hasMessageContaining("Usage: ./kata");
    }
    @Test
    @DisplayName("track, catchup and quiz: an unknown track, module or step, a question out of range, each in one line")
    void trackCatchupQuiz() {
        assertThatThrownBy(() -> kata("track", "short"))
                .isInstanceOf(KataError.class).hasMessageStartingWith("no track 'short'; the tracks are workshop");
        assertThatThrownBy(() -> kata("track", "workshop", "42"))
                .isInstanceOf(KataError.class).hasMessageStartingWith("no module '42'; the modules are 01-wal, ");
        assertThatThrownBy(() -> kata("track", "full", "01", "02"))
                .isInstanceOf(KataError.class).hasMessageStartingWith("track takes workshop or full, and a module");
        assertThatThrownBy(() -> kata("catchup"))
                .isInstanceOf(KataError.class).hasMessageStartingWith("usage: ./kata catchup NN STEP");
        assertThatThrownBy(() -> kata("catchup", "01"))
                .isInstanceOf(KataError.class).hasMessageStartingWith("usage: ./kata catchup NN STEP");
        assertThatThrownBy(() -> kata("catchup", "42", "1"))
                .isInstanceOf(KataError.class).hasMessageStartingWith("no module '42'");
        assertThatThrownBy(() -> kata("catchup", "01", "99"))
                .isInstanceOf(KataError.class).hasMessage("01-wal has no step '99'; its steps are " + steps01());
        assertThatThrownBy(() -> kata("catchup", "--undo", "a", "b"))
                .isInstanceOf(KataError.class).hasMessageStartingWith("--undo takes one saved copy's id");
        assertThatThrownBy(() -> kata("quiz"))
                .isInstanceOf(KataError.class).hasMessageStartingWith("usage: ./kata quiz NN");
        assertThatThrownBy(() -> kata("quiz", "42"))
                .isInstanceOf(KataError.class).hasMessageStartingWith("no module '42'");
        assertThatThrownBy(() -> kata("quiz", "01", "--question", "99"))
                .isInstanceOf(KataError.class).hasMessageMatching("01-wal has questions 1 to \\d+; not 99");
        assertThatThrownBy(() -> kata("quiz", "01", "--question", "x"))
                .isInstanceOf(KataError.class).hasMessage("--question takes a whole number; not 'x'");
        assertThatThrownBy(() -> kata("quiz", "01", "--all"))
                .isInstanceOf(KataError.class).hasMessage("quiz takes a module, --question K and --answers; not --all");
    }
}
