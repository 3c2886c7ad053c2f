package dev.kata.lock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Bad input: each a clear error, with a code a client can act on and a message that says what to do,
 * and nothing changed (the namespace, the locks and the handles are as before).
 */
@Tag("step-1")
@DisplayName("Bad input: a clear error, nothing changed")
class BadInputTest {

    private static void assertRefused(LockReply reply, ErrorCode code, String says) {
        assertThat(reply).isInstanceOfSatisfying(LockReply.Refused.class, refused -> {
            assertThat(refused.code()).isEqualTo(code);
            assertThat(refused.message()).contains(says);
        });
    }

    @Test
    @DisplayName("a path that is not absolute (or not in this cell, or with an empty part) is refused")
    void relativePath() {
        CellDriver cell = new CellDriver();
        cell.open("a");
        List<String> before = cell.cell.namespace().paths();
        for (String path : List.of("leader", "ls/cell/leader", "/tmp/leader", "/ls/cell//leader", "/ls/cell/a/../b")) {
            assertRefused(cell.call("a", new LockOp.Open(path, true, false, false)), ErrorCode.BAD_PATH, path);
        }
        assertThat(cell.cell.namespace().paths()).isEqualTo(before);
    }

    @Test
    @DisplayName("a directory with children is not deleted")
    void directoryWithChildren() {
        CellDriver cell = new CellDriver();
        cell.open("a");
        LockReply dir = cell.call("a", new LockOp.Open("/ls/cell/service", true, true, false));
        cell.openFile("a", "/ls/cell/service/leader");
        List<String> before = cell.cell.namespace().paths();
        assertRefused(cell.call("a", new LockOp.Delete(((LockReply.Opened) dir).handle())), ErrorCode.NOT_EMPTY,
                "/ls/cell/service/leader");
        assertThat(cell.cell.namespace().paths()).isEqualTo(before);
    }

    @Test
    @DisplayName("a handle used after Close is refused")
    void handleAfterClose() {
        CellDriver cell = new CellDriver();
        cell.open("a");
        long handle = cell.openFile("a", "/ls/cell/leader");
        cell.call("a", new LockOp.Close(handle));
        assertRefused(cell.call("a", new LockOp.SetContents(handle, "x", -1)), ErrorCode.HANDLE_CLOSED, "open the node again");
        assertRefused(cell.call("a", CellDriver.exclusive(handle)), ErrorCode.HANDLE_CLOSED, "closed");
        assertThat(cell.cell.holders("/ls/cell/leader")).isEmpty();
    }

    @Test
    @DisplayName("a handle to a node deleted and created again (a new instance) is refused")
    void handleToAnOldInstance() {
        CellDriver cell = new CellDriver();
        cell.open("a");
        long old = cell.openFile("a", "/ls/cell/leader");
        long deleting = cell.openFile("a", "/ls/cell/leader");
        cell.call("a", new LockOp.Delete(deleting));
        cell.openFile("a", "/ls/cell/leader");
        assertRefused(cell.call("a", new LockOp.GetContents(old)), ErrorCode.HANDLE_STALE, "deleted");
    }

    @Test
    @DisplayName("an oversized file is refused: the contents stay as they were")
    void oversizedFile() {
        CellDriver cell = new CellDriver(LockCluster.CONFIG.withMaxContentBytes(16));
        cell.open("a");
        long handle = cell.openFile("a", "/ls/cell/config");
        cell.call("a", new LockOp.SetContents(handle, "small", -1));
        assertRefused(cell.call("a", new LockOp.SetContents(handle, "x".repeat(17), -1)), ErrorCode.TOO_LARGE, "at most 16 bytes");
        LockReply read = cell.call("a", new LockOp.GetContents(handle));
        assertThat(read).isInstanceOfSatisfying(LockReply.Contents.class, contents -> {
            assertThat(contents.contents()).isEqualTo("small");
            assertThat(contents.metadata().contentGeneration()).isEqualTo(1);
        });
    }
}
