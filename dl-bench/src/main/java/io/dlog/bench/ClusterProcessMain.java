package io.dlog.bench;

import io.dlog.core.local.BookieStorage;
import io.dlog.core.local.LocalCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The child JVM of {@link ChildJvmCluster}: starts three bookies and ZooKeeper, writes their endpoints to the
 * ready file, and runs until its standard input closes (the parent closes it, or dies), then stops the cluster.
 *
 * <p>Arguments: {@code <ready-file> <fsync true|false> <SORTED|DB> [<data-dir>]}.
 */
public final class ClusterProcessMain {

    private ClusterProcessMain() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: ClusterProcessMain <ready-file> <fsync> <SORTED|DB> [<data-dir>]");
            System.exit(2);
        }
        Path ready = Path.of(args[0]);
        LocalCluster.Builder builder = LocalCluster.builder().bookies(3).fsync(Boolean.parseBoolean(args[1]))
                .storage(BookieStorage.valueOf(args[2]));
        if (args.length > 3) {
            builder.dataDir(Path.of(args[3]));
        }
        LocalCluster cluster = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "dl-bench-cluster-stop"));
        // Written whole, then moved into place: the parent never reads half a file.
        Path tmp = ready.resolveSibling(ready.getFileName() + ".tmp");
        Files.writeString(tmp, cluster.zkConnectString() + "\n" + cluster.ledgersRootPath() + "\n",
                StandardCharsets.UTF_8);
        Files.move(tmp, ready, StandardCopyOption.ATOMIC_MOVE);
        while (System.in.read() != -1) {
            // The parent writes nothing; end of input is the signal to stop.
        }
        cluster.close();
        System.exit(0);
    }
}
