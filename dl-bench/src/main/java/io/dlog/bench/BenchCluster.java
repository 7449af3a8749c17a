package io.dlog.bench;

import io.dlog.core.local.BookieStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared cluster (3 bookies and ZooKeeper, in a child JVM by default) and the systems under test connected
 * to it. Every bookie keeps a journal
 * and an entry log of everything written (6 bytes on disk per payload byte at E3/W3), and BookKeeper keeps old
 * journals, so the runner {@linkplain #recycle() recycles} the cluster (close deletes its temporary data
 * directory, then a fresh one starts) once a disk budget has been written. With in-memory storage, the data
 * directory is on a tmpfs ({@code /dev/shm}): the budget is then RAM, and halved. Not thread-safe.
 */
final class BenchCluster implements AutoCloseable {

    /** Payload bytes written before the cluster is recycled: 2 GiB of payload is about 12 GiB on the disk. */
    static final long PAYLOAD_BUDGET_BYTES = 2L << 30;
    private static final Logger LOG = LoggerFactory.getLogger(BenchCluster.class);

    private final List<String> names;
    /** The tmpfs that in-memory storage uses. */
    private static final Path MEMORY_ROOT = Path.of("/dev/shm");

    private final boolean fsync;
    private final boolean inMemory;
    private final SystemSettings settings;
    private final boolean childJvm;
    private final BookieStorage storage;
    private ClusterBackend cluster;
    private Path memoryDir;
    private List<BenchSystem> systems = List.of();
    private long written;
    private int recycles;

    private BenchCluster(List<String> names, boolean fsync, boolean inMemory, boolean childJvm,
            BookieStorage storage, SystemSettings settings) {
        this.names = names;
        this.childJvm = childJvm;
        this.storage = storage;
        this.fsync = fsync;
        this.inMemory = inMemory;
        this.settings = settings;
    }

    static BenchCluster start(List<String> names, boolean fsync, boolean inMemory, boolean childJvm,
            BookieStorage storage, SystemSettings settings) throws Exception {
        BenchCluster c = new BenchCluster(names, fsync, inMemory, childJvm, storage, settings);
        c.open();
        return c;
    }

    private void open() throws Exception {
        if (inMemory) {
            if (!Files.isDirectory(MEMORY_ROOT)) {
                throw new IllegalStateException("--storage memory needs a tmpfs at " + MEMORY_ROOT);
            }
            MemoryDirs.deleteOrphans(MEMORY_ROOT);
            memoryDir = MemoryDirs.create(MEMORY_ROOT);
        }
        cluster = childJvm ? ChildJvmCluster.start(fsync, memoryDir, storage, BenchMain.classpath())
                : InJvmCluster.start(fsync, memoryDir, storage);
        List<BenchSystem> started = new ArrayList<>();
        try {
            for (String name : names) {
                started.add(BenchMain.startSystem(name, cluster.endpoints(), settings));
            }
        } catch (Exception | Error e) {
            closeAll(started);
            closeCluster();
            throw e;
        }
        systems = List.copyOf(started);
        written = 0;
    }

    /** The systems, in the configured order; replaced by {@link #recycle()}. */
    List<BenchSystem> systems() {
        return systems;
    }

    /** Counts payload bytes written, toward the disk budget. */
    void wrote(long payloadBytes) {
        written += Math.max(0, payloadBytes);
    }

    /** Recycles the cluster if the budget is used up, or if {@code force}. */
    void recycleIfNeeded(boolean force) throws Exception {
        if (force || written >= (inMemory ? PAYLOAD_BUDGET_BYTES / 2 : PAYLOAD_BUDGET_BYTES)) {
            recycle();
        }
    }

    /** Closes the systems and the cluster (deleting its data) and starts fresh ones. */
    void recycle() throws Exception {
        LOG.info("dl-bench recycling the cluster after {} MiB of payload", written >> 20);
        closeAll(systems);
        closeCluster();
        recycles++;
        open();
    }

    /** Where the bookies run, for the report. */
    String describe() {
        return cluster.describe();
    }

    int recycles() {
        return recycles;
    }

    @Override
    public void close() {
        closeAll(systems);
        systems = List.of();
        if (cluster != null) {
            closeCluster();
        }
    }

    /** Closes the cluster; a temporary directory is deleted by the cluster, an in-memory one here. */
    private void closeCluster() {
        cluster.close();
        if (memoryDir != null) {
            MemoryDirs.delete(memoryDir);
            memoryDir = null;
        }
    }

    private static void closeAll(List<BenchSystem> list) {
        for (BenchSystem s : list) {
            try {
                s.close();
            } catch (Exception e) {
                LOG.warn("dl-bench closing {} failed", s.name(), e);
            }
        }
    }
}
