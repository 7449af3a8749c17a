package io.dlog.bench;

import io.dlog.core.local.BookieStorage;
import io.dlog.core.local.LocalCluster;
import java.io.IOException;
import java.nio.file.Path;

/** The cluster inside the benchmark's own JVM (its CPU time then counts in the client's). */
final class InJvmCluster implements ClusterBackend {
    private final LocalCluster cluster;

    private InJvmCluster(LocalCluster cluster) {
        this.cluster = cluster;
    }

    /**
     * Starts three bookies and ZooKeeper.
     *
     * @param dataDir where they keep their data, or null for a temporary directory the cluster deletes
     * @param storage how the bookies store entries and their index
     */
    static InJvmCluster start(boolean fsync, Path dataDir, BookieStorage storage) throws IOException {
        LocalCluster.Builder builder = LocalCluster.builder().bookies(3).fsync(fsync).storage(storage);
        if (dataDir != null) {
            builder.dataDir(dataDir);
        }
        return new InJvmCluster(builder.start());
    }

    @Override
    public ClusterEndpoints endpoints() {
        return ClusterEndpoints.of(cluster);
    }

    @Override
    public String describe() {
        return "in-jvm";
    }

    @Override
    public void close() {
        cluster.close();
    }
}
