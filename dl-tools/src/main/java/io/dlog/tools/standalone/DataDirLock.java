package io.dlog.tools.standalone;

import io.dlog.protocol.DLException;
import io.dlog.protocol.StatusCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive OS lock on {@code <dataDir>/standalone.lock}, taken before a standalone writes anything into its
 * data directory, so a second standalone on the same directory fails before it can touch the first one's files
 * ({@code cluster.properties}, journals). The file holds the owner's pid for the error message; the lock (not the
 * file) is what counts, so a crashed standalone leaves nothing to clean up. Released by {@link #close()}.
 */
final class DataDirLock implements AutoCloseable {
    static final String FILE = "standalone.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates the directory if needed and locks it.
     *
     * @param dataDir the data directory
     * @return the lock; the caller closes it after everything using the directory stopped
     * @throws DLException INVALID_ARGUMENT when the directory cannot be created or written (with the reason),
     *     LOCKING_EXCEPTION when another process (or this one) holds the lock
     */
    static DataDirLock acquire(Path dataDir) throws DLException {
        Path file = dataDir.resolve(FILE);
        FileChannel ch;
        try {
            if (Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
                throw unusable(dataDir, "it exists and is not a directory");
            }
            Files.createDirectories(dataDir);
            if (!Files.isWritable(dataDir)) {
                throw unusable(dataDir, "it is not writable");
            }
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (DLException e) {
            throw e;
        } catch (AccessDeniedException e) {
            throw unusable(dataDir, "permission denied on " + e.getFile());
        } catch (FileSystemException e) {
            throw unusable(dataDir, (e.getReason() != null ? e.getReason() : e.toString()) + " (" + e.getFile() + ")");
        } catch (IOException e) {
            throw unusable(dataDir, e.toString());
        }
        try {
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                String owner = readOwner(file);
                ch.close();
                throw new DLException(StatusCode.LOCKING_EXCEPTION, "data directory " + dataDir + " is in use by "
                        + "another dlog standalone" + (owner.isEmpty() ? "" : " (" + owner + ")")
                        + "; stop it, or pass another --data-dir");
            }
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)));
            ch.force(false);
            return new DataDirLock(ch, lock);
        } catch (DLException e) {
            throw e;
        } catch (IOException e) {
            closeQuietly(ch);
            throw unusable(dataDir, "cannot lock " + file + ": " + e);
        }
    }

    private static DLException unusable(Path dataDir, String why) {
        return new DLException(StatusCode.INVALID_ARGUMENT, "cannot use data directory " + dataDir + ": " + why);
    }

    private static String readOwner(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "";
        }
    }

    private static void closeQuietly(FileChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // nothing more to release
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
    }
}
