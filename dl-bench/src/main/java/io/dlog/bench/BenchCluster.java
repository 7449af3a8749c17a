package io.dlog.bench;

import io.dlog.core.local.LocalCluster;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared LocalCluster (3 bookies) and the systems under test connected to it. Every bookie keeps a journal
 * and an entry log of everything written (6 bytes on disk per payload byte at E3/W3), and BookKeeper keeps old
 * journals, so the runner {@linkplain #recycle() recycles} the cluster (close deletes its temporary data
 * directory, then a fresh one starts) once a disk budget has been written. Not thread-safe.
 */
final class BenchCluster implements AutoCloseable {

    /** Payload bytes written before the cluster is recycled: 2 GiB of payload is about 12 GiB on the disk. */
    static final long PAYLOAD_BUDGET_BYTES = 2L << 30;
    private static final Logger LOG = LoggerFactory.getLogger(BenchCluster.class);

    private final List<String> names;
    private final boolean fsync;
    private final SystemSettings settings;
    private LocalCluster cluster;
    private List<BenchSystem> systems = List.of();
    private long written;
    private int recycles;

    private BenchCluster(List<String> names, boolean fsync, SystemSettings settings) {
        this.names = names;
        this.fsync = fsync;
        this.settings = settings;
    }

    static BenchCluster start(List<String> names, boolean fsync, SystemSettings settings) throws Exception {
        BenchCluster c = new BenchCluster(names, fsync, settings);
        c.open();
        return c;
    }

    private void open() throws Exception {
        cluster = LocalCluster.builder().bookies(3).fsync(fsync).start();
        List<BenchSystem> started = new ArrayList<>();
        try {
            for (String name : names) {
                started.add(BenchMain.startSystem(name, cluster, settings));
            }
        } catch (Exception | Error e) {
            closeAll(started);
            cluster.close();
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
        if (force || written >= PAYLOAD_BUDGET_BYTES) {
            recycle();
        }
    }

    /** Closes the systems and the cluster (deleting its data) and starts fresh ones. */
    void recycle() throws Exception {
        LOG.info("dl-bench recycling the cluster after {} MiB of payload", written >> 20);
        closeAll(systems);
        cluster.close();
        recycles++;
        open();
    }

    int recycles() {
        return recycles;
    }

    @Override
    public void close() {
        closeAll(systems);
        systems = List.of();
        if (cluster != null) {
            cluster.close();
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
