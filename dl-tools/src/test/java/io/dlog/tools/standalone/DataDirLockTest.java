package io.dlog.tools.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dlog.protocol.DLException;
import io.dlog.protocol.StatusCode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data directory lock: one standalone per directory, and a reason when the directory is unusable. */
class DataDirLockTest {
    @TempDir
    Path dir;

    @Test
    void secondLockShouldFailLockingWhileTheFirstIsHeldAndSucceedAfter() throws Exception {
        Path data = dir.resolve("data");
        try (DataDirLock first = DataDirLock.acquire(data)) {
            assertThat(Files.readString(data.resolve(DataDirLock.FILE))).startsWith("pid ");
            assertThatThrownBy(() -> DataDirLock.acquire(data)).isInstanceOfSatisfying(DLException.class, e -> {
                assertThat(e.code()).isEqualTo(StatusCode.LOCKING_EXCEPTION);
                assertThat(e.getMessage()).contains("is in use by another dlog standalone (pid "
                        + ProcessHandle.current().pid() + ")");
            });
        }
        DataDirLock.acquire(data).close();
    }

    @Test
    void fileInsteadOfDirectoryShouldFailWithTheReason() throws Exception {
        Path file = Files.writeString(dir.resolve("f"), "x");
        assertThatThrownBy(() -> DataDirLock.acquire(file)).isInstanceOfSatisfying(DLException.class, e -> {
            assertThat(e.code()).isEqualTo(StatusCode.INVALID_ARGUMENT);
            assertThat(e.getMessage()).endsWith("it exists and is not a directory");
        });
    }
}
