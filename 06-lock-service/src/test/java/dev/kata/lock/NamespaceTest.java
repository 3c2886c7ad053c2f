// Generated from solutions/06-lock-service/src/test/java/dev/kata/lock/NamespaceTest.java by ./kata sync: maintainers edit there.
// Given code: the exercise uses it as it is.
// kata:fingerprint a8e4dc3c4f4c
package dev.kata.lock;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The namespace (given code): files and directories, whole-file contents, metadata, conditional writes. */
@Tag("step-1")
@DisplayName("The namespace (given): files, directories, metadata")
class NamespaceTest {

    @Test
    @DisplayName("a file is read and written whole; each write raises its content generation")
    void wholeFile() {
        CellDriver cell = new CellDriver();
        cell.open("a");
        long handle = cell.openFile("a", "/ls/cell/config");
        cell.call("a", new LockOp.SetContents(handle, "v1", -1));
        cell.call("a", new LockOp.SetContents(handle, "v2", -1));
        LockReply.Contents read = (LockReply.Contents) cell.call("a", new LockOp.GetContents(handle));
        assertThat(read.contents()).isEqualTo("v2");
        assertThat(read.metadata().contentGeneration()).isEqualTo(2);
    }

    @Test
    @DisplayName("SetContents conditioned on the content generation: the stale writer is refused")
    void conditionalWrite() {
        CellDriver cell = new CellDriver();
        cell.open("a");
        cell.open("b");
        long a = cell.openFile("a", "/ls/cell/config");
        long b = cell.openFile("b", "/ls/cell/config");
        assertThat(cell.call("a", new LockOp.SetContents(a, "a's", 0))).isInstanceOf(LockReply.Done.class);
        LockReply refused = cell.call("b", new LockOp.SetContents(b, "b's", 0));
        assertThat(refused).isInstanceOfSatisfying(LockReply.Refused.class,
                r -> assertThat(r.code()).isEqualTo(ErrorCode.GENERATION_MISMATCH));
        assertThat(((LockReply.Contents) cell.call("b", new LockOp.GetContents(b))).contents()).isEqualTo("a's");
    }

    @Test
    @DisplayName("a node deleted and created again is a new instance")
    void instances() {
        CellDriver cell = new CellDriver();
        cell.open("a");
        LockReply.Opened first = (LockReply.Opened) cell.call("a", new LockOp.Open("/ls/cell/x", true, false, false));
        cell.call("a", new LockOp.Delete(first.handle()));
        LockReply.Opened second = (LockReply.Opened) cell.call("a", new LockOp.Open("/ls/cell/x", true, false, false));
        assertThat(second.metadata().instance()).isGreaterThan(first.metadata().instance());
    }

    @Test
    @DisplayName("opening a missing node without create, or creating under a missing directory, is refused")
    void missing() {
        CellDriver cell = new CellDriver();
        cell.open("a");
        assertThat(cell.call("a", new LockOp.Open("/ls/cell/none", false, false, false)))
                .isInstanceOfSatisfying(LockReply.Refused.class, r -> assertThat(r.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThat(cell.call("a", new LockOp.Open("/ls/cell/no-dir/x", true, false, false)))
                .isInstanceOfSatisfying(LockReply.Refused.class, r -> assertThat(r.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }
}
