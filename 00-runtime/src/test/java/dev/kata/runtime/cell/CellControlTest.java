package dev.kata.runtime.cell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kata.runtime.node.NodeId;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A cell node's control channel")
class CellControlTest {

    private static final NodeId N1 = NodeId.of("n1");
    private static final NodeId N2 = NodeId.of("n2");
    private static final NodeId C1 = NodeId.of("c1");

    private final CellControl control = new CellControl(N1);

    @Test
    @DisplayName("cut refuses the peers it names, cut * everyone but the node itself, heal ends every cut")
    void cutsAndHeals() {
        assertThat(control.test(N2)).isFalse();
        assertThat(control.apply("cut n2")).isEqualTo("control ok: cut n2 (cut off from [n2])");
        assertThat(control.test(N2)).isTrue();
        assertThat(control.test(C1)).isFalse();
        assertThat(control.apply("7 cut *")).isEqualTo("control 7 ok: cut * (cut off from everyone)");
        assertThat(control.test(C1)).isTrue();
        assertThat(control.test(N1)).as("a node is never cut off from itself").isFalse();
        assertThat(control.apply("8 heal")).isEqualTo("control 8 ok: heal (cut off from no one)");
        assertThat(control.test(N2)).isFalse();
        assertThat(control.test(C1)).isFalse();
    }

    @Test
    @DisplayName("a command it does not know is refused, with the commands it knows, and changes nothing")
    void unknownCommand() {
        assertThat(control.apply("3 isolate n2")).startsWith("control 3 refused: isolate n2: unknown command 'isolate'")
                .contains("cut PEER..., cut *, heal");
        assertThat(control.apply("cut")).contains("refused").contains("cut needs the peers");
        assertThat(control.test(N2)).isFalse();
    }

    @Test
    @DisplayName("it answers each line of its input with one line, until the input ends")
    void servesItsInput() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        control.serve(new BufferedReader(new StringReader("1 cut n2\n\n2 heal\n")),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(bytes.toString(StandardCharsets.UTF_8).lines())
                .containsExactly("control 1 ok: cut n2 (cut off from [n2])", "control 2 ok: heal (cut off from no one)");
    }
}
