package io.dlog.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemoryDirsTest {

    @TempDir
    Path root;

    /** A pid that ran and has exited: a process started and waited for. */
    private static long exitedPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return p.pid();
    }

    @Test
    void orphansOfExitedRunsShouldBeDeletedAndLiveRunsAndOtherFilesKept() throws Exception {
        Path orphan = Files.createDirectories(root.resolve("dl-bench-" + exitedPid() + "-123/bookie-0/journal"))
                .getParent().getParent();
        Files.writeString(orphan.resolve("bookie-0/journal/1.txn"), "entries");
        Path mine = MemoryDirs.create(root);
        Path unrelated = Files.createDirectories(root.resolve("dl-bench-cluster-7"));
        Path otherFile = Files.writeString(root.resolve("dl-bench-notes"), "kept");

        assertThat(MemoryDirs.deleteOrphans(root)).isEqualTo(1);

        assertThat(orphan).doesNotExist();
        assertThat(mine).as("this process runs").isDirectory();
        assertThat(mine.getFileName().toString()).startsWith("dl-bench-" + ProcessHandle.current().pid() + "-");
        assertThat(unrelated).as("not named after a process").isDirectory();
        assertThat(otherFile).exists();
    }

    @Test
    void deleteShouldRemoveEverythingAndAcceptAMissingDirectory() throws Exception {
        Path dir = Files.createDirectories(root.resolve("d/a/b"));
        Files.writeString(dir.resolve("f"), "x");
        MemoryDirs.delete(root.resolve("d"));
        assertThat(root.resolve("d")).doesNotExist();
        MemoryDirs.delete(root.resolve("d"));
    }
}
