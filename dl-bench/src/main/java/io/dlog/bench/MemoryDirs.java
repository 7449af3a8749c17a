package io.dlog.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bench's data directories on a tmpfs. Each is named after the process that made it, so that a later run can
 * delete those of runs that died without cleaning up: a killed run's bookies left gigabytes of RAM behind in
 * {@code /dev/shm} (23 GiB once), and the next in-memory run then ran out of memory. A run also deletes its own on
 * exit, when it is stopped rather than killed. Thread-safe.
 */
final class MemoryDirs {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryDirs.class);
    private static final String PREFIX = "dl-bench-";
    private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-.*");

    private MemoryDirs() {
    }

    /**
     * Creates a directory under {@code root} owned by this process, deleted when the JVM exits (if not before).
     *
     * @param root the tmpfs
     * @return the new directory
     * @throws IOException if it cannot be created
     */
    static Path create(Path root) throws IOException {
        Path dir = Files.createTempDirectory(root, PREFIX + ProcessHandle.current().pid() + "-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                delete(dir);
            } catch (UncheckedIOException e) {
                // exiting: nothing else to do about it
            }
        }, "dl-bench-memory-dir-cleanup"));
        return dir;
    }

    /**
     * Deletes the directories under {@code root} made by processes that no longer run.
     *
     * @param root the tmpfs
     * @return how many were deleted
     */
    static int deleteOrphans(Path root) {
        int deleted = 0;
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, PREFIX + "*")) {
            for (Path dir : dirs) {
                Matcher m = NAME.matcher(dir.getFileName().toString());
                if (m.matches() && Files.isDirectory(dir) && !isRunning(Long.parseLong(m.group(1)))) {
                    LOG.info("dl-bench deleting {}, left by a run that no longer runs", dir);
                    delete(dir);
                    deleted++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("list " + root, e);
        }
        return deleted;
    }

    private static boolean isRunning(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Deletes a directory and all it holds; a missing one is not an error. */
    static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("delete " + dir, e);
        }
    }
}
